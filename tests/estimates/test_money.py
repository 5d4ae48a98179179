from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from fixloop.estimates import money

quantities = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("9999"), places=3)
prices = st.decimals(min_value=Decimal("0"), max_value=Decimal("99999.99"), places=2)
rates = st.sampled_from(
    [Decimal("0"), Decimal("5.5"), Decimal("7"), Decimal("19"), Decimal("20"), Decimal("21")]
)
lines = st.lists(st.tuples(quantities, prices, rates), min_size=1, max_size=30)


@given(lines)
def test_the_lines_always_add_up_to_the_total(items):
    amounts = [money.line(quantity, price, rate) for quantity, price, rate in items]
    total = money.total(amounts)
    assert total.net == sum(a.net for a in amounts)
    assert total.vat == sum(a.vat for a in amounts)
    assert total.gross == sum(a.gross for a in amounts) == total.net + total.vat
    for amount in [*amounts, total]:
        for value in (amount.net, amount.vat, amount.gross):
            assert value == value.quantize(Decimal("0.01"))


@given(quantities, prices, rates)
def test_a_line_is_rounded_once_half_up(quantity, price, rate):
    amounts = money.line(quantity, price, rate)
    exact_net = quantity * price
    assert abs(amounts.net - exact_net) <= Decimal("0.005")
    assert abs(amounts.vat - amounts.net * rate / 100) <= Decimal("0.005")


def test_half_a_cent_rounds_up():
    assert money.line(Decimal("1"), Decimal("0.125"), Decimal("0")).net == Decimal("0.13")
    assert money.line(Decimal("3"), Decimal("0.05"), Decimal("19")).vat == Decimal("0.03")  # 0.0285


def test_a_unit_price_incl_vat_is_shown_rounded():
    assert money.unit_price_shown(Decimal("10.00"), Decimal("19"), True) == Decimal("11.90")
    assert money.unit_price_shown(Decimal("10.00"), Decimal("19"), False) == Decimal("10.00")


def test_amounts_survive_the_json_snapshot():
    amounts = money.line(Decimal("2"), Decimal("19.99"), Decimal("19"))
    assert money.Amounts.from_dict(amounts.as_dict()) == amounts
