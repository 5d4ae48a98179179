"""Integration tokens are created (the token is returned once), revoked, and marked as used."""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.api.models import ALL_SCOPES, ApiToken
from fixloop.core.tokens import hash_token

TOKEN_PREFIX = "fxl_"  # noqa: S105 (a prefix, not a secret)
DISPLAY_LENGTH = 12  # "fxl_" and 8 characters of the secret: enough to tell tokens apart
# Last use is written at most this often per token (each request would otherwise write a row).
LAST_USED_PRECISION = timedelta(seconds=60)


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def find(token: str) -> ApiToken | None:
    """The active or revoked token row for a presented token, or None."""
    if not isinstance(token, str) or not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    return ApiToken.objects.filter(token_hash=hash_token(token)).first()


@transaction.atomic
def create_token(*, name: str, scopes: list[str], by, rate_limit: int | None = None) -> tuple[ApiToken, str]:
    """A new token for the integration `name`; returns the row and the token, which is not kept."""
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Name the integration that uses the token.")
    elif len(name) > ApiToken._meta.get_field("name").max_length:
        errors["name"] = _("Use at most 80 characters.")
    unknown = sorted(set(scopes) - set(ALL_SCOPES))
    if unknown:
        errors["scopes"] = _("Unknown scopes: %(scopes)s") % {"scopes": ", ".join(unknown)}
    elif not scopes:
        errors["scopes"] = _("Choose at least one scope.")
    if rate_limit is not None and not 1 <= rate_limit <= 100_000:
        errors["rate_limit"] = _("Choose between 1 and 100000 requests per minute.")
    if errors:
        raise ValidationError(errors)
    token = new_token()
    row = ApiToken.objects.create(
        name=name,
        prefix=token[:DISPLAY_LENGTH],
        token_hash=hash_token(token),
        scopes=[scope for scope in ALL_SCOPES if scope in scopes],
        rate_limit=rate_limit,
        created_by=by,
    )
    return row, token


@transaction.atomic
def revoke_token(token: ApiToken, *, by) -> ApiToken:
    """Refused from the next request on; revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def record_use(token: ApiToken, ip: str | None) -> None:
    """Keep when and from where the token was last used (written at most once a minute per address)."""
    now = timezone.now()
    if token.last_used_ip == ip and token.last_used_at and now - token.last_used_at < LAST_USED_PRECISION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_ip=ip)
    token.last_used_at, token.last_used_ip = now, ip
