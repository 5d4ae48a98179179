"""Stored answers of creates sent with an Idempotency-Key, kept API_IDEMPOTENCY_HOURS per token."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from fixloop.api.models import ApiToken, IdempotentRequest


def reserve(token: ApiToken, key: str, fingerprint: str) -> IdempotentRequest | None:
    """Claim `key` for this request inside the caller's transaction: the new row, or None when the
    key is taken by an earlier request (which then holds its answer). A concurrent request with the
    same key waits on the row's unique index until the first one has committed or rolled back."""
    now = timezone.now()
    IdempotentRequest.objects.filter(token=token, key=key, expires_at__lte=now).delete()
    try:
        with transaction.atomic():
            return IdempotentRequest.objects.create(
                token=token,
                key=key,
                fingerprint=fingerprint,
                status_code=0,
                body="",
                created_at=now,
                expires_at=now + timedelta(hours=settings.API_IDEMPOTENCY_HOURS),
            )
    except IntegrityError:
        return None


def earlier(token: ApiToken, key: str) -> IdempotentRequest | None:
    return IdempotentRequest.objects.filter(token=token, key=key, expires_at__gt=timezone.now()).first()


def keep_answer(row: IdempotentRequest, status_code: int, body: str) -> None:
    row.status_code, row.body = status_code, body
    row.save(update_fields=["status_code", "body"])


def delete_expired() -> int:
    deleted, _ = IdempotentRequest.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
