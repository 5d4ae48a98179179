"""Cursor pagination for list endpoints: a stable order by (updated_at, id) — or id for rows that do
not change —, an opaque cursor naming the last row of a page, `limit` between 1 and 200, and
`updated_since` (rows changed at or after that moment)."""

import base64
import json
from datetime import UTC, datetime

from django.db.models import Q
from django.utils import timezone
from ninja import Field, Schema

from fixloop.api.v1.problems import ApiProblem, field_error

LIMIT_DEFAULT = 50
LIMIT_MAX = 200


class PageQuery(Schema):
    cursor: str | None = Field(None, max_length=200, description="`next_cursor` of the page before.")
    limit: int = Field(LIMIT_DEFAULT, ge=1, le=LIMIT_MAX)


class ListQuery(PageQuery):
    updated_since: datetime | None = Field(
        None, description="Only objects changed at or after this moment (ISO 8601 with a time zone)."
    )


def encode(values: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).rstrip(b"=").decode()


def decode(cursor: str, size: int) -> list:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(values, list) or len(values) != size or not isinstance(values[-1], int):
            raise ValueError
        if size == 2:
            values[0] = datetime.fromisoformat(values[0])
            if timezone.is_naive(values[0]):
                raise ValueError
            values[0] = values[0].astimezone(UTC)
        return values
    except (ValueError, TypeError, UnicodeDecodeError, OverflowError):
        raise ApiProblem(
            422,
            "The cursor is not one this API gave out.",
            errors=[field_error("cursor", "Unknown cursor.", location="query")],
            kind="invalid-input",
        ) from None


def page(queryset, query: PageQuery, *, by_updated: bool = True) -> dict:
    """One page of `queryset` as {"items": [...], "next_cursor": str | None}; ordered by
    (updated_at, id) with `by_updated` (and `query` a ListQuery), else by id."""
    since = getattr(query, "updated_since", None)
    if since is not None:
        try:
            naive = timezone.is_naive(since) or since.astimezone(UTC).year < 1900
        except OverflowError:
            naive = True
        if naive:
            raise ApiProblem(
                422,
                "Give updated_since after 1900 with a time zone, e.g. 2026-12-07T10:00:00Z.",
                errors=[field_error("updated_since", "Time zone missing.", location="query")],
                kind="invalid-input",
            )
        # In UTC: PostgreSQL reads offsets only up to ±15:59, ISO 8601 allows more.
        queryset = queryset.filter(updated_at__gte=since.astimezone(UTC))
    if by_updated:
        queryset = queryset.order_by("updated_at", "id")
        if query.cursor:
            at, last_id = decode(query.cursor, 2)
            queryset = queryset.filter(Q(updated_at__gt=at) | Q(updated_at=at, id__gt=last_id))
    else:
        queryset = queryset.order_by("id")
        if query.cursor:
            (last_id,) = decode(query.cursor, 1)
            queryset = queryset.filter(id__gt=last_id)
    rows = list(queryset[: query.limit + 1])
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    next_cursor = None
    if more:
        last = rows[-1]
        next_cursor = encode([last.updated_at.isoformat(), last.pk] if by_updated else [last.pk])
    return {"items": rows, "next_cursor": next_cursor}
