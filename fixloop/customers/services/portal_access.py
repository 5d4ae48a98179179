"""Who may use the customer portal for which account: invitations, accepting them, revoking access.

A person is a user without staff roles who holds an active PortalMembership. Staff invite them by
e-mail; the invitation link is single-use, expires after INVITATION_VALID_DAYS and carries a random
token of which only the hash is stored (fixloop.core.tokens). Accepting creates the person (or adds
the account to the person who has that address already) and their verified e-mail address for
sign-in. Revoking ends the access at once: every portal page checks the membership.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core import tokens
from fixloop.core.actor import Actor
from fixloop.core.contact import normalise_email
from fixloop.core.text import clean_text
from fixloop.customers import signals
from fixloop.customers.models import CustomerAccount, PortalInvitation, PortalMembership

INVITATION_VALID_DAYS = 7
NAME_MAX_LENGTH = 150  # of each part, as the user model holds it
_PURPOSE = b"fixloop.portal-invitation:"


def is_portal_user(user) -> bool:
    """Signed in, active, no staff role, and access to at least one account."""
    return bool(
        user.is_authenticated
        and user.is_active
        and not is_staff_account(user)
        and PortalMembership.objects.active().filter(user=user).exists()
    )


def is_staff_account(user) -> bool:
    return bool(user.is_staff or user.is_superuser or user.groups.exists())


def person_with_email(email: str):
    """The user with this e-mail address, if any."""
    return get_user_model().objects.filter(email__iexact=email).first()


def find_invitation(token: str) -> PortalInvitation | None:
    """The invitation with this token, open or not, or None."""
    if not tokens.well_formed(token):
        return None
    invitation = (
        PortalInvitation.objects.select_related("customer")
        .filter(token_hash=tokens.hash_token(token))
        .first()
    )
    if invitation is None or tokens.token_of(_PURPOSE, invitation.nonce, invitation.token_hash) is None:
        return None
    return invitation


def invitation_problem(invitation: PortalInvitation | None) -> str | None:
    """Why this invitation cannot be used any more, in words for the person holding it; None if it can."""
    if invitation is None:
        return _("This invitation link is not valid. Ask the shop to send you a new one.")
    if invitation.accepted_at is not None:
        return _("This invitation has been used already. Sign in with your e-mail address instead.")
    if invitation.revoked_at is not None or invitation.expires_at <= timezone.now():
        return _("This invitation has expired. Ask the shop to send you a new one.")
    return None


@transaction.atomic
def invite(customer: CustomerAccount, email: str, *, by: Actor, name: str = "", language: str = "") -> str:
    """Invite a person to the portal for this account; returns the invitation's token (for the e-mail,
    which messaging sends on the portal_invitation_created signal). Earlier open invitations of the same
    address for this account end."""
    try:
        email = normalise_email(email)
    except ValidationError as error:
        raise ValidationError({"email": error.messages}) from None
    if not email:
        raise ValidationError({"email": _("Enter the e-mail address of the person to invite.")})
    existing = person_with_email(email)
    if existing is not None and is_staff_account(existing):
        raise ValidationError(
            {"email": _("This address belongs to a staff account; staff cannot be invited.")}
        )
    if (
        existing is not None
        and PortalMembership.objects.active().filter(user=existing, customer=customer).exists()
    ):
        raise ValidationError({"email": _("This person has access to this account already.")})
    PortalInvitation.objects.open().filter(customer=customer, email__iexact=email).update(
        revoked_at=timezone.now()
    )
    nonce, now = tokens.new_nonce(), timezone.now()
    invitation = PortalInvitation.objects.create(
        customer=customer,
        email=email,
        name=clean_text(name, single_line=True)[:150],
        language=language or customer.language,
        nonce=nonce,
        token_hash=tokens.token_hash_for_new_link(_PURPOSE, nonce),
        created_by=by.user,
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_VALID_DAYS),
    )
    token = tokens.token_of(_PURPOSE, nonce, invitation.token_hash)
    signals.portal_invitation_created.send(sender=PortalInvitation, invitation=invitation, token=token, by=by)
    return token


def _locked_open_invitation(token: str) -> PortalInvitation:
    invitation = find_invitation(token)
    if invitation is not None:
        invitation = (
            PortalInvitation.objects.select_for_update().select_related("customer").get(pk=invitation.pk)
        )
    problem = invitation_problem(invitation)
    if problem:
        raise ValidationError(problem, code="invitation")
    return invitation


@transaction.atomic
def accept_invitation(token: str, *, password: str = "", name: str = "", user=None):
    """Use the invitation: the person signed in as `user` (with the invited address) gets access, or a
    person with that address, or a new person with this password. Returns the user. Single-use under a
    row lock: a second acceptance of the same link is refused."""
    from allauth.account.models import EmailAddress  # the sign-in library's record of verified addresses

    invitation = _locked_open_invitation(token)
    User = get_user_model()
    person = person_with_email(invitation.email)
    if person is not None and is_staff_account(person):
        raise ValidationError(
            _("This address belongs to a staff account; it cannot use the customer portal.")
        )
    if person is None:
        person = User(username=_free_username(invitation.email), email=invitation.email, is_staff=False)
        first, _space, last = (clean_text(name, single_line=True) or invitation.name).partition(" ")
        person.first_name, person.last_name = first[:150], last[:150]
        try:
            password_validation.validate_password(password, person)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from None
        person.set_password(password)
        person.save()
    EmailAddress.objects.update_or_create(
        user=person, email=invitation.email, defaults={"verified": True, "primary": True}
    )
    if not PortalMembership.objects.active().filter(user=person, customer=invitation.customer).exists():
        PortalMembership.objects.create(
            user=person, customer=invitation.customer, invited_by=invitation.created_by
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = person
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return person


def _free_username(email: str) -> str:
    User = get_user_model()
    base = email.lower()[:140]
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}~{n}"
    return candidate


@transaction.atomic
def revoke_access(membership: PortalMembership, *, by: Actor) -> PortalMembership:
    """End a person's access to the account at once (their other accounts keep theirs)."""
    membership = PortalMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.revoked_at is not None:
        raise ValidationError(_("This access has been revoked already."))
    membership.revoked_at = timezone.now()
    membership.revoked_by = by.user
    membership.save(update_fields=["revoked_at", "revoked_by"])
    signals.portal_access_revoked.send(sender=PortalMembership, membership=membership, by=by)
    return membership


@transaction.atomic
def change_name(person, *, first_name: str, last_name: str) -> bool:
    """A portal person's own name (as staff see it beside what they did). ValidationError names the
    field and changes nothing. Returns whether the name changed."""
    first, last = clean_text(first_name, single_line=True), clean_text(last_name, single_line=True)
    errors = {}
    if not first and not last:
        errors["first_name"] = _("Enter your name.")
    for field, value in (("first_name", first), ("last_name", last)):
        if len(value) > NAME_MAX_LENGTH:
            errors[field] = _("Use at most %(limit)d characters.") % {"limit": NAME_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    person = get_user_model().objects.select_for_update().get(pk=person.pk)
    if (person.first_name, person.last_name) == (first, last):
        return False
    person.first_name, person.last_name = first, last
    person.save(update_fields=["first_name", "last_name"])
    return True
