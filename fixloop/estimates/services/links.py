"""Secret approval links: one estimate's page, or an account's batch-approval page, and the one
scoping helper every customer-facing estimate query goes through (`estimates_for`).

Tokens are made as in fixloop/core/tokens.py (purpose "fixloop.approval-link:"). A link works until
it expires (LINK_VALID_DAYS after it was issued) or is revoked; an expired estimate's page still opens,
to tell the customer why it cannot be approved and whom to call. This module hands out links and
their tokens; the web layer makes addresses of them (fixloop/portal/links.py).
"""

import hmac
from datetime import timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from fixloop.core import tokens
from fixloop.core.actor import Actor
from fixloop.customers.models import CustomerAccount
from fixloop.estimates.models import ApprovalLink, Estimate
from fixloop.repairs.models import TimelineEntry
from fixloop.repairs.timeline import record

_PURPOSE = b"fixloop.approval-link:"
LINK_VALID_DAYS = 60


def token_of(link: ApprovalLink) -> str | None:
    return tokens.token_of(_PURPOSE, link.nonce, link.token_hash)


def find_link(token: str) -> ApprovalLink | None:
    """The valid link with this token, or None (unknown, revoked or expired: all look the same)."""
    if not tokens.well_formed(token):
        return None
    token_hash = tokens.hash_token(token)
    link = ApprovalLink.objects.current().select_related("customer").filter(token_hash=token_hash).first()
    if link is None or not hmac.compare_digest(link.token_hash, token_hash):
        return None
    return link


def estimates_for(link: ApprovalLink) -> QuerySet[Estimate]:
    """The estimates a link may show: its own estimate, or (a batch link) every sent estimate of its
    customer account. Every customer-facing estimate query starts here."""
    estimates = Estimate.objects.select_related(
        "work_order__customer", "work_order__location", "work_order__unit", "current_version"
    ).exclude(state=Estimate.State.DRAFT)
    if link.estimate_id is not None:
        return estimates.filter(pk=link.estimate_id)
    return estimates.filter(work_order__customer_id=link.customer_id)


def _new_link(
    *, by: Actor, estimate: Estimate | None = None, customer: CustomerAccount | None = None
) -> ApprovalLink:
    nonce = tokens.new_nonce()
    return ApprovalLink.objects.create(
        estimate=estimate,
        customer=customer,
        nonce=nonce,
        token_hash=tokens.token_hash_for_new_link(_PURPOSE, nonce),
        expires_at=timezone.now() + timedelta(days=LINK_VALID_DAYS),
        created_by=by.user,
    )


def _usable(links: QuerySet[ApprovalLink]) -> ApprovalLink | None:
    """The newest current link that still has a week to run (so a message never carries a link that
    dies the next day) and whose token can still be made."""
    soon = timezone.now() + timedelta(days=7)
    for link in links.current().filter(expires_at__gt=soon)[:3]:
        if token_of(link) is not None:
            return link
    return None


@transaction.atomic
def link_for_estimate(estimate: Estimate, *, by: Actor) -> ApprovalLink:
    return _usable(estimate.links.all()) or _new_link(by=by, estimate=estimate)


@transaction.atomic
def link_for_account(customer: CustomerAccount, *, by: Actor) -> ApprovalLink:
    return _usable(customer.approval_links.all()) or _new_link(by=by, customer=customer)


@transaction.atomic
def account_tokens(customer_ids, *, by: Actor) -> dict[int, str]:
    """{customer id: token of a batch-approval link} for many accounts (a status report run), with one
    query for the links they have and one insert for those that need a new one."""
    customer_ids = set(customer_ids)
    if not customer_ids:
        return {}
    soon = timezone.now() + timedelta(days=7)
    chosen: dict[int, ApprovalLink] = {}
    for link in ApprovalLink.objects.current().filter(customer_id__in=customer_ids, expires_at__gt=soon):
        if link.customer_id not in chosen and token_of(link) is not None:
            chosen[link.customer_id] = link
    missing = customer_ids - set(chosen)
    if missing:
        expires_at = timezone.now() + timedelta(days=LINK_VALID_DAYS)
        new_links = []
        for customer_id in missing:
            nonce = tokens.new_nonce()
            new_links.append(
                ApprovalLink(
                    customer_id=customer_id,
                    nonce=nonce,
                    token_hash=tokens.token_hash_for_new_link(_PURPOSE, nonce),
                    expires_at=expires_at,
                    created_by=by.user,
                )
            )
        for link in ApprovalLink.objects.bulk_create(new_links):
            chosen[link.customer_id] = link
    return {customer_id: token_of(link) for customer_id, link in chosen.items()}


@transaction.atomic
def revoke_links(estimate: Estimate, *, by: Actor) -> int:
    """Stop every link of this estimate at once (e.g. it was sent to the wrong address). The next
    message or page view issues a new one."""
    revoked = estimate.links.current().update(revoked_at=timezone.now())
    if revoked:
        record(
            estimate.work_order,
            TimelineEntry.Kind.ESTIMATE,
            by,
            public=False,
            data={"event": "links_revoked", "estimate": estimate.pk, "count": revoked},
        )
        estimate.save(update_fields=["updated_at"])
    return revoked
