"""The estimate as a PDF: one version exactly as the customer was sent it, rendered with Typst.

Everything comes from the version's frozen content (jobs, parts, amounts, VAT, note), so a reprint
shows what was sent even after the draft changed; the footer carries the short content hash, so a
printed estimate names its version. Decisions already given on the version are shown per job.

As in pdf.py the data goes to Typst as JSON only (customer and staff text stay text) and every
word is in the document's language. Lines, amounts and decisions are written as the customer sees
them everywhere (estimates/presentation.py); this module lays them out for print.
"""

import re
from datetime import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fixloop.core.formats import date_text
from fixloop.documents.pdf import brand_colour, compile_pdf, location_line
from fixloop.estimates import presentation
from fixloop.estimates.models import EstimateVersion
from fixloop.shop.models import ShopProfile

TEMPLATE = "estimate.typ"
HASH_SHOWN = 12  # hex digits of the content hash printed in the footer


def estimate_filename(version: EstimateVersion) -> str:
    number = re.sub(r"[^A-Za-z0-9._-]", "_", version.estimate.work_order.number)
    return f"estimate-{number}-v{version.number}.pdf"


def short_hash(version: EstimateVersion) -> str:
    return version.content_hash[:HASH_SHOWN]


def render_estimate_pdf(version: EstimateVersion, language: str) -> bytes:
    """The estimate version as the customer sees it, in `language` ("en" or "de")."""
    return compile_pdf(TEMPLATE, estimate_pdf_data(version, language))


# ----------------------------------------------------------------------------- the data


def _date(value) -> str:
    return date_text(value)


def _moment(value: datetime, zone) -> str:
    return date_text(timezone.localtime(value, zone))


def _jobs(version: EstimateVersion, zone) -> list[dict]:
    return [
        {
            "title": f"{job.position}. {job.description}",
            "rows": [
                [
                    line.part_number,
                    line.description,
                    line.quantity,
                    line.unit_price,
                    line.vat_rate,
                    line.amount,
                ]
                for line in job.lines
            ],
            "total": job.total,
            "decision": presentation.decision_line(job.decided, zone) if job.decided else "",
            "decision_kind": job.decided.decision if job.decided else "",
        }
        for job in presentation.jobs(version, printed=True)
    ]


def _customer_lines(customer) -> list[str]:
    lines = [customer.name]
    if customer.contact_name and customer.contact_name != customer.name:
        lines.append(customer.contact_name)
    return lines + [
        line for line in (customer.address_line, f"{customer.postal_code} {customer.city}".strip()) if line
    ]


def _facts(version: EstimateVersion) -> list[list[str]]:
    estimate = version.estimate
    work_order = estimate.work_order
    facts = [
        (_("Work order"), work_order.number),
        (_("Customer number"), work_order.customer.number),
    ]
    if work_order.unit is not None:
        facts.append((_("Unit"), str(work_order.unit)))
    facts += [
        (_("Estimate version"), str(version.number)),
        (_("Sent on"), _moment(version.submitted_at, work_order.location.zone)),
        (_("Valid until"), _date(estimate.valid_until)),
    ]
    return [[label, value] for label, value in facts]


def _amounts(content: dict) -> dict:
    """The prices line, the VAT table and the totals."""
    currency = content["currency"]
    totals = presentation.totals(content)
    prices = (
        _("Prices in %(currency)s, including VAT.")
        if content["prices_include_vat"]
        else _("Prices in %(currency)s, excluding VAT.")
    ) % {"currency": currency}
    return {
        "prices": prices,
        "vat": [[row.rate, row.net, row.vat, row.gross] for row in totals.by_rate],
        "totals": [
            [_("Total net"), f"{totals.net} {currency}"],
            [_("VAT"), f"{totals.vat} {currency}"],
        ],
        "grand_total": [_("Total including VAT"), f"{totals.gross} {currency}"],
    }


def _labels() -> dict:
    return {
        "note": _("Note"),
        "jobs": _("Work and parts"),
        "part_number": _("Part number"),
        "description": _("Description"),
        "quantity": _("Quantity"),
        "unit_price": _("Unit price"),
        "amount": _("Amount"),
        "vat_rate": _("VAT rate"),
        "job_total": _("Job total"),
        "vat_table": _("VAT by rate"),
        "net": _("Net"),
        "vat": _("VAT"),
        "gross": _("Gross"),
    }


def estimate_pdf_data(version: EstimateVersion, language: str) -> dict:
    """Everything the estimate shows, as plain strings: the JSON handed to Typst."""
    work_order = version.estimate.work_order
    numbers = {"number": work_order.number, "version": version.number}
    shop = ShopProfile.get()
    colour = brand_colour(shop)
    with translation.override(language):
        return {
            "lang": "de" if language == "de" else "en",
            "title": _("Estimate for work order %(number)s, version %(version)d") % numbers,
            "heading": _("Estimate"),
            "subheading": _("Work order %(number)s · version %(version)d") % numbers,
            "shop": {"name": shop.name, "colour": colour},
            "location_line": location_line(work_order.location),
            "customer_label": _("Customer"),
            "customer": _customer_lines(work_order.customer),
            "facts": _facts(version),
            "note": version.content.get("note", ""),
            "jobs": _jobs(version, work_order.location.zone),
            **_amounts(version.content),
            "labels": _labels(),
            "footer": _("%(shop)s · estimate %(number)s, version %(version)d · %(hash)s")
            % {"shop": shop.name, **numbers, "hash": short_hash(version)},
        }
