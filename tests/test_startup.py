"""Starting Fixloop as real processes: the production steps of the README (gunicorn behind a proxy),
a newcomer's start without `collectstatic`, and a bad setting, which stops every entry point with one
line naming the variable instead of a traceback."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

pytestmark = pytest.mark.once

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "repairs.example.com"
# The README's production environment ("Running on PostgreSQL"), behind a proxy that terminates HTTPS.
PRODUCTION = {
    "SECRET_KEY": "k3Jx9-production-like-secret-key-with-enough-entropy-7Qm2Zp4Wv8",
    "SITE_URL": f"https://{HOST}",
    "ALLOWED_HOSTS": HOST,
    "PROXY_SSL_HEADER": "X-Forwarded-Proto",
}
# The test run's own switches, which a real installation does not have.
LEFT_OUT = {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE", *PRODUCTION}
STARTUP_SECONDS = 90


def environment(data_dir: Path, database_url: str, **changes) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in LEFT_OUT}
    env.update(PRODUCTION, FIXLOOP_DATA_DIR=str(data_dir), DATABASE_URL=database_url)
    env.update(changes)
    return env


def fixloop(*arguments: str, env: dict, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "fixloop", *arguments],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fresh_database(tmp_path: Path) -> str:
    """A new, empty database: on the PostgreSQL server the tests use, else an SQLite file."""
    test_url = os.environ.get("DATABASE_URL", "")
    if not test_url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp_path / 'fixloop.sqlite3'}"
    import psycopg

    parts = urlsplit(test_url)
    name = f"{parts.path.lstrip('/') or 'fixloop'}_startup"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[str, Path]:
    """The README's first steps, once: `fixloop migrate` and `fixloop createsuperuser`. Gives the
    database URL and, for SQLite, the file each test copies."""
    folder = tmp_path_factory.mktemp("installed")
    database_url = fresh_database(folder)
    env = environment(folder, database_url, DJANGO_SUPERUSER_PASSWORD="a-long-production-password-1")
    steps = [
        ["migrate", "--no-input", "-v0"],
        ["createsuperuser", "--no-input", "--username", "owner", "--email", "owner@example.com"],
    ]
    for step in steps:
        result = fixloop(*step, env=env)
        assert result.returncode == 0, result.stderr
    return database_url, folder


@pytest.fixture
def install(installed, tmp_path) -> dict:
    """The environment of an installation whose database is migrated and whose data folder (static
    files, uploads) is still empty."""
    database_url, folder = installed
    if database_url.startswith("sqlite"):
        shutil.copy(folder / "fixloop.sqlite3", tmp_path / "fixloop.sqlite3")
        database_url = f"sqlite:///{tmp_path / 'fixloop.sqlite3'}"
    return environment(tmp_path / "data", database_url)


def fetch(port: int, path: str) -> tuple[int, str, str]:
    """(status, content type, body) of a request as the HTTPS proxy passes it on."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": HOST, "X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (http://127.0.0.1 only)
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode(errors="replace")


