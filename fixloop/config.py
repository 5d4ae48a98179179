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
    # Processes starting together (web, worker, scheduler) must agree on one key: each writes its own
    # file and links it into place; a link that already exists was another's, and it wins.
    draft = data_dir / f".secret_key.{os.getpid()}"
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        draft.write_text(key)
        draft.chmod(0o600)
        try:
            os.link(draft, key_file)
        except FileExistsError:
            key = key_file.read_text().strip()
        except OSError:  # a file system without hard links: the draft becomes the key file
            draft.replace(key_file)
        finally:
            draft.unlink(missing_ok=True)
    except OSError as error:
        raise BadSetting(
            f"FIXLOOP_DATA_DIR must be a folder Fixloop may write to, or set {name}; "
            f"cannot write {key_file}: {error.strerror}."
        ) from None
    return key


# E-mail services reached through django-anymail: the EMAIL_URL scheme, the anymail backend, and
# the API base URL anymail uses when none is given.
EMAIL_PROVIDERS = {
    "postmark": ("anymail.backends.postmark.EmailBackend", "https://api.postmarkapp.com/"),
    "mailgun": ("anymail.backends.mailgun.EmailBackend", "https://api.mailgun.net/v3"),
    "ses": ("anymail.backends.amazon_ses.EmailBackend", ""),
    "sendgrid": ("anymail.backends.sendgrid.EmailBackend", "https://api.sendgrid.com/v3/"),
    "brevo": ("anymail.backends.brevo.EmailBackend", "https://api.brevo.com/v3/"),
}
MAILGUN_EU_API_URL = "https://api.eu.mailgun.net/v3"
_SMTP_SCHEMES = {"smtp": (False, False), "smtp+tls": (True, False), "smtps": (False, True)}


