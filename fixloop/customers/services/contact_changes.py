"""Changes of a customer's e-mail address or mobile number made by the customer, and their undoing.

When a customer changes where they are reached, whoever holds the OLD address must hear of it: else
someone who got hold of a tracking link or a portal session could take the account over in silence.
record() keeps the change with a single-use "this wasn't me" link (random token, stored hashed,
valid ContactChange.VALID_DAYS days) and announces it (customers.signals.contact_change_recorded);
messaging tells the old e-mail address and/or the old mobile number. revert() puts back what the
change set (repairs.services.self_service.report_contact_change records it and alerts staff).
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core import tokens
from fixloop.customers import signals
from fixloop.customers.models import ContactChange, CustomerAccount

_PURPOSE = b"fixloop.contact-change:"
# The details whose old value is told of a change (where the account can be reached).
REACHED_AT = ("email", "mobile")


def needs_notice(changes: dict) -> bool:
    """Whether a change ({field: [old, new]}) takes away an e-mail address or mobile number."""
    return any(field in changes and changes[field][0] for field in REACHED_AT)


def record(customer: CustomerAccount, changes: dict, *, by) -> ContactChange | None:
    """Keep the change and announce it when it replaced an e-mail address or a mobile number (in the
    caller's transaction); None when it did not."""
    if not needs_notice(changes):
        return None
    nonce, now = tokens.new_nonce(), timezone.now()
    change = ContactChange.objects.create(
        customer=customer,
        changes=changes,
        nonce=nonce,
        token_hash=tokens.token_hash_for_new_link(_PURPOSE, nonce),
        created_at=now,
        expires_at=now + timedelta(days=ContactChange.VALID_DAYS),
    )
    token = tokens.token_of(_PURPOSE, nonce, change.token_hash)
    signals.contact_change_recorded.send(sender=ContactChange, change=change, token=token, by=by)
    return change


def find(token: str) -> ContactChange | None:
    """The change with this token, used or not, or None."""
    if not tokens.well_formed(token):
        return None
    change = (
        ContactChange.objects.select_related("customer").filter(token_hash=tokens.hash_token(token)).first()
    )
    if change is None or tokens.token_of(_PURPOSE, change.nonce, change.token_hash) is None:
        return None
    return change


def problem(change: ContactChange | None) -> str | None:
    """Why this link cannot be used (any more), in words for the person holding it; None if it can."""
    if change is None:
        return _("This link is not valid. If you did not change your contact details, please call the shop.")
    if change.reported_at is not None:
        return _(
            "This change has been reported already: the previous contact details are back, and the shop knows."
        )
    if change.expires_at <= timezone.now():
        return _("This link has expired. If you did not change your contact details, please call the shop.")
    return None


@transaction.atomic
def revert(token: str) -> tuple[ContactChange, CustomerAccount, dict]:
    """Mark the change reported (once) and put back each detail it changed, also when it was changed
    again since (whoever took the account over may have). The links of later changes of the account
    end with it, so they cannot undo the undoing. Returns the change, the customer and what was put
    back ({field: [current, restored]}). ValidationError when the link cannot be used."""
    found = find(token)
    change = ContactChange.objects.select_for_update().get(pk=found.pk) if found else None
    reason = problem(change)
    if reason:
        raise ValidationError(reason)
    customer = CustomerAccount.objects.select_for_update().get(pk=change.customer_id)
    restored = {}
    for field, (old, _new) in change.changes.items():
        current = getattr(customer, field)
        if current != old:
            setattr(customer, field, old)
            restored[field] = [current, old]
    if restored:
        customer.save(update_fields=[*restored, "updated_at"])
    now = timezone.now()
    ContactChange.objects.filter(
        customer_id=customer.pk, reported_at=None, created_at__gte=change.created_at
    ).update(reported_at=now)
    change.reported_at = now
    return change, customer, restored


def label(field: str) -> str:
    """The field's name as the customer reads it, e.g. "E-mail"."""
    return str(CustomerAccount._meta.get_field(field).verbose_name)
