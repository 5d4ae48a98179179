"""Secret links to the customer's page of an inspection (tokens as in core/tokens.py, purpose
"fixloop.inspection-link:"), valid LINK_VALID_DAYS, changeable and revocable by staff. The web layer
makes addresses of them (portal/inspection_links.py)."""

import hmac
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core import tokens
from fixloop.core.actor import Actor
from fixloop.inspections.models import Inspection, InspectionLink
from fixloop.inspections.services.shared import note_change

_PURPOSE = b"fixloop.inspection-link:"
LINK_VALID_DAYS = 30


def token_of(link: InspectionLink) -> str | None:
    return tokens.token_of(_PURPOSE, link.nonce, link.token_hash)


def find_link(token: str) -> InspectionLink | None:
    """The link with this token while it is usable, or None (unknown, revoked, expired: all alike)."""
    if not tokens.well_formed(token):
        return None
    token_hash = tokens.hash_token(token)
    link = (
        InspectionLink.objects.filter(
            token_hash=token_hash, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("inspection__work_order__customer", "inspection__work_order__location")
        .first()
    )
    if link is None or not hmac.compare_digest(link.token_hash, token_hash):
        return None
    return link


@transaction.atomic
def link_for(inspection: Inspection, *, by: Actor) -> InspectionLink:
    """A usable link with at least a week to run, or a new one."""
    soon = timezone.now() + timedelta(days=7)
    for link in inspection.links.filter(revoked_at__isnull=True, expires_at__gt=soon)[:3]:
        if token_of(link) is not None:
            return link
    nonce = tokens.new_nonce()
    return InspectionLink.objects.create(
        inspection=inspection,
        nonce=nonce,
        token_hash=tokens.token_hash_for_new_link(_PURPOSE, nonce),
        expires_at=timezone.now() + timedelta(days=LINK_VALID_DAYS),
        created_by=by.user,
    )


@transaction.atomic
def change_expiry(link: InspectionLink, expires_at, *, by: Actor) -> InspectionLink:
    if expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("Choose a time in the future.")}, code="past")
    if expires_at > timezone.now() + timedelta(days=365):
        raise ValidationError({"expires_at": _("A link can be valid for at most a year.")}, code="too_long")
    link = InspectionLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is not None:
        raise ValidationError(_("This link was revoked."), code="revoked")
    link.expires_at = expires_at
    link.save(update_fields=["expires_at"])
    note_change(link.inspection, "link_expiry", by, expires_at=expires_at.isoformat())
    return link


@transaction.atomic
def revoke_links(inspection: Inspection, *, by: Actor) -> int:
    revoked = inspection.links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    if revoked:
        note_change(inspection, "links_revoked", by, count=revoked)
    return revoked
