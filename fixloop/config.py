"""Strict parsing of the environment variables that configure Fixloop.

A bad value stops start-up with a message that names the variable, instead of
running with a silently wrong setting.
"""

import os
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}.")


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None
    if number < minimum or (maximum is not None and number > maximum):
        upper = f" and {maximum}" if maximum is not None else ""
        raise ImproperlyConfigured(f"{name} must be between {minimum}{upper}; got {number}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(
            f"{name} is set but lists nothing; unset it or give comma-separated values."
        )
    return items


def env_url(name: str, default: str, *, schemes: tuple[str, ...] = ("http", "https")) -> str:
    value = _raw(name) or default
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed "[" of an IPv6 address
        parts = urlsplit("")
    if parts.scheme not in schemes or not parts.netloc:
        raise ImproperlyConfigured(
            f"{name} must be an absolute URL starting with {' or '.join(s + '://' for s in schemes)}; got {value!r}."
        )
    return value.rstrip("/")


def env_path(name: str, default: Path) -> Path:
    value = _raw(name)
    return Path(value).expanduser().resolve() if value else default


def database_config(name: str, default_sqlite_path: Path) -> dict:
    import dj_database_url

    value = _raw(name)
    if not value:
        value = f"sqlite:///{default_sqlite_path}"
    try:
        scheme = urlsplit(value).scheme
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {error}") from None
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(f"{name} must be an sqlite:/// or postgres:// URL; got scheme {scheme!r}.")
    try:
        config = dj_database_url.parse(value, conn_max_age=60 if scheme != "sqlite" else 0)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {error}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if not config["NAME"] or config["NAME"] == ":memory:":
            raise ImproperlyConfigured(
                f"{name} must name an SQLite file, e.g. sqlite:////var/lib/fixloop/db.sqlite3."
            )
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # WAL lets the web server read while the worker writes; IMMEDIATE takes the write
        # lock when a transaction starts, so two writers wait instead of failing mid-way.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return config


def secret_key(name: str, data_dir: Path) -> str:
    """The SECRET_KEY from the environment, or one generated once and kept in the data folder."""
    value = _raw(name)
    if value:
        if len(value) < 32:
            raise ImproperlyConfigured(f"{name} must be at least 32 characters long.")
        return value
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def email_config(name: str) -> dict:
    """Django's EMAIL_* settings from one URL: smtp://host:25, smtp+tls://user:password@host:587
    (STARTTLS) or smtps://user:password@host:465 (TLS from the start). Unset: no SMTP server; the
    local sink keeps every message in the back office instead."""
    from urllib.parse import unquote

    value = _raw(name)
    if not value:
        return {"EMAIL_URL_SET": False}
    try:
        parts = urlsplit(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} is not a valid URL.") from None
    schemes = {"smtp": (False, False), "smtp+tls": (True, False), "smtps": (False, True)}
    if parts.scheme not in schemes:
        raise ImproperlyConfigured(
            f"{name} must start with smtp://, smtp+tls:// or smtps://; got {parts.scheme!r}."
        )
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"{name} has an invalid port.") from None
    if not parts.hostname:
        raise ImproperlyConfigured(
            f"{name} must name a host, e.g. smtp+tls://user:password@mail.example.com:587."
        )
    use_tls, use_ssl = schemes[parts.scheme]
    return {
        "EMAIL_URL_SET": True,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or (465 if use_ssl else 587 if use_tls else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
    }


def env_email(name: str, default: str) -> str:
    from email.utils import parseaddr

    value = _raw(name) or default
    address = parseaddr(value)[1]
    if "@" not in address or address.startswith("@") or address.endswith("@"):
        raise ImproperlyConfigured(
            f"{name} must be an e-mail address, e.g. 'My Shop <service@example.com>'; got {value!r}."
        )
    return value


def env_fax_gateway(name: str) -> str:
    value = _raw(name) or ""
    if value and ("{number}" not in value or "@" not in value):
        raise ImproperlyConfigured(f"{name} must look like '{{number}}@fax.example.net'; got {value!r}.")
    return value


def twilio_config() -> dict:
    """TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM: all three or none."""
    values = {name: _raw(name) or "" for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM")}
    missing = [name for name, value in values.items() if not value]
    if values["TWILIO_ACCOUNT_SID"] and missing:
        raise ImproperlyConfigured(f"TWILIO_ACCOUNT_SID is set, so {' and '.join(missing)} must be set too.")
    if (
        values["TWILIO_FROM"]
        and not values["TWILIO_FROM"].startswith("+")
        and not values["TWILIO_FROM"].startswith("MG")
    ):
        raise ImproperlyConfigured(
            "TWILIO_FROM must be a number in E.164 (+4915112345678) or a messaging service SID (MG…)."
        )
    values["TWILIO_API_BASE"] = env_url("TWILIO_API_BASE", "https://api.twilio.com")
    return values


_HOST_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_HOST = re.compile(rf"{_HOST_LABEL}(\.{_HOST_LABEL})*")


def env_origins(name: str) -> list[str]:
    """Comma-separated https origins (`https://host` or `https://host:port`, nothing after it), as
    lower-case strings ready for a Content-Security-Policy source list. Unset or empty: []."""
    value = _raw(name)
    if not value:
        return []
    origins = []
    for item in value.split(","):
        item = item.strip()
        example = "e.g. https://www.example.com"
        if not item:
            raise ImproperlyConfigured(f"{name} has an empty entry; separate origins with single commas.")
        try:
            parts = urlsplit(item)
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"{name}: {item!r} is not a valid origin ({example}).") from None
        host = (parts.hostname or "").lower()
        if (
            parts.scheme.lower() != "https"
            or not _HOST.fullmatch(host)
            or parts.username is not None
            or parts.password is not None
            or parts.path not in ("", "/")
            or parts.query
            or parts.fragment
            or "%" in item
            or port == 0
        ):
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not an https origin ({example}); give only the scheme, "
                "host and optional port, without a path, wildcard or user."
            )
        origin = f"https://{host}" + (f":{port}" if port is not None else "")
        if origin not in origins:
            origins.append(origin)
    return origins


