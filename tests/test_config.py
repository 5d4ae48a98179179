"""Strict parsing of the environment, and the system checks that catch a misconfigured installation."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from fixloop import config
from fixloop.shop.checks import check_production_settings, check_site_url_host_allowed

VAR = "FIXLOOP_TEST_VALUE"
PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture
def env(monkeypatch):
    """env(value) sets FIXLOOP_TEST_VALUE for this test; env(None) unsets it."""
    monkeypatch.delenv(VAR, raising=False)

    def set_value(value):
        if value is None:
            monkeypatch.delenv(VAR, raising=False)
        else:
            monkeypatch.setenv(VAR, value)

    return set_value


# env_bool


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("true", True),
        (" YES ", True),
        ("On", True),
        ("0", False),
        ("false", False),
        ("no", False),
        ("OFF", False),
        ("", False),
    ],
)
def test_env_bool_reads_the_usual_words(env, value, expected):
    env(value)

    assert config.env_bool(VAR, not expected) is expected


@pytest.mark.parametrize("default", [True, False])
def test_env_bool_uses_the_default_when_unset(env, default):
    assert config.env_bool(VAR, default) is default


@pytest.mark.parametrize("value", ["maybe", "2", "tru", "y e s"])
def test_env_bool_refuses_anything_else_naming_the_variable(env, value):
    env(value)

    with pytest.raises(ImproperlyConfigured, match=VAR):
        config.env_bool(VAR, False)


# env_int


def test_env_int_reads_a_whole_number(env):
    env(" 25 ")

    assert config.env_int(VAR, 10, minimum=1, maximum=512) == 25


@pytest.mark.parametrize("value", [None, ""])
def test_env_int_uses_the_default_when_unset_or_empty(env, value):
    env(value)

    assert config.env_int(VAR, 10) == 10


@pytest.mark.parametrize("value", ["ten", "2.5", "1e3", "0x10"])
def test_env_int_refuses_what_is_not_a_whole_number(env, value):
    env(value)

    with pytest.raises(ImproperlyConfigured, match=f"{VAR} must be a whole number"):
        config.env_int(VAR, 10)


@pytest.mark.parametrize("value", ["0", "513", "-1"])
def test_env_int_refuses_a_number_out_of_range(env, value):
    env(value)

    with pytest.raises(ImproperlyConfigured, match=f"{VAR} must be a whole number between 1 and 512"):
        config.env_int(VAR, 10, minimum=1, maximum=512)


def test_env_int_accepts_the_bounds(env):
    env("512")

    assert config.env_int(VAR, 10, minimum=1, maximum=512) == 512


# env_list


def test_env_list_splits_on_commas_and_drops_blanks(env):
    env(" shop.example.com, ,localhost,,[::1] ")

    assert config.env_list(VAR, ["x"]) == ["shop.example.com", "localhost", "[::1]"]


def test_env_list_uses_the_default_when_unset(env):
    assert config.env_list(VAR, ["localhost"]) == ["localhost"]


@pytest.mark.parametrize("value", ["", " , ,"])
def test_env_list_refuses_a_value_that_lists_nothing(env, value):
    env(value)

    with pytest.raises(ImproperlyConfigured, match=VAR):
        config.env_list(VAR, ["localhost"])


# env_url


def test_env_url_keeps_an_absolute_url_without_the_trailing_slash(env):
    env("https://fixloop.example.com/")

    assert config.env_url(VAR, "http://127.0.0.1:8000") == "https://fixloop.example.com"


def test_env_url_uses_the_default_when_unset(env):
    assert config.env_url(VAR, "http://127.0.0.1:8000") == "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    "value", ["fixloop.example.com", "ftp://fixloop.example.com", "https://", "/status", "https://[::1"]
)
def test_env_url_refuses_what_is_not_an_absolute_http_url(env, value):
    env(value)

    with pytest.raises(ImproperlyConfigured, match=VAR):
        config.env_url(VAR, "http://127.0.0.1:8000")


def test_env_url_refuses_a_scheme_not_allowed_for_it(env):
    env("http://fax.example.com")

    with pytest.raises(ImproperlyConfigured, match=f"{VAR} must be an absolute URL starting with https://"):
        config.env_url(VAR, "https://x.example.com", schemes=("https",))


# env_path


def test_env_path_resolves_a_relative_path(env, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env("data")

    assert config.env_path(VAR, Path("/default")) == tmp_path.resolve() / "data"


def test_env_path_uses_the_default_when_unset(env):
    assert config.env_path(VAR, Path("/default")) == Path("/default")


# database_config


def test_database_config_defaults_to_an_sqlite_file_with_wal_and_immediate_transactions(env, tmp_path):
    path = tmp_path / "new" / "db.sqlite3"

    database = config.database_config(VAR, path)

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(path)
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    assert path.parent.is_dir()


def test_database_config_reads_a_postgres_url(env, tmp_path):
    env("postgres://fixloop:s3cret@db.internal:5433/fixloop")

    database = config.database_config(VAR, tmp_path / "unused.sqlite3")

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == ("fixloop", "fixloop", "s3cret")
    assert (database["HOST"], database["PORT"]) == ("db.internal", 5433)
    assert database["CONN_MAX_AGE"] == 60


def test_database_config_reads_an_sqlite_url(env, tmp_path):
    env(f"sqlite:///{tmp_path}/other.sqlite3")

    assert config.database_config(VAR, tmp_path / "unused.sqlite3")["NAME"] == f"{tmp_path}/other.sqlite3"


@pytest.mark.parametrize(
    "value",
    [
        "mysql://root@localhost/fixloop",
        "fixloop.sqlite3",
        "sqlite://",
        "sqlite://:memory:",
        "postgres://user@[bad/fixloop",
    ],
)
def test_database_config_refuses_a_bad_url_naming_the_variable(env, tmp_path, value):
    env(value)

    with pytest.raises(ImproperlyConfigured, match=VAR):
        config.database_config(VAR, tmp_path / "unused.sqlite3")


# secret_key


def test_secret_key_from_the_environment_is_used(env, tmp_path):
    env("k" * 40)

    assert config.secret_key(VAR, tmp_path) == "k" * 40
    assert not (tmp_path / "secret_key").exists()


def test_a_short_secret_key_is_refused_naming_the_variable(env, tmp_path):
    env("short")

    with pytest.raises(ImproperlyConfigured, match=f"{VAR} must be at least 32"):
        config.secret_key(VAR, tmp_path)


def test_a_secret_key_is_generated_and_kept_in_the_data_folder(env, tmp_path):
    data = tmp_path / "data"

    key = config.secret_key(VAR, data)

    assert len(key) >= 50
    assert (data / "secret_key").read_text() == key


def test_the_kept_secret_key_is_used_the_second_time(env, tmp_path):
    first = config.secret_key(VAR, tmp_path)

    assert config.secret_key(VAR, tmp_path) == first


def test_the_kept_secret_key_is_readable_by_its_owner_only(env, tmp_path):
    config.secret_key(VAR, tmp_path)

    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_a_process_that_found_no_key_takes_the_one_another_process_wrote_meanwhile(
    env, tmp_path, monkeypatch
):
    (tmp_path / "secret_key").write_text("written by the process that started first " + "k" * 20)
    monkeypatch.setattr(Path, "exists", lambda path: False)  # it looked before the other one wrote

    key = config.secret_key(VAR, tmp_path)

    assert key == "written by the process that started first " + "k" * 20
    assert (tmp_path / "secret_key").read_text() == key
    assert [path.name for path in tmp_path.iterdir()] == ["secret_key"]


def test_a_secret_key_is_kept_on_a_file_system_without_hard_links(env, tmp_path, monkeypatch):
    def no_hard_links(source, target):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_hard_links)

    key = config.secret_key(VAR, tmp_path)

    assert (tmp_path / "secret_key").read_text() == key
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    assert [path.name for path in tmp_path.iterdir()] == ["secret_key"]


# start-up with a bad environment


def start_django(tmp_path, **variables) -> subprocess.CompletedProcess:
    environment = {
        key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="fixloop.settings", FIXLOOP_DATA_DIR=str(tmp_path), **variables)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=environment,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_django_starts_with_a_good_environment(tmp_path):
    result = start_django(tmp_path, DEBUG="yes", ATTACHMENT_MAX_MB="20")

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("ATTACHMENT_MAX_MB", "lots"),
        ("SITE_URL", "fixloop.example.com"),
        ("ALLOWED_HOSTS", " , "),
        ("DATABASE_URL", "mysql://root@localhost/fixloop"),
        ("SECRET_KEY", "too-short"),
    ],
)
def test_django_refuses_to_start_with_a_bad_value_and_names_the_variable(tmp_path, variable, value):
    result = start_django(tmp_path, **{variable: value})

    assert result.returncode != 0
    # Bare django.setup() is no entry point of Fixloop's: the exception shows (tests/test_startup.py
    # checks that the entry points turn it into one line).
    assert "BadSetting" in result.stderr
    assert variable in result.stderr


# system checks


@override_settings(SITE_URL="https://fixloop.example.com", ALLOWED_HOSTS=["localhost"])
def test_a_site_url_host_not_in_allowed_hosts_is_an_error():
    assert [problem.id for problem in check_site_url_host_allowed(None)] == ["fixloop.E002"]


@pytest.mark.parametrize(
    ("site_url", "allowed_hosts"),
    [
        ("https://fixloop.example.com", ["localhost", "fixloop.example.com"]),
        ("https://fixloop.example.com:8443/shop", ["fixloop.example.com"]),
        ("https://FIXLOOP.example.com", ["fixloop.example.com"]),
        ("https://fixloop.example.com", ["*"]),
        ("https://fixloop.example.com", [".example.com"]),
        ("https://example.com", [".example.com"]),
        ("http://[::1]:8000", ["[::1]"]),
        ("http://127.0.0.1:8000", ["127.0.0.1", "localhost", "[::1]"]),
    ],
)
def test_a_site_url_host_that_allowed_hosts_lets_in_passes(site_url, allowed_hosts):
    with override_settings(SITE_URL=site_url, ALLOWED_HOSTS=allowed_hosts):
        assert check_site_url_host_allowed(None) == []


@override_settings(SITE_URL="https://badexample.com", ALLOWED_HOSTS=[".example.com"])
def test_a_domain_pattern_does_not_let_in_a_look_alike_domain():
    assert [problem.id for problem in check_site_url_host_allowed(None)] == ["fixloop.E002"]


@override_settings(DEBUG=True)
def test_debug_on_is_a_deployment_error():
    assert "fixloop.E001" in [problem.id for problem in check_production_settings(None)]


@override_settings(SITE_URL="http://fixloop.example.com")
def test_a_site_url_without_https_is_a_deployment_warning():
    assert "fixloop.W001" in [problem.id for problem in check_production_settings(None)]


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")  # only the check reads it here
@override_settings(
    DEBUG=False,
    SITE_URL="https://fixloop.example.com",
    DATABASES={"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "fixloop"}},
)
def test_a_production_setup_passes_the_deployment_checks():
    assert check_production_settings(None) == []


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
@override_settings(DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "x.sqlite3"}})
def test_sqlite_is_a_deployment_warning():
    assert "fixloop.W002" in [problem.id for problem in check_production_settings(None)]


# EMAIL_URL: e-mail services through anymail


HOOK_SECRET = "fixloop:hook-password"


@pytest.fixture
def email_env(monkeypatch):
    """email_env(url, secret=..., signing_key=...) -> what start-up makes of EMAIL_URL."""

    def configure(url, *, secret=HOOK_SECRET, signing_key=""):
        monkeypatch.setenv("EMAIL_URL", url)
        for name, value in (("EMAIL_WEBHOOK_SECRET", secret), ("EMAIL_WEBHOOK_SIGNING_KEY", signing_key)):
            if value:
                monkeypatch.setenv(name, value)
            else:
                monkeypatch.delenv(name, raising=False)
        return config.email_config("EMAIL_URL", timeout=7)

    return configure


def test_a_postmark_url_selects_anymail_with_the_server_token(email_env):
    values = email_env("postmark://server%2Dtoken@")
    assert values["EMAIL_PROVIDER"] == "postmark"
    assert values["EMAIL_BACKEND"] == "anymail.backends.postmark.EmailBackend"
    assert values["ANYMAIL"] == {
        "POSTMARK_SERVER_TOKEN": "server-token",
        "POSTMARK_API_URL": "https://api.postmarkapp.com/",
        "WEBHOOK_SECRET": "fixloop:hook-password",
        "REQUESTS_TIMEOUT": 7,
    }


def test_a_mailgun_url_names_the_domain_and_the_eu_region(email_env):
    anymail = email_env("mailgun://key-123@mg.example.com?region=eu", signing_key="sign-456")["ANYMAIL"]
    assert anymail["MAILGUN_API_KEY"] == "key-123"
    assert anymail["MAILGUN_SENDER_DOMAIN"] == "mg.example.com"
    assert anymail["MAILGUN_API_URL"] == "https://api.eu.mailgun.net/v3"
    assert anymail["MAILGUN_WEBHOOK_SIGNING_KEY"] == "sign-456"


def test_an_ses_url_gives_boto3_the_region_keys_and_endpoint(email_env):
    client = email_env("ses://AKIA1:s%2Fcret@eu-central-1?api_url=http://127.0.0.1:4566")["ANYMAIL"][
        "AMAZON_SES_CLIENT_PARAMS"
    ]
    assert (client["region_name"], client["aws_access_key_id"], client["aws_secret_access_key"]) == (
        "eu-central-1",
        "AKIA1",
        "s/cret",
    )
    assert client["endpoint_url"] == "http://127.0.0.1:4566"
    assert client["config"]["retries"] == {"total_max_attempts": 1}


@pytest.mark.parametrize(
    ("url", "api_url_setting", "key_setting"),
    [
        ("sendgrid://SG.key@", "SENDGRID_API_URL", "SENDGRID_API_KEY"),
        ("brevo://xkeysib-key@", "BREVO_API_URL", "BREVO_API_KEY"),
    ],
)
def test_sendgrid_and_brevo_urls_take_the_api_key_and_a_test_api_url(
    email_env, url, api_url_setting, key_setting
):
    anymail = email_env(url + "?api_url=http://127.0.0.1:9999/v3/")["ANYMAIL"]
    assert anymail[api_url_setting] == "http://127.0.0.1:9999/v3/"
    assert anymail[key_setting] == url.split("://")[1].rstrip("@")


@pytest.mark.parametrize(
    ("url", "secret", "signing_key", "named"),
    [
        ("sparkpost://key@", "a:b", "", "EMAIL_URL"),
        ("postmark://@", "a:b", "", "EMAIL_URL"),
        ("ses://only-the-key@eu-central-1", "a:b", "", "EMAIL_URL"),
        ("ses://key:secret@", "a:b", "", "EMAIL_URL"),
        ("mailgun://key@mg.example.com?region=asia", "a:b", "sign", "EMAIL_URL"),
        ("mailgun://key@mg.example.com", "", "", "EMAIL_WEBHOOK_SIGNING_KEY"),
        ("brevo://key@", "", "", "EMAIL_WEBHOOK_SECRET"),
        ("brevo://key@", "no-colon", "", "EMAIL_WEBHOOK_SECRET"),
        ("postmark://key@?api_url=ftp://x", "a:b", "", "EMAIL_URL"),
        ("postmark://key@?apiurl=http://x", "a:b", "", "EMAIL_URL"),
    ],
)
def test_a_misconfigured_service_is_refused_naming_the_variable(email_env, url, secret, signing_key, named):
    with pytest.raises(ImproperlyConfigured, match=named):
        email_env(url, secret=secret, signing_key=signing_key)


def test_django_refuses_to_start_with_an_unknown_email_scheme(tmp_path):
    result = start_django(tmp_path, EMAIL_URL="sparkpost://key@")
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("fixloop.config.BadSetting: EMAIL_URL must start with")
