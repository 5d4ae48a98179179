"""Webhook deliveries (api/webhooks): a signed JSON event POSTed to an integration's endpoint. The
body is the event's JSON, written when the event happened; there is nothing to word or translate."""

from django.utils.translation import gettext_lazy as _

from fixloop.messaging.kinds import Kind, register

WEBHOOK = register(Kind("webhook", _("Webhook delivery"), {}, {}, machine=True))
