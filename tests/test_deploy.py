"""`fixloop check --deploy` on a correctly configured production install reports nothing, and the
HTTPS settings follow SITE_URL and the environment."""

import os
import subprocess
import sys

PRODUCTION = {
    "SECRET_KEY": "k3Jx9-production-like-secret-key-with-enough-entropy-7Qm2Zp4Wv8",
    "SITE_URL": "https://repairs.example.com",
    "ALLOWED_HOSTS": "repairs.example.com",
    "DATABASE_URL": "postgres://fixloop:secret@127.0.0.1:5432/fixloop",
    "PROXY_SSL_HEADER": "X-Forwarded-Proto",
}


def run(code_or_args, env_changes: dict, tmp_path) -> subprocess.CompletedProcess:
    # Not the test run's own settings: the browser tests allow async-unsafe ORM calls in this process.
    left_out = {*PRODUCTION, "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in left_out}
    env.update(env_changes, FIXLOOP_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="fixloop.settings")
    return subprocess.run(
        [sys.executable, *code_or_args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def settings_value(names: str, env_changes: dict, tmp_path) -> str:
    code = f"import django; django.setup(); from django.conf import settings as s; print([getattr(s, n) for n in {names.split()!r}])"
    result = run(["-c", code], env_changes, tmp_path)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_deploy_checks_report_nothing_on_a_production_install(tmp_path):
    result = run(["-m", "fixloop", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_the_deploy_checks_still_warn_about_plain_http(tmp_path):
    result = run(
        ["-m", "fixloop", "check", "--deploy"],
        {**PRODUCTION, "SITE_URL": "http://repairs.example.com"},
        tmp_path,
    )
    assert "security.W004" in result.stderr + result.stdout
    assert "security.W008" in result.stderr + result.stdout


def test_https_turns_on_redirect_and_hsts_and_the_proxy_header_is_opt_in(tmp_path):
    names = "SECURE_SSL_REDIRECT SECURE_HSTS_SECONDS SECURE_HSTS_INCLUDE_SUBDOMAINS SECURE_PROXY_SSL_HEADER"
    assert (
        settings_value(names, PRODUCTION, tmp_path)
        == "[True, 31536000, True, ('HTTP_X_FORWARDED_PROTO', 'https')]"
    )
    without_proxy = {key: value for key, value in PRODUCTION.items() if key != "PROXY_SSL_HEADER"}
    assert settings_value(names, without_proxy, tmp_path) == "[True, 31536000, True, None]"
    plain = {"SITE_URL": "http://127.0.0.1:8000"}
    assert settings_value(names, plain, tmp_path) == "[False, 0, True, None]"


def test_a_malformed_proxy_header_stops_start_up(tmp_path):
    result = run(
        ["-m", "fixloop", "check"], {**PRODUCTION, "PROXY_SSL_HEADER": "X-Forwarded-Proto: https"}, tmp_path
    )
    assert result.returncode != 0
    assert "PROXY_SSL_HEADER must be a header name" in result.stderr
