"""The rows of a booking negotiation: the times each side offered, the history both sides see, the
customer's photos and the e-mail confirmation of a request from the public form.

The request itself is repairs.ServiceRequest. Only bookings.services writes these rows.
"""

import uuid
from pathlib import PurePath

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fixloop.core.models import ActorRecord
from fixloop.repairs.models import ServiceRequest
from fixloop.shop.models import Location


class Side(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    SHOP = "shop", _("Shop")


class BookingStepQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Booking steps are append-only.")

    def delete(self):
        raise TypeError("Booking steps are append-only.")


class BookingStep(ActorRecord):
    """One step of a request's history, shown to both sides: who did what (ActorRecord), when, with
    which message. Append-only, like the work-order timeline."""

    class Kind(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        EMAIL_CONFIRMED = "email_confirmed", _("E-mail address confirmed")
        SUGGESTED = "suggested", _("Shop suggested another time")
        ACCEPTED = "accepted", _("Customer accepted a suggested time")
        COUNTERED = "countered", _("Customer proposed other times")
        CONFIRMED = "confirmed", _("Booking confirmed")
        DECLINED = "declined", _("Booking declined")
        WITHDRAWN = "withdrawn", _("Withdrawn by the customer")

    request = models.ForeignKey(ServiceRequest, on_delete=models.PROTECT, related_name="booking_steps")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(
        _("state afterwards"), max_length=20, choices=ServiceRequest.State.choices, blank=True
    )
    text = models.TextField(_("message"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = BookingStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking step")
        verbose_name_plural = _("booking steps")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["request", "created_at"])]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Booking steps are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Booking steps are append-only.")


class BookingSlotQuerySet(models.QuerySet):
    def holding(self, now=None):
        """Slots that take a place of their location's capacity: open or chosen, and (for a request
        whose e-mail address is not confirmed yet) only until its confirmation link expires."""
        now = now or timezone.now()
        return self.filter(state__in=[BookingSlot.State.OPEN, BookingSlot.State.CHOSEN]).filter(
            models.Q(held_until__isnull=True) | models.Q(held_until__gt=now)
        )

    def overlapping(self, starts_at, ends_at):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


class BookingSlot(models.Model):
    """A time one side offered for the request. Open and chosen slots count against the location's
    capacity; the others are released (kept for the history)."""

    class State(models.TextChoices):
        OPEN = "open", _("Offered")
        CHOSEN = "chosen", _("Booked")
        RELEASED = "released", _("No longer offered")

    request = models.ForeignKey(ServiceRequest, on_delete=models.PROTECT, related_name="booking_slots")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="booking_slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    offered_by = models.CharField(_("offered by"), max_length=10, choices=Side.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    # Set while the request waits for its e-mail confirmation: an unconfirmed request stops holding
    # its places when its link expires.
    held_until = models.DateTimeField(null=True, blank=True)
    step = models.ForeignKey(BookingStep, on_delete=models.PROTECT, related_name="slots")
    created_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)

    objects = BookingSlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking slot")
        verbose_name_plural = _("booking slots")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["location", "starts_at"]),
            models.Index(fields=["request", "state"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")), name="booking_slot_starts_before_end"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.starts_at:%Y-%m-%d %H:%M} {self.state}"

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.location.zone)

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.location.zone)


def booking_photo_path(instance: "BookingPhoto", filename: str) -> str:
    # The stored name is random: the customer's file name is kept only as data (original_name).
    return f"booking-photos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:10]}"


class BookingPhoto(models.Model):
    """A photo the customer sent with the request (checked by type, size and content)."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.PROTECT, related_name="booking_photos")
    file = models.FileField(upload_to=booking_photo_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("booking photo")
        verbose_name_plural = _("booking photos")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class EmailConfirmation(models.Model):
    """The single-use link that confirms the e-mail address of a request from the public form.

    As with other secret links (fixloop/core/tokens.py) the row keeps a nonce and the token's
    SHA-256: the confirmation e-mail can be composed from it, a copy of the database opens nothing."""

    request = models.OneToOneField(
        ServiceRequest, on_delete=models.PROTECT, related_name="email_confirmation"
    )
    email = models.CharField(_("e-mail"), max_length=254)
    nonce = models.CharField(max_length=64, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("e-mail confirmation")
        verbose_name_plural = _("e-mail confirmations")

    def __str__(self) -> str:
        return f"{self.request_id} {self.email}"
