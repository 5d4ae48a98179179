"""The stored answers of creates sent with an `Idempotency-Key` (`api/v1/idempotency.py`)."""

from django.db import models
from django.utils import timezone

from fixloop.api.models.tokens import ApiToken


class IdempotentRequest(models.Model):
    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # SHA-256 of the method, the path and the body: the same key with another request is refused.
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "key"], name="api_idempotency_key_per_token")]

    def __str__(self) -> str:
        return self.key
