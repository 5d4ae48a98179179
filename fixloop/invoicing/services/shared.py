"""What the invoicing service modules share: the row lock every change starts with, the location's
"today", the money of a line and the totals of a document, and the checks of what staff type."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.estimates import money
from fixloop.estimates.services.shared import clean_text
from fixloop.invoicing.models import Invoice, InvoiceLine
from fixloop.shop.models import Location

NOTE_MAX_LENGTH = 2000
AMOUNT_MAX = Decimal("9999999.99")
QUANTITY_MAX = Decimal("999999.999")

__all__ = [
    "NOTE_MAX_LENGTH",
    "check_decimal",
    "clean_text",
    "local_today",
    "locked",
    "recompute",
    "vat_by_rate",
]


def local_today(location: Location) -> date:
    return timezone.now().astimezone(location.zone).date()


def locked(invoice: Invoice) -> Invoice:
    """Re-read the invoice under a row lock: two tabs or two clerks act one after the other, and the
    second sees what the first did (its state is copied onto `invoice`)."""
    fresh = Invoice.objects.select_for_update().get(pk=invoice.pk)
    for field in ("state", "number", "revision", "issue_date", "net", "vat", "gross", "finalised_at"):
        setattr(invoice, field, getattr(fresh, field))
    return invoice


def check_decimal(value, field: str, errors: dict, *, maximum: Decimal, places: int, positive: bool) -> None:
    """Adds a message to `errors[field]` when `value` is not a usable amount or quantity."""
    if value is None or not isinstance(value, Decimal) or not value.is_finite():
        errors[field] = _("Enter a number.")
    elif positive and value <= 0:
        errors[field] = _("Enter a number greater than zero.")
    elif value < 0:
        errors[field] = _("Enter an amount of zero or more.")
    elif value > maximum:
        errors[field] = _("Enter a smaller number.")
    elif value.as_tuple().exponent < -places:
        errors[field] = _("Use at most %(places)d decimal places.") % {"places": places}


def price(line: InvoiceLine) -> InvoiceLine:
    """Set the line's amounts from its quantity, unit price and VAT rate (the one rounding function)."""
    amounts = money.line(line.quantity, line.unit_price, line.vat_percent)
    line.net, line.vat, line.gross = amounts.net, amounts.vat, amounts.gross
    return line


def recompute(invoice: Invoice) -> Invoice:
    """The document's totals: the sums of its rounded lines."""
    total = money.total(money.Amounts(line.net, line.vat, line.gross) for line in invoice.lines.all())
    invoice.net, invoice.vat, invoice.gross = total.net, total.vat, total.gross
    invoice.save(update_fields=["net", "vat", "gross", "updated_at"])
    return invoice


def vat_by_rate(lines) -> list[dict]:
    """[{rate, net, vat, gross}] per VAT percentage, lowest rate first (Decimals)."""
    by_rate: dict[Decimal, money.Amounts] = {}
    for line in lines:
        rate = Decimal(line.vat_percent)
        by_rate[rate] = by_rate.get(rate, money.Amounts()) + money.Amounts(line.net, line.vat, line.gross)
    return [
        {"rate": rate, "net": amounts.net, "vat": amounts.vat, "gross": amounts.gross}
        for rate, amounts in sorted(by_rate.items())
    ]


def refuse(message: str, field: str | None = None, code: str = "refused"):
    raise ValidationError({field: message} if field else message, code=code)
