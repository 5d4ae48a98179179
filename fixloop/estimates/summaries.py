"""Estimates as other features list them (status reports): one query for many work orders."""

from dataclasses import dataclass
from decimal import Decimal

from fixloop.estimates.models import Estimate

State = Estimate.State


@dataclass(frozen=True)
class EstimateSummary:
    state: str
    state_label: str
    amount: Decimal  # the current version's total, incl. or excl. VAT as the location shows prices
    currency: str
    includes_vat: bool

    @property
    def awaiting(self) -> bool:
        return self.state == State.AWAITING


def for_work_orders(work_order_ids) -> dict[int, EstimateSummary]:
    """{work order id: summary} of the work orders' sent estimates (drafts are not the customer's yet)."""
    rows = (
        Estimate.objects.filter(work_order_id__in=list(work_order_ids), current_version__isnull=False)
        .exclude(state=State.DRAFT)
        .values_list(
            "work_order_id",
            "state",
            "current_version__gross",
            "current_version__net",
            "work_order__location__currency",
            "work_order__location__prices_include_vat",
        )
    )
    return {
        work_order_id: EstimateSummary(
            state=state,
            state_label=str(State(state).label),
            amount=gross if includes_vat else net,
            currency=currency,
            includes_vat=includes_vat,
        )
        for work_order_id, state, gross, net, currency, includes_vat in rows
    }
