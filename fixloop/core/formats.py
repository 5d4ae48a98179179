"""Numbers, money, dates and times as people read them, in the active language: one function each,
used by pages, PDFs and messages alike. The date and date-time shapes themselves are in
fixloop/formats/<language>/formats.py (templates reach them as `|date:"DATE_FORMAT"` and
`|date:"DATETIME_FORMAT"`)."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import formats, timezone


def money_text(value) -> str:
    """An amount of money without the currency: 1,234.50 in English, 1.234,50 in German.

    Amounts come rounded to the cent (estimates/money.py rounds them, once); this only writes them."""
    return formats.number_format(Decimal(value), 2, use_l10n=True, force_grouping=True)


def number_text(value) -> str:
    """A quantity or rate with the decimals it has and no more: 1.5, 10, 1,234.125 (German 1,5 …)."""
    value = Decimal(value)
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def date_text(day: date) -> str:
    """A day: 06 Dec 2026 in English, 06.12.2026 in German."""
    return formats.date_format(day, "DATE_FORMAT")


def datetime_text(moment: datetime, zone=None) -> str:
    """A moment in `zone` (default: the active time zone): 06 Dec 2026 20:59, German 06.12.2026 20:59."""
    return formats.date_format(timezone.localtime(moment, zone), "DATETIME_FORMAT")
