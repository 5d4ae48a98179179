"""Invoice money goes through the one rounding function (estimates/money.py): properties."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from fixloop.estimates import money

quantities = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("99999.999"), places=3)
prices = st.decimals(min_value=Decimal("0"), max_value=Decimal("999999.99"), places=2)
rates = st.sampled_from([Decimal("0"), Decimal("7.00"), Decimal("19.00"), Decimal("20.00"), Decimal("8.10")])


@given(quantities, prices, rates)
def test_a_line_is_rounded_to_the_cent_and_adds_up(quantity, price, rate):
    amounts = money.line(quantity, price, rate)
    assert amounts.net == amounts.net.quantize(Decimal("0.01"))
    assert amounts.vat == amounts.vat.quantize(Decimal("0.01"))
    assert amounts.net + amounts.vat == amounts.gross


@given(quantities, prices, rates)
def test_a_credited_line_is_exactly_the_negative_of_the_line(quantity, price, rate):
    invoiced = money.line(quantity, price, rate)
    credited = money.line(-quantity, price, rate)
    assert (credited.net, credited.vat, credited.gross) == (-invoiced.net, -invoiced.vat, -invoiced.gross)


@given(st.lists(st.tuples(quantities, prices, rates), min_size=1, max_size=20))
def test_a_total_is_the_sum_of_its_rounded_lines(lines):
    amounts = [money.line(*line) for line in lines]
    total = money.total(amounts)
    assert total.gross == sum(a.gross for a in amounts)
    assert total.net + total.vat == total.gross