_HEADER_NAME = re.compile(r"^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$")


def env_proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """The header a TLS-terminating reverse proxy sets to "https" (e.g. `X-Forwarded-Proto`), as
    Django's SECURE_PROXY_SSL_HEADER; unset: None (the connection itself says whether it is HTTPS)."""
    value = _raw(name)
    if not value:
        return None
    if not _HEADER_NAME.match(value):
        raise ImproperlyConfigured(f"{name} must be a header name such as X-Forwarded-Proto; got {value!r}.")
    return ("HTTP_" + value.upper().replace("-", "_"), "https")


def env_bounce_address(name: str) -> str:
    """The address bounces come back to, e.g. bounces@shop.example: each e-mail's envelope sender
    becomes bounces+<message id>@shop.example (VERP). Unset: the envelope sender is EMAIL_FROM."""
    from email.utils import parseaddr

    value = _raw(name) or ""
    if not value:
        return ""
    address = parseaddr(value)[1]
    local, _at, domain = address.rpartition("@")
    if address != value or not local or not domain or "+" in local:
        raise ImproperlyConfigured(
            f"{name} must be a plain address without '+' or a display name, e.g. bounces@shop.example; "
            f"got {value!r}."
        )
    return address


def bounce_mailbox_config(name: str) -> dict:
    """The IMAP mailbox bounces are read from: imaps://user:password@host:993/INBOX (TLS) or
    imap://user:password@host:143/INBOX. Unset: {} (no mailbox is read)."""
    from urllib.parse import unquote

    value = _raw(name)
    if not value:
        return {}
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"{name} is not a valid URL.") from None
    if parts.scheme not in ("imap", "imaps"):
        raise ImproperlyConfigured(f"{name} must start with imaps:// or imap://; got {parts.scheme!r}.")
    if not parts.hostname or not parts.username or parts.password is None:
        raise ImproperlyConfigured(
            f"{name} must name a user, password and host, e.g. imaps://bounces:secret@mail.example.com/INBOX."
        )
    use_ssl = parts.scheme == "imaps"
    return {
        "host": parts.hostname,
        "port": port or (993 if use_ssl else 143),
        "ssl": use_ssl,
        "user": unquote(parts.username),
        "password": unquote(parts.password),
        "folder": unquote(parts.path.strip("/")) or "INBOX",
    }
