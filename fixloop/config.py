"""Strict parsing of the environment variables that configure Fixloop.

A bad value stops start-up with a message that names the variable, instead of
running with a silently wrong setting.
"""

import os
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
        raise ImproperlyConfigured(f"{name} is set but lists nothing; unset it or give comma-separated values.")
    return items


def env_url(name: str, default: str, *, schemes: tuple[str, ...] = ("http", "https")) -> str:
    value = _raw(name) or default
    parts = urlsplit(value)
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
    scheme = urlsplit(value).scheme
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(f"{name} must be an sqlite:/// or postgres:// URL; got scheme {scheme!r}.")
    try:
        config = dj_database_url.parse(value, conn_max_age=60 if scheme != "sqlite" else 0)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {error}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if not config["NAME"] or config["NAME"] == ":memory:":
            raise ImproperlyConfigured(f"{name} must name an SQLite file, e.g. sqlite:////var/lib/fixloop/db.sqlite3.")
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
