"""The invoice or credit note as a PDF, rendered with Typst in the document's language (the
customer's, fixed when the invoice was made).

A final document shows its number and date; a draft (or one waiting for the customer) shows
neither and carries a "Draft" watermark, so it can never pass for an invoice. A credit note names the
invoice it corrects. Lines show their net amount and VAT rate; the VAT per rate and the totals
follow. As in pdf.py the data goes to Typst as JSON only (customer and staff text stay text).
"""

import re

from django.utils import translation
from django.utils.translation import gettext as _

from fixloop.core.formats import date_text, money_text, number_text
from fixloop.documents.pdf import brand_colour, compile_pdf, location_line
from fixloop.invoicing.models import Invoice
from fixloop.invoicing.services import vat_by_rate
from fixloop.shop.models import ShopProfile

TEMPLATE = "invoice.typ"


def invoice_filename(invoice: Invoice) -> str:
    stem = invoice.number or f"draft-{invoice.work_order.number}-{invoice.pk}"
    kind = "credit-note" if invoice.is_credit_note else "invoice"
    return f"{kind}-{re.sub(r'[^A-Za-z0-9._-]', '_', stem)}.pdf"


def render_invoice_pdf(invoice: Invoice) -> bytes:
    return compile_pdf(TEMPLATE, invoice_pdf_data(invoice))


def _customer_lines(customer) -> list[str]:
    lines = [customer.name]
    if customer.contact_name and customer.contact_name != customer.name:
        lines.append(customer.contact_name)
    return lines + [
        line for line in (customer.address_line, f"{customer.postal_code} {customer.city}".strip()) if line
    ]


def _facts(invoice: Invoice) -> list[list[str]]:
    work_order = invoice.work_order
    facts = []
    if invoice.number:
        label = _("Credit note number") if invoice.is_credit_note else _("Invoice number")
        facts += [(label, invoice.number), (_("Date"), date_text(invoice.issue_date))]
    if invoice.is_credit_note:
        facts.append((_("Corrects invoice"), invoice.credits.number))
    facts += [(_("Work order"), work_order.number), (_("Customer number"), invoice.customer.number)]
    if work_order.unit is not None:
        facts.append((_("Unit"), str(work_order.unit)))
    return [[label, value] for label, value in facts]


def _heading(invoice: Invoice) -> str:
    if invoice.is_credit_note:
        return _("Credit note %(number)s") % {"number": invoice.number}
    if invoice.number:
        return _("Invoice %(number)s") % {"number": invoice.number}
    return _("Invoice (draft)")


def invoice_pdf_data(invoice: Invoice) -> dict:
    """Everything the document shows, as plain strings: the JSON handed to Typst."""
    shop = ShopProfile.get()
    lines = list(invoice.lines.select_related("vat_rate"))
    currency = invoice.currency
    with translation.override(invoice.language):
        final = invoice.state == Invoice.State.FINAL
        return {
            "lang": "de" if invoice.language == "de" else "en",
            "title": _heading(invoice),
            "heading": _heading(invoice),
            "watermark": "" if final else _("Draft"),
            "shop": {"name": shop.name, "colour": brand_colour(shop)},
            "location_line": location_line(invoice.location),
            "customer_label": _("Customer"),
            "customer": _customer_lines(invoice.customer),
            "facts": _facts(invoice),
            "reason": invoice.reason,
            "rows": [
                [
                    str(position),
                    f"{line.part_number} {line.description}".strip(),
                    number_text(line.quantity),
                    money_text(line.unit_price),
                    f"{number_text(line.vat_percent)} %",
                    money_text(line.net),
                ]
                for position, line in enumerate(lines, start=1)
            ],
            "vat": [
                [
                    f"{number_text(row['rate'])} %",
                    money_text(row["net"]),
                    money_text(row["vat"]),
                    money_text(row["gross"]),
                ]
                for row in vat_by_rate(lines)
            ],
            "prices": _("Amounts in %(currency)s, excluding VAT.") % {"currency": currency},
            "totals": [
                [_("Total net"), f"{money_text(invoice.net)} {currency}"],
                [_("VAT"), f"{money_text(invoice.vat)} {currency}"],
            ],
            "grand_total": [_("Total including VAT"), f"{money_text(invoice.gross)} {currency}"],
            "labels": {
                "reason": _("Reason"),
                "lines": _("Work and parts"),
                "position": _("No."),
                "description": _("Description"),
                "quantity": _("Quantity"),
                "unit_price": _("Unit price"),
                "vat_rate": _("VAT rate"),
                "amount": _("Amount"),
                "vat_table": _("VAT by rate"),
                "net": _("Net"),
                "vat": _("VAT"),
                "gross": _("Gross"),
            },
            "footer": f"{shop.name} · {_heading(invoice)}",
        }
