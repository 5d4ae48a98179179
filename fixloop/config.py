"""Strict parsing of the environment variables that configure Fixloop.

A bad value stops start-up with a message that names the variable, instead of
running with a silently wrong setting: each raises BadSetting, which every way of
starting Fixloop (fixloop/startup.py) turns into that one line.
"""

import os
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


class BadSetting(ImproperlyConfigured):
    """An environment variable with a value Fixloop cannot use; the message names the variable and
    what it expects, in one line."""


_HOST_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_HOST = re.compile(rf"{_HOST_LABEL}(\.{_HOST_LABEL})*")

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
    raise BadSetting(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}.")


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise BadSetting(f"{name} must be a whole number; got {value!r}.") from None
    if number < minimum or (maximum is not None and number > maximum):
        expected = f"between {minimum} and {maximum}" if maximum is not None else f"of at least {minimum}"
        raise BadSetting(f"{name} must be a whole number {expected}; got {number}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items:
        raise BadSetting(f"{name} is set but lists nothing; unset it or give comma-separated values.")
    return items


_ALLOWED_HOST = re.compile(
    rf"\*|\.?{_HOST_LABEL}(\.{_HOST_LABEL})*\.?|\d{{1,3}}(\.\d{{1,3}}){{3}}|\[[0-9a-f:.]+\]", re.IGNORECASE
)


def env_hosts(name: str, default: list[str]) -> list[str]:
    """Comma-separated host names as Django's ALLOWED_HOSTS takes them: `repairs.example.com`,
    `.example.com` (and its subdomains), an IP address or `[::1]`; no scheme, port or path (a
    host given as a URL would make every request fail with "Bad Request")."""
    hosts = env_list(name, default)
    for host in hosts:
        if not _ALLOWED_HOST.fullmatch(host):
            raise BadSetting(
                f"{name} must list host names without scheme, port or path, e.g. "
                f"repairs.example.com,www.example.com; got {host!r}."
            )
    return hosts


def env_url(name: str, default: str, *, schemes: tuple[str, ...] = ("http", "https")) -> str:
    value = _raw(name) or default
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed "[" of an IPv6 address
        parts = urlsplit("")
    if parts.scheme not in schemes or not parts.netloc:
        raise BadSetting(
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
        raise BadSetting(f"{name} is not a valid database URL: {error}") from None
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise BadSetting(f"{name} must be an sqlite:/// or postgres:// URL; got scheme {scheme!r}.")
    try:
        config = dj_database_url.parse(value, conn_max_age=60 if scheme != "sqlite" else 0)
    except ValueError as error:
        raise BadSetting(f"{name} is not a valid database URL: {error}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if not config["NAME"] or config["NAME"] == ":memory:":
            raise BadSetting(f"{name} must name an SQLite file, e.g. sqlite:////var/lib/fixloop/db.sqlite3.")
        try:
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise BadSetting(
                f"{name} must name an SQLite file in a folder Fixloop may create or write to; "
                f"cannot create {Path(config['NAME']).parent}: {error.strerror}."
            ) from None
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
            raise BadSetting(f"{name} must be at least 32 characters long.")
        return value
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(key)
        key_file.chmod(0o600)
    except OSError as error:
        raise BadSetting(
            f"FIXLOOP_DATA_DIR must be a folder Fixloop may write to, or set {name}; "
            f"cannot write {key_file}: {error.strerror}."
        ) from None
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
        raise BadSetting(f"{name} is not a valid URL.") from None
    schemes = {"smtp": (False, False), "smtp+tls": (True, False), "smtps": (False, True)}
    if parts.scheme not in schemes:
        raise BadSetting(f"{name} must start with smtp://, smtp+tls:// or smtps://; got {parts.scheme!r}.")
    try:
        port = parts.port
    except ValueError:
        raise BadSetting(f"{name} has an invalid port.") from None
    if not parts.hostname:
        raise BadSetting(f"{name} must name a host, e.g. smtp+tls://user:password@mail.example.com:587.")
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
        raise BadSetting(
            f"{name} must be an e-mail address, e.g. 'My Shop <service@example.com>'; got {value!r}."
        )
    return value


def env_fax_gateway(name: str) -> str:
    value = _raw(name) or ""
    if value and ("{number}" not in value or "@" not in value):
        raise BadSetting(f"{name} must look like '{{number}}@fax.example.net'; got {value!r}.")
    return value


def twilio_config() -> dict:
    """TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM: all three or none."""
    values = {name: _raw(name) or "" for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM")}
    missing = [name for name, value in values.items() if not value]
    if values["TWILIO_ACCOUNT_SID"] and missing:
        raise BadSetting(f"TWILIO_ACCOUNT_SID is set, so {' and '.join(missing)} must be set too.")
    if (
        values["TWILIO_FROM"]
        and not values["TWILIO_FROM"].startswith("+")
        and not values["TWILIO_FROM"].startswith("MG")
    ):
        raise BadSetting(
            "TWILIO_FROM must be a number in E.164 (+4915112345678) or a messaging service SID (MG…)."
        )
    values["TWILIO_API_BASE"] = env_url("TWILIO_API_BASE", "https://api.twilio.com")
    return values


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
            raise BadSetting(f"{name} has an empty entry; separate origins with single commas.")
        try:
            parts = urlsplit(item)
            port = parts.port
        except ValueError:
            raise BadSetting(f"{name}: {item!r} is not a valid origin ({example}).") from None
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
            raise BadSetting(
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
        raise BadSetting(f"{name} must be a header name such as X-Forwarded-Proto; got {value!r}.")
    return ("HTTP_" + value.upper().replace("-", "_"), "https")