class Server:
    def __init__(self, command: list[str], env: dict, port: int):
        self.port = port
        self.process = subprocess.Popen(
            command, env=env, cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    def wait_until_it_answers(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server stopped: {self.process.communicate()[1]}")
            try:
                if fetch(self.port, "/health/")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError("the server did not answer in time")

    def stop(self) -> str:
        self.process.terminate()
        return self.process.communicate(timeout=30)[1]


def gunicorn(env: dict, *, preload: bool = True) -> Server:
    """`gunicorn fixloop.wsgi --preload --workers 4 --bind 127.0.0.1:8000`, as the README says (on a
    free port); without --preload as someone who leaves it out."""
    port = free_port()
    options = ["--preload"] if preload else []
    command = [
        str(BIN / "gunicorn"),
        "fixloop.wsgi",
        *options,
        "--workers",
        "4",
        "--bind",
        f"127.0.0.1:{port}",
    ]
    return Server(command, env, port)


def assert_pages_and_their_static_files_are_served(server: Server) -> None:
    """A staff page and a customer page answer 200, and so do the stylesheet and script they name."""
    server.wait_until_it_answers()
    for path in ("/staff/sign-in/", "/track/"):
        status, _type, page = fetch(server.port, path)
        assert status == 200, (path, page[-2000:])
        assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', page)
        assert any(asset.endswith(".css") for asset in assets), (path, assets)
        for asset in assets:
            status, content_type, _body = fetch(server.port, asset)
            assert status == 200, asset
            assert content_type.startswith("text/css" if asset.endswith(".css") else "text/javascript"), (
                asset,
                content_type,
            )


# ----------------------------------------------------------------------------- static files


def test_the_readme_production_steps_serve_pages_with_their_css(install):
    result = fixloop("collectstatic", "--no-input", env=install)
    assert result.returncode == 0, result.stderr
    server = gunicorn(install)
    try:
        assert_pages_and_their_static_files_are_served(server)
    finally:
        log = server.stop()
    assert "Traceback" not in log, log


@pytest.mark.parametrize("preload", [True, False], ids=["preload", "each worker"])
def test_without_collectstatic_the_server_collects_them_itself(install, preload):
    static = Path(install["FIXLOOP_DATA_DIR"]) / "static"
    assert not static.exists()
    server = gunicorn(install, preload=preload)
    try:
        assert_pages_and_their_static_files_are_served(server)
    finally:
        log = server.stop()
    assert "Traceback" not in log, log
    assert (static / "staticfiles.json").exists()


def test_a_newcomers_runserver_without_debug_serves_pages_with_their_css(install):
    port = free_port()
    server = Server(
        [sys.executable, "-m", "fixloop", "runserver", f"127.0.0.1:{port}", "--noreload"], install, port
    )
    try:
        assert_pages_and_their_static_files_are_served(server)
    finally:
        log = server.stop()
    assert "Traceback" not in log, log


def test_static_files_that_cannot_be_collected_stop_the_server_with_what_to_run(install):
    data = Path(install["FIXLOOP_DATA_DIR"])
    data.mkdir()
    (data / "static").write_text("not a folder")  # STATIC_ROOT cannot be created or written
    server = gunicorn(install)
    try:
        server.process.wait(timeout=STARTUP_SECONDS)
    finally:
        log = server.stop()
    assert server.process.returncode != 0
    assert "Traceback" not in log, log
    lines = [line for line in log.splitlines() if line.startswith("fixloop: ")]
    assert lines, log
    assert all(line == lines[0] for line in lines)  # the same line from each worker that tried
    assert "run `fixloop collectstatic --no-input`" in lines[0]
    assert str(data / "static") in lines[0]


# ----------------------------------------------------------------------------- bad settings

BAD_SETTINGS = [
    # (variable, value, what the line says it expects)
    ("DEBUG", "maybe", "must be one of 1/0, true/false, yes/no, on/off"),
    ("HSTS_SECONDS", "-1", "must be a whole number of at least 0"),
    ("HSTS_SECONDS", "a year", "must be a whole number"),
    ("HSTS_PRELOAD", "sure", "must be one of 1/0"),
    ("ATTACHMENT_MAX_MB", "lots", "must be a whole number"),
    ("ATTACHMENT_MAX_MB", "1000", "must be a whole number between 1 and 512"),
    ("DATABASE_URL", "mysql://fixloop@db/fixloop", "must be an sqlite:/// or postgres:// URL"),
    ("DATABASE_URL", "sqlite://:memory:", "must name an SQLite file"),
    (
        "EMAIL_URL",
        "mail.example.com:587",
        "must start with one of smtp://, smtp+tls://, smtps://, postmark://",
    ),
    ("EMAIL_URL", "smtp+tls://user:secret@mail.example.com:port", "has an invalid port"),
    ("EMAIL_FROM", "service", "must be an e-mail address"),
    ("SITE_URL", "repairs.example.com", "must be an absolute URL starting with http:// or https://"),
    ("ALLOWED_HOSTS", f"https://{HOST}", "must list host names without scheme, port or path"),
    ("ALLOWED_HOSTS", f"{HOST}:443", "must list host names without scheme, port or path"),
    ("ALLOWED_HOSTS", " , ", "lists nothing"),
    ("SECRET_KEY", "short", "must be at least 32 characters long"),
    ("TRACKING_EMBED_ORIGINS", "http://www.example.com", "is not an https origin"),
    ("PROXY_SSL_HEADER", "X-Forwarded-Proto: https", "must be a header name"),
    ("TWILIO_ACCOUNT_SID", "AC123", "TWILIO_AUTH_TOKEN and TWILIO_FROM must be set too"),
    ("FAX_GATEWAY", "fax.example.net", "must look like '{number}@fax.example.net'"),
]


def assert_one_line_naming(stderr: str, variable: str, expected: str) -> None:
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.startswith("fixloop: ")]
    assert lines, stderr
    assert re.match(rf"fixloop: {variable}[ :]", lines[0]), lines[0]
    assert expected in lines[0], lines[0]


@pytest.mark.parametrize(
    ("variable", "value", "expected"), BAD_SETTINGS, ids=[f"{v}={value}" for v, value, _e in BAD_SETTINGS]
)
def test_a_bad_setting_stops_the_fixloop_command_with_one_line(tmp_path, variable, value, expected):
    env = environment(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite3'}", **{variable: value})
    result = fixloop("check", env=env, timeout=60)
    assert result.returncode != 0
    assert_one_line_naming(result.stderr, variable, expected)
    assert result.stderr.count("\n") == 1, result.stderr  # nothing but that line


def test_an_unwritable_data_folder_stops_start_up_with_one_line(tmp_path):
    (tmp_path / "data").write_text("not a folder")
    env = environment(tmp_path / "data", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    del env["SECRET_KEY"]  # so it would be generated and kept in the data folder
    result = fixloop("check", env=env, timeout=60)
    assert result.returncode != 0
    assert_one_line_naming(result.stderr, "FIXLOOP_DATA_DIR", "must be a folder Fixloop may write to")


@pytest.mark.parametrize("module", ["fixloop.wsgi", "fixloop.asgi"])
def test_a_bad_setting_stops_the_wsgi_and_asgi_entry_points_with_one_line(tmp_path, module):
    env = environment(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite3'}", DEBUG="maybe")
    result = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert_one_line_naming(result.stderr, "DEBUG", "must be one of 1/0")
    assert result.stderr.count("\n") == 1, result.stderr


def test_a_bad_setting_stops_gunicorn_with_one_line(tmp_path):
    env = environment(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite3'}", ALLOWED_HOSTS=f"https://{HOST}")
    server = gunicorn(env)
    try:
        server.process.wait(timeout=STARTUP_SECONDS)
    finally:
        log = server.stop()
    assert server.process.returncode != 0
    assert_one_line_naming(log, "ALLOWED_HOSTS", "must list host names without scheme, port or path")
