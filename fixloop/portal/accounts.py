"""The customer portal's sign-in, built on django-allauth (docs/architecture.md says why).

- PortalAuthenticationBackend lets only portal users (no staff role, active portal access) sign in
  with their e-mail address; a staff member's e-mail and password are "not correct" here, as they are
  for anyone else.
- PortalAccountAdapter closes self sign-up (people are invited by staff), sends allauth's e-mails
  (sign-in code, password-reset link) through the outbox in the customer's language — and only to
  portal users, so the pages answer the same for any address — and logs failed sign-ins.
- Revoking someone's last access ends their sessions.
"""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.auth_backends import AuthenticationBackend
from allauth.usersessions.models import UserSession
from django.contrib.auth import get_user_model
from django.urls import reverse

from fixloop.core.actor import client_ip
from fixloop.customers import signals
from fixloop.customers.models import PortalMembership
from fixloop.customers.services.portal_access import is_portal_user
from fixloop.messaging import portal as portal_messages

logger = logging.getLogger(__name__)

# allauth's e-mail templates → the outbox's kinds, and the placeholders taken from allauth's context.
ACCOUNT_EMAILS = {
    "account/email/login_code": ("portal.sign_in_code", {"sign_in_code": "code"}),
    "account/email/password_reset_key": ("portal.password_reset", {"reset_link": "password_reset_url"}),
}


class PortalAuthenticationBackend(AuthenticationBackend):
    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        return user if user is not None and is_portal_user(user) else None


class PortalAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def get_login_redirect_url(self, request) -> str:
        return reverse("portal:home")

    def get_logout_redirect_url(self, request) -> str:
        return reverse("account_login")

    def pre_login(self, request, user, **kwargs):
        # Every way in (password, code) ends here: only portal users get a session.
        if not is_portal_user(user):
            logger.warning("Portal sign-in refused for user %s: no portal access", user.pk)
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            return self.respond_user_inactive(request, user)
        return super().pre_login(request, user, **kwargs)

    def add_message(self, request, level, message_template=None, *args, **kwargs) -> None:
        # "Successfully signed in as …" would be in the sign-in page's language, not the account's
        # the portal switches to; the portal's greeting says it anyway.
        if message_template == "account/messages/logged_in.txt":
            return
        super().add_message(request, level, message_template, *args, **kwargs)

    def authentication_failed(self, request, **credentials) -> None:
        logger.warning(
            "Failed portal sign-in for %r from %s", credentials.get("email", ""), client_ip(request)
        )

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # The sign-in code's context names no user: the code goes to the person with that address.
        user = context.get("user") or get_user_model().objects.filter(email__iexact=email).first()
        if template_prefix not in ACCOUNT_EMAILS or user is None or not is_portal_user(user):
            # Unknown addresses and staff get nothing; the page says the same as for anyone.
            logger.info("Portal e-mail %s to %r not sent: not a portal user", template_prefix, email)
            return
        kind, placeholders = ACCOUNT_EMAILS[template_prefix]
        membership = PortalMembership.objects.active().filter(user=user).select_related("customer").first()
        customer = membership.customer
        portal_messages.send_account_email(
            kind,
            customer=customer,
            to=email,
            language=customer.language,
            context={name: str(context.get(key, "")) for name, key in placeholders.items()},
        )


def end_sessions_without_access(sender, membership, **kwargs):
    """A person whose last access was revoked is signed out everywhere at once."""
    if not PortalMembership.objects.active().filter(user=membership.user_id).exists():
        for session in UserSession.objects.filter(user=membership.user_id):
            session.end()


def connect() -> None:
    signals.portal_access_revoked.connect(
        end_sessions_without_access, dispatch_uid="fixloop.portal.accounts.end_sessions_without_access"
    )
