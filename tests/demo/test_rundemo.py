"""`fixloop rundemo` runs as a real process here: it starts children and handles signals."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from fixloop.demo.logins import DEMO_LOGINS, DEMO_PORTAL_LOGIN


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children_of(pid: int) -> dict[str, int]:
    """{"runserver": pid, "worker": pid}: the child processes by the command they run."""
    children = {}
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        arguments = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        children[arguments[3].decode()] = int(child)  # python -m fixloop <command>
    return children


def is_running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status  # a zombie has stopped, it only waits to be reaped


def wait_for(condition, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture(scope="module")
def environment(tmp_path_factory) -> dict:
    """A migrated SQLite database of its own: the runner's children cannot see the test database."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    data = tmp_path_factory.mktemp("rundemo")
    env |= {"FIXLOOP_DATA_DIR": str(data), "DEBUG": "1", "PYTHONUNBUFFERED": "1"}
    subprocess.run([sys.executable, "-m", "fixloop", "migrate", "-v0"], env=env, check=True)
    return env


@pytest.fixture
def rundemo(environment):
    """rundemo() -> (the runner process, its port, what it printed up to the banner's end)."""
    started = []

    def start():
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "fixloop", "rundemo", "--port", str(port)],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started.append(process)
        printed = []
        for line in process.stdout:
            printed.append(line)
            if "Ctrl-C" in line:
                break
        return process, port, "".join(printed)

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_rundemo_serves_the_site_prints_urls_and_logins_and_stops_its_children_on_ctrl_c(rundemo):
    process, port, banner = rundemo()
    children = children_of(process.pid)

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/login/") as response:
        assert response.status == 200
    assert f"http://127.0.0.1:{port}/staff/" in banner
    assert f"http://127.0.0.1:{port}/admin/" in banner
    for login in DEMO_LOGINS:
        assert login.username in banner and login.password in banner
    assert f"http://127.0.0.1:{port}/portal/" in banner
    assert DEMO_PORTAL_LOGIN.email in banner and DEMO_PORTAL_LOGIN.password in banner
    assert set(children) == {"runserver", "worker", "scheduler"}

    process.send_signal(signal.SIGINT)

    assert process.wait(timeout=20) == 0
    assert wait_for(lambda: not any(is_running(child) for child in children.values()))


def test_rundemo_stops_its_children_on_sigterm(rundemo):
    process, _port, _banner = rundemo()
    children = children_of(process.pid)

    process.terminate()

    assert process.wait(timeout=20) == 0
    assert wait_for(lambda: not any(is_running(child) for child in children.values()))


def test_when_a_child_dies_rundemo_stops_the_other_and_fails(rundemo):
    process, _port, _banner = rundemo()
    children = children_of(process.pid)

    os.kill(children["worker"], signal.SIGKILL)

    assert process.wait(timeout=20) != 0
    assert "worker stopped unexpectedly" in process.stdout.read()
    assert wait_for(lambda: not is_running(children["runserver"]))


def test_rundemo_refuses_a_port_that_is_in_use(environment):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        result = subprocess.run(
            [sys.executable, "-m", "fixloop", "rundemo", "--port", str(port)],
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert result.returncode != 0
    assert f"Port {port} is in use" in result.stderr