def email_config(name: str, *, timeout: int = 20) -> dict:
    """Django's EMAIL_* settings from one URL: smtp://host:25, smtp+tls://user:password@host:587
    (STARTTLS) or smtps://user:password@host:465 (TLS from the start); or an e-mail service through
    django-anymail (postmark://TOKEN@, mailgun://KEY@domain?region=eu, ses://ACCESS:SECRET@region,
    sendgrid://KEY@, brevo://KEY@; email_provider_config). Unset: no mail server; the local sink
    keeps every message in the back office instead. `timeout`: seconds one API call may take."""
    from urllib.parse import unquote

    value = _raw(name)
    if not value:
        return {"EMAIL_URL_SET": False, "EMAIL_PROVIDER": ""}
    try:
        parts = urlsplit(value)
    except ValueError:
        raise BadSetting(f"{name} is not a valid URL.") from None
    if parts.scheme in EMAIL_PROVIDERS:
        return email_provider_config(name, parts, timeout)
    if parts.scheme not in _SMTP_SCHEMES:
        schemes = ", ".join(f"{scheme}://" for scheme in [*_SMTP_SCHEMES, *EMAIL_PROVIDERS])
        raise BadSetting(f"{name} must start with one of {schemes}; got {parts.scheme!r}.")
    try:
        port = parts.port
    except ValueError:
        raise BadSetting(f"{name} has an invalid port.") from None
    if not parts.hostname:
        raise BadSetting(f"{name} must name a host, e.g. smtp+tls://user:password@mail.example.com:587.")
    use_tls, use_ssl = _SMTP_SCHEMES[parts.scheme]
    return {
        "EMAIL_URL_SET": True,
        "EMAIL_PROVIDER": "smtp",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or (465 if use_ssl else 587 if use_tls else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
    }


def email_provider_config(name: str, parts, timeout: int) -> dict:
    """EMAIL_BACKEND and anymail's ANYMAIL settings for an e-mail service URL. The key is the user
    part; `?api_url=` points anymail at another API base (a test server, a compatible service; for
    SES the endpoint); the tracking webhooks' credentials come from EMAIL_WEBHOOK_SECRET (HTTP basic
    auth, user:password) and EMAIL_WEBHOOK_SIGNING_KEY (Mailgun's signing key, SendGrid's public key).
    One API call is bounded by `timeout`, and neither requests nor boto3 retries on its own: the
    outbox retries with its backoff and records each attempt."""
    from urllib.parse import parse_qs, unquote

    provider = parts.scheme
    backend, default_api_url = EMAIL_PROVIDERS[provider]
    key, secret = unquote(parts.username or ""), unquote(parts.password or "")
    query = {option: values[-1] for option, values in parse_qs(parts.query).items()}
    unknown = set(query) - {"api_url", "region"}
    if unknown:
        raise BadSetting(f"{name} has unknown options: {', '.join(sorted(unknown))}.")
    api_url = query.get("api_url", "")
    if api_url and urlsplit(api_url).scheme not in ("http", "https"):
        raise BadSetting(f"{name}: api_url must be an http(s) address; got {api_url!r}.")
    webhook_secret = _raw("EMAIL_WEBHOOK_SECRET") or ""
    signing_key = _raw("EMAIL_WEBHOOK_SIGNING_KEY") or ""
    if webhook_secret and ":" not in webhook_secret:
        raise BadSetting("EMAIL_WEBHOOK_SECRET must be user:password (HTTP basic auth).")
    anymail: dict = {"REQUESTS_TIMEOUT": timeout}
    if webhook_secret:
        anymail["WEBHOOK_SECRET"] = webhook_secret
    prefix = "AMAZON_SES" if provider == "ses" else provider.upper()
    if provider == "ses":
        region = parts.hostname or ""
        if not region:
            raise BadSetting(f"{name} must name the AWS region, e.g. ses://ACCESS_KEY:SECRET@eu-central-1.")
        if bool(key) != bool(secret):
            raise BadSetting(f"{name} needs both the access key and its secret (or neither).")
        client = {
            "region_name": region,
            "config": {
                "connect_timeout": timeout,
                "read_timeout": timeout,
                "retries": {"total_max_attempts": 1},
            },
        }
        if key:
            client.update(aws_access_key_id=key, aws_secret_access_key=secret)
        if api_url:
            client["endpoint_url"] = api_url
        anymail["AMAZON_SES_CLIENT_PARAMS"] = client
    else:
        if not key:
            raise BadSetting(f"{name} must carry the API key before the @, e.g. {provider}://KEY@.")
        anymail[f"{prefix}_SERVER_TOKEN" if provider == "postmark" else f"{prefix}_API_KEY"] = key
        anymail[f"{prefix}_API_URL"] = api_url or default_api_url
    if provider == "mailgun":
        region = query.get("region", "us").lower()
        if region not in ("us", "eu"):
            raise BadSetting(f"{name}: region must be us or eu; got {region!r}.")
        if region == "eu" and not api_url:
            anymail["MAILGUN_API_URL"] = MAILGUN_EU_API_URL
        if parts.hostname:
            anymail["MAILGUN_SENDER_DOMAIN"] = parts.hostname
        if not signing_key:
            raise BadSetting(
                f"{name} uses Mailgun: set EMAIL_WEBHOOK_SIGNING_KEY to the domain's webhook signing key."
            )
        anymail["MAILGUN_WEBHOOK_SIGNING_KEY"] = signing_key
    elif provider == "sendgrid" and signing_key:
        anymail["SENDGRID_TRACKING_WEBHOOK_VERIFICATION_KEY"] = signing_key
    elif "region" in query:
        raise BadSetting(f"{name}: region is an option of mailgun:// only.")
    if provider != "mailgun" and not webhook_secret:
        raise BadSetting(
            f"{name} uses {provider}: set EMAIL_WEBHOOK_SECRET (user:password) for its tracking webhook."
        )
    return {
        "EMAIL_URL_SET": True,
        "EMAIL_PROVIDER": provider,
        "EMAIL_BACKEND": backend,
        "ANYMAIL": anymail,
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
