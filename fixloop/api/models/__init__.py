"""The API app's models, one module per concern."""

from fixloop.api.models.idempotency import IdempotentRequest
from fixloop.api.models.tokens import ALL_SCOPES, RESOURCE_GROUPS, ApiToken
from fixloop.api.models.webhooks import WebhookDelivery, WebhookEndpoint, WebhookEvent

__all__ = [
    "ALL_SCOPES",
    "RESOURCE_GROUPS",
    "ApiToken",
    "IdempotentRequest",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
]
