"""The API's models, one module per concern (webhooks have their own module)."""

from fixloop.api.models.idempotency import IdempotentRequest
from fixloop.api.models.tokens import ALL_SCOPES, RESOURCE_GROUPS, ApiToken

__all__ = ["ALL_SCOPES", "RESOURCE_GROUPS", "ApiToken", "IdempotentRequest"]
