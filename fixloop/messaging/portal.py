"""E-mails of the customer portal: the invitation (on customers.signals.portal_invitation_created) and
the sign-in e-mails the portal's account pages ask for (a code, a password-reset link).

They go through the outbox like every message, so staff see them on the customer's page. They are
not notifications: the region's rules and the customer's channel preference do not apply, only the
address they are for.
"""

from django.utils import timezone, translation

from fixloop.core.formats import date_text
from fixloop.customers import signals
from fixloop.messaging import services
from fixloop.messaging.context import customer_context
from fixloop.messaging.models import Channel
from fixloop.portal import links


def connect() -> None:
    signals.portal_invitation_created.connect(
        on_invitation_created, dispatch_uid="fixloop.messaging.portal.on_invitation_created"
    )


def on_invitation_created(sender, invitation, token, by, **kwargs):
    language = invitation.language
    with translation.override(language):
        valid_until = date_text(timezone.localtime(invitation.expires_at))
    services.queue_message(
        "portal.invitation",
        channel=Channel.EMAIL,
        customer=invitation.customer,
        to=invitation.email,
        language=language,
        context={
            **customer_context(invitation.customer),
            "portal_link": links.absolute(links.portal_home_path()),
            "invitation_link": links.absolute(links.invitation_path(token)),
            "valid_until": valid_until,
        },
        created_by=by.user,
        dedupe_key=f"portal-invitation-{invitation.pk}",
        purpose=invitation,
    )


def send_account_email(kind: str, *, customer, to: str, language: str, context: dict):
    """A sign-in e-mail (kind portal.sign_in_code or portal.password_reset) to one person."""
    return services.queue_message(
        kind,
        channel=Channel.EMAIL,
        customer=customer,
        to=to,
        language=language,
        context={
            **customer_context(customer),
            "portal_link": links.absolute(links.portal_home_path()),
            **context,
        },
    )
