"""Gapless numbers. One series per location, calendar year (in the location's time zone) and kind:

    invoices      BER-2026-000123
    credit notes  BER-CN-2026-000012

(the location's code is the prefix: every location has one, so two locations never share a number).
The series row is created if missing and then taken under a row lock (`SELECT … FOR UPDATE`) inside
the transaction that makes the document final: a concurrent finalisation waits for the first to
commit, and a rolled-back one gives its number back. Nothing else hands out numbers.
"""

from fixloop.invoicing.models import Invoice, NumberSeries
from fixloop.shop.models import Location

WIDTH = 6


def format_number(location: Location, year: int, kind: str, value: int) -> str:
    middle = "-CN" if kind == Invoice.Kind.CREDIT_NOTE else ""
    return f"{location.code}{middle}-{year}-{value:0{WIDTH}d}"


def take_number(location: Location, year: int, kind: str) -> str:
    """The next number of the series; the caller holds a transaction that also finalises the document."""
    NumberSeries.objects.bulk_create(
        [NumberSeries(location=location, year=year, kind=kind)], ignore_conflicts=True
    )
    series = NumberSeries.objects.select_for_update().get(location=location, year=year, kind=kind)
    series.last_value += 1
    series.save(update_fields=["last_value"])
    return format_number(location, year, kind, series.last_value)
