"""The estimate as a PDF: one version exactly as the customer was sent it, rendered with Typst.

Everything comes from the version's frozen content (jobs, parts, amounts, VAT, note), so a reprint
shows what was sent even after the draft changed; the footer carries the short content hash, so a
printed estimate names its version. Decisions already given on the version are shown per job.

As in pdf.py the data goes to Typst as JSON only (customer and staff text stay text) and every
word is translated here, in the document's language.
"""

import re
from datetime import datetime
from decimal import Decimal

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from fixloop.core.contact import format_phone
from fixloop.documents.pdf import DEFAULT_COLOUR, compile_pdf
from fixloop.estimates import money
from fixloop.estimates.models import Decision, DecisionChannel, DisputeSubject, EstimateVersion, JobDecision
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


# ----------------------------------------------------------------------------- formatting


def _plain(value: Decimal) -> str:
    """A decimal without trailing zeros and never in exponent form: 1.50 → 1.5, 10.00 → 10."""
    return f"{Decimal(value).normalize():f}"


def _number(value, places: int | None = None) -> str:
    """A number in the active language (1,234.5 / 1.234,5); `places` fixes the decimals."""
    value = Decimal(value)
    if places is None:
        text = _plain(value)
        places = len(text.partition(".")[2])
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def amount_text(value) -> str:
    """An amount of money in the active language, without the currency: 1,234.50 / 1.234,50."""
    return _number(value, 2)


def _rate(value) -> str:
    return f"{_number(value)} %"


def _date(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _moment(value: datetime, zone) -> str:
    return formats.date_format(timezone.localtime(value, zone), "SHORT_DATE_FORMAT")


# ----------------------------------------------------------------------------- the data


def _labour_row(job: dict, including: bool) -> list[str]:
    """The job's labour as a line of its table: hours × rate, or one fixed price."""
    amount = amount_text(money.Amounts.from_dict(job["labour"]).shown(including))
    rate = _rate(job["vat_rate"])
    if job["pricing"] == "hourly":
        hourly = money.unit_price_shown(Decimal(job["hourly_rate"] or 0), Decimal(job["vat_rate"]), including)
        hours = _("%(hours)s h") % {"hours": _number(job["hours"] or 0)}
        return ["", _("Labour (hours × rate)"), hours, amount_text(hourly), rate, amount]
    fixed = money.unit_price_shown(Decimal(job["fixed_price"] or 0), Decimal(job["vat_rate"]), including)
    return ["", _("Labour (fixed price)"), "1", amount_text(fixed), rate, amount]


def _decision_text(decision: JobDecision, zone) -> str:
    parts = [str(Decision(decision.decision).label)]
    if decision.decision == Decision.DISPUTED and decision.dispute_subject:
        parts[0] = _("%(decision)s (%(subject)s)") % {
            "decision": parts[0],
            "subject": str(DisputeSubject(decision.dispute_subject).label).lower(),
        }
    if decision.channel == DecisionChannel.CARRIED_OVER:
        parts.append(str(DecisionChannel.CARRIED_OVER.label))
    else:
        parts.append(_moment(decision.decided_at, zone))
        if decision.signed_name:
            parts.append(decision.signed_name)
    return " · ".join(parts)


def _jobs(version: EstimateVersion, content: dict, zone) -> list[dict]:
    including = content["prices_include_vat"]
    decisions = {decision.job_key: decision for decision in version.decisions.all()}
    jobs = []
    for position, job in enumerate(content["jobs"], start=1):
        rows = [_labour_row(job, including)]
        for part in job["parts"]:
            unit_price = money.unit_price_shown(
                Decimal(part["unit_price"]), Decimal(part["vat_rate"]), including
            )
            rows.append(
                [
                    part["part_number"],
                    part["description"],
                    _number(part["quantity"]),
                    amount_text(unit_price),
                    _rate(part["vat_rate"]),
                    amount_text(money.Amounts.from_dict(part["amounts"]).shown(including)),
                ]
            )
        decision = decisions.get(job["key"])
        jobs.append(
            {
                "title": f"{position}. {job['description']}",
                "rows": rows,
                "total": amount_text(money.Amounts.from_dict(job["total"]).shown(including)),
                "decision": _decision_text(decision, zone) if decision else "",
                "decision_kind": decision.decision if decision else "",
            }
        )
    return jobs


def estimate_pdf_data(version: EstimateVersion, language: str) -> dict:
    """Everything the estimate shows, as plain strings: the JSON handed to Typst."""
    estimate = version.estimate
    work_order = estimate.work_order
    customer, location, unit = work_order.customer, work_order.location, work_order.unit
    content = version.content
    currency = content["currency"]
    including = content["prices_include_vat"]
    zone = location.zone
    shop = ShopProfile.get()
    colour = (
        shop.brand_colour if re.fullmatch(r"#[0-9a-fA-F]{6}", shop.brand_colour or "") else DEFAULT_COLOUR
    )
    with translation.override(language):
        customer_lines = [customer.name]
        if customer.contact_name and customer.contact_name != customer.name:
            customer_lines.append(customer.contact_name)
        customer_lines += [
            line
            for line in (customer.address_line, f"{customer.postal_code} {customer.city}".strip())
            if line
        ]
        facts = [
            (_("Work order"), work_order.number),
            (_("Customer number"), customer.number),
        ]
        if unit is not None:
            facts.append((_("Unit"), str(unit)))
        facts += [
            (_("Estimate version"), str(version.number)),
            (_("Sent on"), _moment(version.submitted_at, zone)),
            (_("Valid until"), _date(estimate.valid_until)),
        ]
        location_line = " · ".join(
            part
            for part in (
                location.name,
                f"{location.address_line}, {location.postal_code} {location.city}",
                format_phone(location.phone),
                location.email,
            )
            if part
        )
        total = money.Amounts.from_dict(content["total"])
        vat_rows = [
            [_rate(row["rate"]), amount_text(row["net"]), amount_text(row["vat"]), amount_text(row["gross"])]
            for row in content["vat"]
        ]
        prices = (
            _("Prices in %(currency)s, including VAT.")
            if including
            else _("Prices in %(currency)s, excluding VAT.")
        ) % {"currency": currency}
        return {
            "lang": "de" if language == "de" else "en",
            "title": _("Estimate for work order %(number)s, version %(version)d")
            % {"number": work_order.number, "version": version.number},
            "heading": _("Estimate"),
            "subheading": _("Work order %(number)s · version %(version)d")
            % {"number": work_order.number, "version": version.number},
            "shop": {"name": shop.name, "colour": colour},
            "location_line": location_line,
            "customer_label": _("Customer"),
            "customer": customer_lines,
            "facts": [[label, value] for label, value in facts],
            "note": content.get("note", ""),
            "prices": prices,
            "jobs": _jobs(version, content, zone),
            "vat": vat_rows,
            "totals": [
                [_("Total net"), f"{amount_text(total.net)} {currency}"],
                [_("VAT"), f"{amount_text(total.vat)} {currency}"],
            ],
            "grand_total": [_("Total including VAT"), f"{amount_text(total.gross)} {currency}"],
            "labels": {
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
            },
            "footer": _("%(shop)s · estimate %(number)s, version %(version)d · %(hash)s")
            % {
                "shop": shop.name,
                "number": work_order.number,
                "version": version.number,
                "hash": short_hash(version),
            },
        }
