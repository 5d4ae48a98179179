"""Secret authorisation links: the link a customer gets in the message that asks them to authorise
an invoice, and the one scoping helper every query behind such a link goes through (`invoices_for`).

Tokens are made as in fixloop/core/tokens.py (purpose "fixloop.invoice-link:"): random, stored only
as a hash, compared with hmac.compare_digest. A link works until it expires (LINK_VALID_DAYS after
it was issued, or the date staff set) or is revoked. A link belongs to one invoice and shows it as it
is now; only the invoice's current revision can be answered (finalising.py checks the revision the
page was showing). This module hands out links and their tokens; the web layer makes addresses of
them (fixloop/portal/links.py).
"""

import hmac
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core import tokens
from fixloop.core.actor import Actor
from fixloop.invoicing.models import AuthorisationLink, Invoice
from fixloop.repairs.models import TimelineEntry
from fixloop.repairs.timeline import record

PURPOSE = b"fixloop.invoice-link:"
LINK_VALID_DAYS = 30
# How far ahead staff may set a link's expiry.
LONGEST_DAYS = 365
# The states a customer may see an invoice in (a draft and a cancelled one are the shop's own).
VISIBLE = (Invoice.State.SUBMITTED, Invoice.State.DISPUTED, Invoice.State.FINAL)


def token_of(link: AuthorisationLink) -> str | None:
    """The link's token, or None when the key it was made with is no longer configured."""
    return tokens.token_of(PURPOSE, link.nonce, link.token_hash)


def find_link(token: str) -> AuthorisationLink | None:
    """The valid link with this token, or None (unknown, revoked or expired: all look the same)."""
    if not tokens.well_formed(token):
        return None
    token_hash = tokens.hash_token(token)
    link = AuthorisationLink.objects.current().filter(token_hash=token_hash).first()
    if link is None or not hmac.compare_digest(link.token_hash, token_hash):
        return None
    return link


def invoices_for(link: AuthorisationLink) -> QuerySet[Invoice]:
    """The invoice a link may show: its own, once submitted (never a draft or a cancelled one).
    Every query behind a link starts here."""
    return Invoice.objects.select_related(
        "work_order__customer", "work_order__location", "work_order__unit", "customer", "location"
    ).filter(pk=link.invoice_id, kind=Invoice.Kind.INVOICE, state__in=VISIBLE)


def under_revision(link: AuthorisationLink) -> QuerySet[Invoice]:
    """The link's invoice while staff revise it after the customer saw it (a draft with a revision):
    its page says so and shows nothing else."""
    return Invoice.objects.select_related(
        "work_order__customer", "work_order__location", "work_order__unit", "customer", "location"
    ).filter(pk=link.invoice_id, kind=Invoice.Kind.INVOICE, state=Invoice.State.DRAFT, revision__gt=0)


def _new_link(invoice: Invoice, *, by: Actor) -> AuthorisationLink:
    nonce = tokens.new_nonce()
    return AuthorisationLink.objects.create(
        invoice=invoice,
        nonce=nonce,
        token_hash=tokens.token_hash_for_new_link(PURPOSE, nonce),
        expires_at=timezone.now() + timedelta(days=LINK_VALID_DAYS),
        created_by=by.user,
    )


def usable_link(invoice: Invoice) -> AuthorisationLink | None:
    """The newest current link that still has a week to run (a message never carries a link that
    dies the next day) and whose token can still be made."""
    soon = timezone.now() + timedelta(days=7)
    for link in invoice.links.current().filter(expires_at__gt=soon)[:3]:
        if token_of(link) is not None:
            return link
    return None


@transaction.atomic
def link_for_invoice(invoice: Invoice, *, by: Actor) -> AuthorisationLink:
    """A link for the message asking the customer to authorise the invoice: a usable one, or a new one."""
    return usable_link(invoice) or _new_link(invoice, by=by)


def current_link(invoice: Invoice) -> AuthorisationLink | None:
    """The newest link that still works (what staff see and can change), or None."""
    return invoice.links.current().first()


@transaction.atomic
def revoke_links(invoice: Invoice, *, by: Actor) -> int:
    """Stop every link of this invoice at once (e.g. it went to the wrong address). The customer can
    still answer in the portal; submitting the invoice again sends a new link."""
    revoked = invoice.links.current().update(revoked_at=timezone.now())
    if revoked:
        record(
            invoice.work_order,
            TimelineEntry.Kind.INVOICE,
            by,
            public=False,
            data={"event": "invoice_links_revoked", "invoice": invoice.pk, "count": revoked},
        )
        invoice.save(update_fields=["updated_at"])
    return revoked


@transaction.atomic
def set_expiry(invoice: Invoice, expires_at: datetime, *, by: Actor) -> AuthorisationLink:
    """Staff change when the invoice's current link stops working (earlier or later)."""
    now = timezone.now()
    if expires_at <= now:
        raise ValidationError({"expires_at": _("Choose a moment in the future (or revoke the link).")})
    if expires_at > now + timedelta(days=LONGEST_DAYS):
        raise ValidationError(
            {"expires_at": _("A link can run for at most %(days)d days.") % {"days": LONGEST_DAYS}}
        )
    link = invoice.links.current().select_for_update().first()
    if link is None:
        raise ValidationError(_("This invoice has no working link to change."), code="no_link")
    previous = link.expires_at
    link.expires_at = expires_at
    link.save(update_fields=["expires_at"])
    record(
        invoice.work_order,
        TimelineEntry.Kind.INVOICE,
        by,
        public=False,
        data={
            "event": "invoice_link_expiry",
            "invoice": invoice.pk,
            "from": previous.isoformat(),
            "to": expires_at.isoformat(),
        },
    )
    invoice.save(update_fields=["updated_at"])
    return link
