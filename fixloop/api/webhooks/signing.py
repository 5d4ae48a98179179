"""Signing secrets and the Fixloop-Signature header.

A secret is needed in clear to compute each HMAC, so it cannot be stored hashed; it is stored
encrypted (Fernet: AES-128-CBC with HMAC-SHA256) with a key derived from Django's SECRET_KEY (and,
to read, SECRET_KEY_FALLBACKS as well, so SECRET_KEY can be changed the way Django changes it).
A copy of the database alone does not give the secrets away.

The header is `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, with one v1 per secret that
signs (two during a rotation, the newest first). The HMAC key is the whole secret, `whsec_…`, as
UTF-8 bytes.
"""

import base64
import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

SECRET_PREFIX = "whsec_"  # noqa: S105 (the prefix every secret starts with, not a secret)
HEADER = "Fixloop-Signature"


class UnreadableSecret(Exception):
    """The stored secret was encrypted with a key that is no longer configured."""


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def _fernet(key: str) -> Fernet:
    digest = hashlib.sha256(b"fixloop webhook signing secrets\x00" + key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _keys() -> MultiFernet:
    return MultiFernet([_fernet(key) for key in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]])


def encrypt(secret: str) -> str:
    return _keys().encrypt(secret.encode()).decode("ascii")


def decrypt(stored: str) -> str:
    try:
        return _keys().decrypt(stored.encode("ascii")).decode()
    except InvalidToken as error:
        raise UnreadableSecret("The signing secret cannot be read with this SECRET_KEY.") from error


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of "<timestamp>.<body>" with the secret."""
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(secrets_in_use: list[str], timestamp: int, body: bytes) -> str:
    return ",".join([f"t={timestamp}", *(f"v1={signature(s, timestamp, body)}" for s in secrets_in_use)])
