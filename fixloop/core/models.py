"""Model pieces that several apps share and that know no feature."""

from django.conf import settings
from django.db import models

from fixloop.core.actor import USER_AGENT_MAX, ActorKind


class ActorRecord(models.Model):
    """Who did something and from which address (an Actor), as the append-only histories keep it:
    the work-order timeline and the steps of a booking request."""

    actor = models.CharField(max_length=10, choices=[(kind.value, kind.value) for kind in ActorKind])
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=200, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=USER_AGENT_MAX, blank=True)

    class Meta:
        abstract = True
