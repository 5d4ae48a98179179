"""The message with the link to an inspection: one per address staff chose, by e-mail through a real
SMTP server on loopback or by text through the local Twilio, in the customer's language, once per
send; cancelled when the version is replaced, answered or its link revoked before it goes out."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.db import transaction
from django.utils import timezone

from fixloop.inspections.models import Choice, Event
from fixloop.inspections.services import items, links
from fixloop.messaging import inspections as inspection_messages
from fixloop.messaging import services
from fixloop.messaging.kinds import KINDS, label
from fixloop.messaging.kinds.inspections import READY
from fixloop.messaging.models import Message
from fixloop.messaging.tasks import deliver_due
from fixloop.portal import inspection_links
from tests.messaging import sms_fixtures
from tests.messaging.inspection_fixtures import answer, item, send

BERLIN = ZoneInfo("Europe/Berlin")
twilio_api = sms_fixtures.twilio_api


def link_messages():
    return Message.objects.filter(kind=READY).order_by("pk")


def plain_body(email) -> str:
    return email.get_body(("plain",)).get_content().replace("\r\n", "\n")


def subject(email) -> str:
    return " ".join(str(email["Subject"]).split())


def tomorrow_at(hour: int, minute: int = 0) -> datetime:
    day = timezone.now().astimezone(BERLIN).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def at(moment: datetime):
    return time_machine.travel(moment.astimezone(UTC), tick=False)


def test_the_kind_has_a_name_and_wording_staff_can_change():
    kind = KINDS[READY]
    assert label(READY) == "Inspection ready for the customer's answers"
    assert {("email", "en"), ("email", "de"), ("sms", "en"), ("sms", "de")} <= set(kind.defaults)
    assert not kind.periodic


def test_each_chosen_email_address_gets_the_link(shop, smtp_server, inspection, staff_actor):
    version = send(inspection, staff_actor, emails=["anna@example.com", "fleet@example.org"])

    assert deliver_due() == {"sent": 2}
    assert sorted(received.rcpt_tos[0] for received in smtp_server.received) == [
        "anna@example.com",
        "fleet@example.org",
    ]
    link = inspection_links.url_of(inspection.links.get())
    assert link and link.startswith("http") and "/inspection/" in link
    email = smtp_server.received[0].email
    number = inspection.work_order.number
    assert subject(email) == f"The results of the check of Lenovo ThinkPad T14 · PF-11111 – {number}"
    body = plain_body(email)
    assert body.startswith(
        f"Hello Anna Becker,\n\nwe have checked Lenovo ThinkPad T14 · PF-11111 (work order {number})."
    )
    assert "We found: 1 scheduled service, 1 necessary repair, 1 recommended, 1 checked and OK." in body
    assert link in body
    assert link in email.get_body(("html",)).get_content()
    message = link_messages().first()
    assert message.purpose == version
    assert message.work_order == inspection.work_order


def test_a_text_goes_to_the_chosen_number_with_the_link(shop, twilio_api, inspection, staff_actor):
    with at(tomorrow_at(10)):
        send(inspection, staff_actor, emails=[], phones=[sms_fixtures.MOBILE])
        assert deliver_due() == {"sent": 1}

    (text,) = twilio_api.messages()
    assert text.to == sms_fixtures.MOBILE
    assert "the check of your Lenovo ThinkPad T14 · PF-11111" in text.body
    assert inspection_links.url_of(inspection.links.get()) in text.body


def test_a_text_sent_at_night_waits_for_eight_in_the_morning(shop, inspection, staff_actor):
    evening, morning = tomorrow_at(22, 30), tomorrow_at(8) + timedelta(days=1)
    with at(evening):
        send(inspection, staff_actor, emails=[], phones=[sms_fixtures.MOBILE])
        (message,) = link_messages()
        assert message.send_after == morning
        assert deliver_due() == {}
    with at(morning):
        assert deliver_due() == {"sent": 1}


def test_the_message_is_in_the_customers_language(shop, smtp_server, inspection, customer, staff_actor):
    customer.language = "de"
    customer.save()

    send(inspection, staff_actor)
    deliver_due()

    email = smtp_server.received[0].email
    assert subject(email).startswith("Das Ergebnis der Prüfung von Lenovo ThinkPad T14")
    body = plain_body(email)
    assert body.startswith("Guten Tag Anna Becker,")
    assert "1 notwendige Reparatur" in body


def test_the_shops_own_wording_is_used(shop, smtp_server, inspection, staff_actor, advisor):
    services.save_template(
        READY,
        "email",
        "en",
        subject="Check of {{ work_order_number }} done",
        body="Answer here: {{ inspection_link }} (version {{ inspection_version }})",
        by=advisor,
    )

    send(inspection, staff_actor)
    deliver_due()

    email = smtp_server.received[0].email
    assert subject(email) == f"Check of {inspection.work_order.number} done"
    assert plain_body(email).strip() == (
        f"Answer here: {inspection_links.url_of(inspection.links.get())} (version 1)"
    )


def test_the_same_send_heard_twice_queues_one_message(shop, inspection, staff_actor):
    version = send(inspection, staff_actor)
    link = inspection.links.get()

    inspection_messages.on_inspection_sent(
        None, inspection=inspection, version=version, link=link, recipients=[("email", "anna@example.com")]
    )

    assert link_messages().count() == 1


def test_sending_the_same_version_again_sends_it_again(shop, smtp_server, inspection, staff_actor):
    send(inspection, staff_actor)
    deliver_due()
    send(inspection, staff_actor)  # nothing changed: the same version, e.g. a lost e-mail

    assert deliver_due() == {"sent": 1}
    assert len(smtp_server.received) == 2
    assert {message.purpose.number for message in link_messages()} == {1}
    assert Event.objects.filter(inspection=inspection, kind=Event.Kind.SENT).count() == 2


def test_a_message_for_a_replaced_version_is_cancelled_with_the_reason(shop, inspection, staff_actor):
    send(inspection, staff_actor)
    items.change_item(item(inspection, "Front brake pads"), by=staff_actor, labour=Decimal("95.00"))
    send(inspection, staff_actor)

    assert deliver_due() == {"sent": 1, "cancelled": 1}
    first, second = link_messages()
    first.refresh_from_db()
    assert first.state == Message.State.CANCELLED
    # in the shop's language, as the back office reads it
    assert first.state_reason == (
        "Version 1 der Inspektion wurde durch Version 2 ersetzt, bevor diese Nachricht gesendet wurde."
    )
    assert second.purpose.number == 2


def test_a_message_for_a_version_answered_meanwhile_is_cancelled(
    shop, inspection, staff_actor, customer_actor
):
    send(inspection, staff_actor)
    answer(inspection, customer_actor, {"Front brake pads": Choice.REPAIR})

    assert deliver_due() == {"cancelled": 1}
    (message,) = link_messages()
    assert message.state_reason.startswith("Der Kunde hat Version 1 der Inspektion am ")


def test_a_message_whose_link_was_revoked_is_cancelled(shop, smtp_server, inspection, staff_actor):
    send(inspection, staff_actor)
    links.revoke_links(inspection, by=staff_actor)

    assert deliver_due() == {"cancelled": 1}
    assert smtp_server.received == []
    (message,) = link_messages()
    assert message.state_reason.startswith("Der Link zur Inspektion in dieser Nachricht wurde am ")


def test_a_rolled_back_send_sends_nothing(shop, inspection, staff_actor):
    try:
        with transaction.atomic():
            send(inspection, staff_actor)
            raise RuntimeError("the request failed after sending")
    except RuntimeError:
        pass

    assert not link_messages().exists()
