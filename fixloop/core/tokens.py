"""Secret link tokens (tracking pages, estimate approval links).

A link row keeps a random nonce and the SHA-256 of the token; the token is
HMAC-SHA256(SECRET_KEY, purpose + nonce), base64url. Staff can show the link again and messages can
carry it, while a copy of the database alone opens nothing. Presented tokens are hashed and compared
with hmac.compare_digest. Keys in SECRET_KEY_FALLBACKS still let staff show links made before a key
rotation.
"""

import base64
import hashlib
import hmac
import re
import secrets

from django.conf import settings

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_nonce() -> str:
    return secrets.token_urlsafe(32)


def derive(purpose: bytes, nonce: str, key: str) -> str:
    digest = hmac.new(key.encode(), purpose + nonce.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_hash_for_new_link(purpose: bytes, nonce: str) -> str:
    return hash_token(derive(purpose, nonce, settings.SECRET_KEY))


def token_of(purpose: bytes, nonce: str, token_hash: str) -> str | None:
    """The link's token, or None when the key it was made with is no longer configured."""
    for key in (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])):
        token = derive(purpose, nonce, key)
        if hmac.compare_digest(hash_token(token), token_hash):
            return token
    return None


def well_formed(token) -> bool:
    return isinstance(token, str) and bool(TOKEN_PATTERN.match(token))
