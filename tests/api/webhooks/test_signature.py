"""A delivery's Fixloop-Signature is verified by the recipes in docs/webhooks.md, run as written."""

import json
import subprocess

import pytest

from fixloop.api.webhooks import signing
from fixloop.messaging.tasks import deliver_due
from fixloop.repairs import services as repairs
from tests.api.webhooks.recipes import python_verify, shell_recipe


@pytest.fixture
def delivered(subscribe, receiver, work_order, statuses, staff_actor):
    """(secret, the request the receiver got) for one status change."""
    _endpoint, secret = subscribe("work_order.status_changed.v1")
    repairs.change_status(work_order, statuses["in_progress"], by=staff_actor)
    deliver_due()
    (request,) = receiver.received
    return secret, request


def shell_says(tmp_path, secret: str, header: str, body: bytes) -> str:
    (tmp_path / "body.json").write_bytes(body)
    result = subprocess.run(
        ["/bin/sh", "-c", shell_recipe()],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "FIXLOOP_SECRET": secret, "SIGNATURE_HEADER": header},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_the_python_recipe_accepts_a_delivered_event(delivered):
    secret, request = delivered
    assert python_verify()(secret, request.headers["Fixloop-Signature"], request.body) is True


def test_the_python_recipe_refuses_a_changed_body(delivered):
    secret, request = delivered
    assert python_verify()(secret, request.headers["Fixloop-Signature"], request.body + b" ") is False


def test_the_python_recipe_refuses_another_secret(delivered):
    _secret, request = delivered
    assert python_verify()(signing.new_secret(), request.headers["Fixloop-Signature"], request.body) is False


def test_the_python_recipe_refuses_an_old_signature(delivered):
    secret, request = delivered
    body = request.body
    header = signing.signature_header([secret], 1_000_000_000, body)
    assert python_verify()(secret, header, body) is False


def test_the_shell_recipe_accepts_a_delivered_event(delivered, tmp_path):
    secret, request = delivered
    assert shell_says(tmp_path, secret, request.headers["Fixloop-Signature"], request.body) == "valid"


def test_the_shell_recipe_refuses_another_secret(delivered, tmp_path):
    _secret, request = delivered
    header = request.headers["Fixloop-Signature"]
    assert shell_says(tmp_path, signing.new_secret(), header, request.body) == "INVALID"


def test_the_request_names_the_event_and_the_delivery_and_carries_the_event_as_json(delivered):
    _secret, request = delivered
    body = json.loads(request.body)
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Fixloop-Event"] == body["type"] == "work_order.status_changed.v1"
    assert len(request.headers["Fixloop-Delivery"]) == 36
    assert request.path == "/fixloop/events"


def test_the_secret_is_stored_encrypted_not_in_clear(subscribe):
    endpoint, secret = subscribe("work_order.status_changed.v1")
    endpoint.refresh_from_db()
    assert secret.startswith("whsec_")
    assert secret not in endpoint.secret
    assert signing.decrypt(endpoint.secret) == secret


def test_a_secret_stays_readable_after_secret_key_moves_to_the_fallbacks(subscribe, settings):
    endpoint, secret = subscribe("work_order.status_changed.v1")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "another key " * 5
    assert signing.decrypt(endpoint.secret) == secret
