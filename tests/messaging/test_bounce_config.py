"""BOUNCE_ADDRESS and BOUNCE_MAILBOX_URL: read strictly, a bad value names the variable."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from fixloop import config


def test_a_bounce_address_is_kept_and_unset_is_off(monkeypatch):
    monkeypatch.setenv("BOUNCE_ADDRESS", "bounces@shop.example")
    assert config.env_bounce_address("BOUNCE_ADDRESS") == "bounces@shop.example"
    monkeypatch.delenv("BOUNCE_ADDRESS")
    assert config.env_bounce_address("BOUNCE_ADDRESS") == ""


@pytest.mark.parametrize("value", ["bounces", "bounces+x@shop.example", "Shop <bounces@shop.example>", "@x"])
def test_a_bad_bounce_address_is_refused_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("BOUNCE_ADDRESS", value)
    with pytest.raises(ImproperlyConfigured, match="BOUNCE_ADDRESS"):
        config.env_bounce_address("BOUNCE_ADDRESS")


def test_a_bounce_mailbox_url_gives_host_port_tls_user_password_and_folder(monkeypatch):
    monkeypatch.setenv("BOUNCE_MAILBOX_URL", "imaps://bounces%40shop.example:p%2Fw@mail.example.com/Bounces")
    assert config.bounce_mailbox_config("BOUNCE_MAILBOX_URL") == {
        "host": "mail.example.com",
        "port": 993,
        "ssl": True,
        "user": "bounces@shop.example",
        "password": "p/w",
        "folder": "Bounces",
    }
    monkeypatch.setenv("BOUNCE_MAILBOX_URL", "imap://u:p@127.0.0.1:1143")
    assert config.bounce_mailbox_config("BOUNCE_MAILBOX_URL") == {
        "host": "127.0.0.1",
        "port": 1143,
        "ssl": False,
        "user": "u",
        "password": "p",
        "folder": "INBOX",
    }


@pytest.mark.parametrize(
    "value",
    ["pop3://u:p@host/", "imaps://host/INBOX", "imaps://u@host/", "imap://u:p@host:99999/", "imaps://u:p@/"],
)
def test_a_bad_bounce_mailbox_url_is_refused_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("BOUNCE_MAILBOX_URL", value)
    with pytest.raises(ImproperlyConfigured, match="BOUNCE_MAILBOX_URL"):
        config.bounce_mailbox_config("BOUNCE_MAILBOX_URL")


@pytest.mark.django_db
def test_the_sweep_has_the_mailbox_read_once_every_few_minutes(settings):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from fixloop.messaging.tasks import BOUNCE_MAILBOX_EVERY, read_bounce_mailbox, sweep

    reads = DBTaskResult.objects.filter(task_path=read_bounce_mailbox.module_path)
    settings.BOUNCE_MAILBOX = {}
    sweep()
    assert not reads.exists()

    settings.BOUNCE_MAILBOX = {"host": "127.0.0.1"}
    sweep()
    sweep()  # a second worker's sweep: the read is waiting already
    assert reads.count() == 1
    reads.update(status="SUCCESSFUL", finished_at=timezone.now())
    sweep()
    assert reads.count() == 1  # read a moment ago
    with time_machine.travel(timezone.now() + BOUNCE_MAILBOX_EVERY + timedelta(seconds=1)):
        sweep()
    assert reads.count() == 2
