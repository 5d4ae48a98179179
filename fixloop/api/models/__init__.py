"""The API app's models, one module per feature."""

from fixloop.api.models.webhooks import WebhookDelivery, WebhookEndpoint, WebhookEvent

__all__ = ["WebhookDelivery", "WebhookEndpoint", "WebhookEvent"]
