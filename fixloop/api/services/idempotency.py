"""Stored answers of creates sent with an Idempotency-Key, kept API_IDEMPOTENCY_HOURS per token."""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from fixloop.api.models import ApiToken, IdempotentRequest

# One statement claims a key: a new row, or an expired row taken over; a row still kept is left as
# it is and nothing is returned. (Built from the table's name only; every value is a parameter.)
_RESERVE = f"""
INSERT INTO {IdempotentRequest._meta.db_table} AS r
    (token_id, "key", fingerprint, status_code, body, created_at, expires_at)
VALUES (%(token)s, %(key)s, %(fingerprint)s, 0, '', %(now)s, %(expires_at)s)
ON CONFLICT (token_id, "key") DO UPDATE SET
    fingerprint = excluded.fingerprint,
    status_code = 0,
    body = '',
    created_at = excluded.created_at,
    expires_at = excluded.expires_at
WHERE r.expires_at <= %(now)s
RETURNING id
"""  # noqa: S608


def reserve(token: ApiToken, key: str, fingerprint: str) -> IdempotentRequest | None:
    """Claim `key` for this request inside the caller's transaction: the new row, or None when the
    key is taken by an earlier request (which then holds its answer). A concurrent request with the
    same key waits on the row's unique index until the first one has committed or rolled back."""
    now = timezone.now()
    expires_at = now + timedelta(hours=settings.API_IDEMPOTENCY_HOURS)
    adapt = connection.ops.adapt_datetimefield_value
    params = {
        "token": token.pk,
        "key": key,
        "fingerprint": fingerprint,
        "now": adapt(now),
        "expires_at": adapt(expires_at),
    }
    with connection.cursor() as cursor:
        cursor.execute(_RESERVE, params)
        claimed = cursor.fetchone()
    if claimed is None:
        return None
    row = IdempotentRequest(
        pk=claimed[0],
        token=token,
        key=key,
        fingerprint=fingerprint,
        status_code=0,
        body="",
        created_at=now,
        expires_at=expires_at,
    )
    row._state.adding = False
    return row


def earlier(token: ApiToken, key: str) -> IdempotentRequest | None:
    return IdempotentRequest.objects.filter(token=token, key=key, expires_at__gt=timezone.now()).first()


def keep_answer(row: IdempotentRequest, status_code: int, body: str) -> None:
    row.status_code, row.body = status_code, body
    row.save(update_fields=["status_code", "body"])


def delete_expired() -> int:
    deleted, _ = IdempotentRequest.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
