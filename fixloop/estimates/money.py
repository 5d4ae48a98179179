"""Money: every amount on an estimate is computed here, with Decimal, rounded once per line.

A line's net amount is quantity × unit price rounded to the cent; its VAT is the net amount × rate
rounded to the cent; gross = net + VAT. Totals are the sums of the rounded lines, so the lines
always add up to the total shown.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def round_money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Amounts:
    net: Decimal = ZERO
    vat: Decimal = ZERO
    gross: Decimal = ZERO

    def __add__(self, other: "Amounts") -> "Amounts":
        return Amounts(self.net + other.net, self.vat + other.vat, self.gross + other.gross)

    def as_dict(self) -> dict:
        return {"net": str(self.net), "vat": str(self.vat), "gross": str(self.gross)}

    @classmethod
    def from_dict(cls, data: dict) -> "Amounts":
        return cls(Decimal(data["net"]), Decimal(data["vat"]), Decimal(data["gross"]))

    def shown(self, prices_include_vat: bool) -> Decimal:
        return self.gross if prices_include_vat else self.net


def line(quantity: Decimal, unit_price: Decimal, vat_rate: Decimal) -> Amounts:
    net = round_money(Decimal(quantity) * Decimal(unit_price))
    vat = round_money(net * Decimal(vat_rate) / 100)
    return Amounts(net, vat, net + vat)


def total(amounts) -> Amounts:
    result = Amounts()
    for amount in amounts:
        result = result + amount
    return result


def unit_price_shown(unit_price: Decimal, vat_rate: Decimal, prices_include_vat: bool) -> Decimal:
    """A unit price as the customer sees it (the line amounts stay the ones computed by `line`)."""
    if not prices_include_vat:
        return round_money(unit_price)
    return round_money(Decimal(unit_price) * (100 + Decimal(vat_rate)) / 100)
