"""How much of what Fixloop sent arrived: per kind of message over the last days (30 by default),
for one customer or for all. A message counts once its outcome is known: delivered (a complaint
means it arrived, too), or bounced or failed; what was only handed over (no report yet, or
delayed) and what was never sent (suppressed) are shown beside the rate, not in it. On plain SMTP
without a bounce mailbox nothing is ever reported delivered, so the rate stays empty there."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from fixloop.messaging.kinds import KINDS
from fixloop.messaging.models import PEOPLE_CHANNELS, Message

DAYS = 30
DELIVERED = (Message.State.DELIVERED, Message.State.COMPLAINED)
NOT_DELIVERED = (Message.State.BOUNCED, Message.State.FAILED)
AWAITING = (Message.State.SENT, Message.State.DEFERRED)


@dataclass(frozen=True)
class DeliveryRate:
    kind: str
    label: str
    delivered: int
    not_delivered: int
    awaiting: int
    suppressed: int

    @property
    def known(self) -> int:
        return self.delivered + self.not_delivered

    @property
    def percent(self) -> int | None:
        """Delivered of those whose outcome is known, in whole percent; None when none is known."""
        return round(100 * self.delivered / self.known) if self.known else None


def delivery_rates(*, customer=None, days: int = DAYS, now=None) -> list[DeliveryRate]:
    """One row per kind of message created in the last `days` days (of `customer`, or of all),
    in the order of the kinds' labels."""
    since = (now or timezone.now()) - timedelta(days=days)
    messages = Message.objects.filter(created_at__gte=since, channel__in=PEOPLE_CHANNELS)
    if customer is not None:
        messages = messages.filter(customer=customer)
    rows = (
        messages.values("kind")
        .annotate(
            delivered=Count("id", filter=Q(state__in=DELIVERED)),
            not_delivered=Count("id", filter=Q(state__in=NOT_DELIVERED)),
            awaiting=Count("id", filter=Q(state__in=AWAITING)),
            suppressed=Count("id", filter=Q(state=Message.State.SUPPRESSED)),
        )
        .order_by()
    )
    rates = [
        DeliveryRate(
            kind=row["kind"],
            label=str(KINDS[row["kind"]].label) if row["kind"] in KINDS else row["kind"],
            delivered=row["delivered"],
            not_delivered=row["not_delivered"],
            awaiting=row["awaiting"],
            suppressed=row["suppressed"],
        )
        for row in rows
    ]
    return sorted(
        (rate for rate in rates if rate.known or rate.awaiting or rate.suppressed), key=lambda r: r.label
    )
