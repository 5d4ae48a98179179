"""Model pieces that several apps share and that know no feature."""

from django.conf import settings
from django.db import models

from fixloop.core.actor import USER_AGENT_MAX, ActorKind


class ActorRecord(models.Model):
    """Who did something and from which address (an Actor), as the append-only histories keep it:
    the work-order timeline and the steps of a booking request."""

    actor = models.CharField(max_length=12, choices=[(kind.value, kind.value) for kind in ActorKind])
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=200, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=USER_AGENT_MAX, blank=True)

    class Meta:
        abstract = True


class TryCounter(models.Model):
    """How often one subject (an address, an order number) tried something lately, for a rate
    limit: one row per limit and subject, changed by one atomic statement (`core/ratelimit.py`)."""

    key = models.CharField(max_length=100, primary_key=True)
    slot = models.BigIntegerField()  # the current fixed window: floor(time / window length)
    count = models.IntegerField()  # tries allowed in the current window
    last_at = models.FloatField(null=True)  # the last allowed try in the current window (epoch s)
    prev_count = models.IntegerField()  # tries allowed in the window before
    prev_last_at = models.FloatField(null=True)  # the last allowed try in the window before
    allowed = models.BooleanField()  # the verdict on the latest try
    expires_at = models.FloatField(db_index=True)  # after this the row says nothing any more

    class Meta:
        db_table = "fixloop_try_counter"

    def __str__(self):
        return self.key
