"""The reminder of declined work: queued when the customer answers an inspection with items they do
not have done (or want to talk about), for the shop's number of days later at the same local time,
in their language, listing those items with prices; unsubscribable; cancelled when all of it has
been authorised since; recorded in the inspection's communication log once sent."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from fixloop.core.actor import Actor
from fixloop.inspections.models import Choice, Event
from fixloop.inspections.services import authorising, items
from fixloop.messaging.kinds import KINDS, label
from fixloop.messaging.kinds.inspections import REMINDER
from fixloop.messaging.models import Message
from fixloop.messaging.optouts import opt_out_of_kind
from fixloop.messaging.tasks import deliver_due
from fixloop.repairs import services as repairs
from fixloop.repairs.models import TimelineEntry
from tests.messaging.inspection_fixtures import answer, item, send

BERLIN = ZoneInfo("Europe/Berlin")
DAYS = 90
DECLINED = {
    "Front brake pads": Choice.REPAIR,
    "Wiper blades": (Choice.DECLINE, "I will change them myself."),
    "Oil and filter change": Choice.CONTACT,
}


def at(moment: datetime):
    return time_machine.travel(moment.astimezone(UTC), tick=False)


def answered_at() -> datetime:
    """Tomorrow 10:15 in Berlin: after the fixtures were made at the real time."""
    day = timezone.now().astimezone(BERLIN).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, 10, 15, tzinfo=BERLIN)


def reminders():
    return Message.objects.filter(kind=REMINDER).order_by("pk")


def answer_declining(inspection, customer_actor, choices=None, moment=None):
    deliver_due()  # the link to answer goes out first
    with at(moment or answered_at()):
        return answer(inspection, customer_actor, choices or DECLINED)


def body(email) -> str:
    return email.get_body(("plain",)).get_content().replace("\r\n", "\n")


def test_the_kind_is_recurring_mail_with_a_name():
    assert KINDS[REMINDER].periodic
    assert label(REMINDER) == "Reminder about declined work"


def test_answering_with_declined_items_queues_one_reminder_the_shops_days_later(
    shop, sent_inspection, customer_actor
):
    version = answer_declining(sent_inspection, customer_actor)

    (reminder,) = reminders()
    assert reminder.state == Message.State.QUEUED
    assert reminder.purpose == version
    assert reminder.recipient == "anna@example.com"
    assert reminder.send_after == answered_at() + timedelta(days=DAYS)
    assert reminder.send_after.astimezone(BERLIN).time() == answered_at().time()  # the same local time
    assert "- Oil and filter change: 124.95 EUR incl. VAT" in reminder.body_text
    assert "- Wiper blades: 39.90 EUR incl. VAT" in reminder.body_text
    assert "Front brake pads" not in reminder.body_text  # to be repaired: nothing to remind of
    assert reminder.unsubscribe_url  # List-Unsubscribe, as recurring mail has


def test_the_reminder_keeps_the_local_time_across_a_change_of_summer_time(
    shop, sent_inspection, customer_actor
):
    """Answered in winter at 10:15; 120 days later it is summer time, and still 10:15 in Berlin."""
    shop.declined_work_reminder_days = 120
    shop.save()
    moment = answered_at()
    answer_declining(sent_inspection, customer_actor, moment=moment)

    goes_out = reminders().get().send_after
    assert goes_out.astimezone(BERLIN).utcoffset() != moment.utcoffset()  # summer time then
    local = goes_out.astimezone(BERLIN)
    assert (local.date(), local.hour, local.minute) == ((moment + timedelta(days=120)).date(), 10, 15)


def test_the_shops_number_of_days_is_used(shop, sent_inspection, customer_actor):
    shop.declined_work_reminder_days = 30
    shop.save()

    answer_declining(sent_inspection, customer_actor)

    assert reminders().get().send_after == answered_at() + timedelta(days=30)


def test_no_reminder_when_the_shop_sends_none(shop, sent_inspection, customer_actor):
    shop.declined_work_reminder_days = 0
    shop.save()

    answer_declining(sent_inspection, customer_actor)

    assert not reminders().exists()


def test_no_reminder_when_everything_is_to_be_repaired(shop, sent_inspection, customer_actor):
    answer_declining(sent_inspection, customer_actor, {"Front brake pads": Choice.REPAIR})

    assert not reminders().exists()


def test_no_reminder_for_a_customer_who_switched_notifications_off(
    shop, sent_inspection, customer_actor, customer
):
    customer.notifications_enabled = False
    customer.save()

    answer_declining(sent_inspection, customer_actor)

    assert not reminders().exists()


def test_the_reminder_is_in_the_customers_language(shop, sent_inspection, customer_actor, customer):
    customer.language = "de"
    customer.save()

    answer_declining(sent_inspection, customer_actor)

    reminder = reminders().get()
    assert reminder.language == "de"
    assert reminder.subject == "Bei Lenovo ThinkPad T14 · PF-11111 stehen noch Arbeiten aus"
    assert "- Scheibenwischer" not in reminder.body_text  # item text stays as the shop wrote it
    assert "- Wiper blades: 39,90 EUR inkl. MwSt." in reminder.body_text


def test_the_reminder_goes_out_when_due_and_is_logged(shop, smtp_server, sent_inspection, customer_actor):
    version = answer_declining(sent_inspection, customer_actor)
    due = answered_at() + timedelta(days=DAYS)

    with at(due - timedelta(minutes=1)):
        assert deliver_due() == {}
    with at(due + timedelta(seconds=1)):
        assert deliver_due() == {"sent": 1}

    email = smtp_server.received[-1].email
    assert (
        " ".join(str(email["Subject"]).split())
        == "Work we found on Lenovo ThinkPad T14 · PF-11111 is still to be done"
    )
    assert "- Wiper blades: 39.90 EUR incl. VAT" in body(email)
    assert email["List-Unsubscribe"]
    (logged,) = Event.objects.filter(inspection=sent_inspection, kind=Event.Kind.REMINDED)
    assert (logged.version, logged.channel, logged.address) == (version.number, "email", "anna@example.com")
    assert logged.at == due + timedelta(seconds=1)
    assert logged.timeline_entry.kind == TimelineEntry.Kind.INSPECTION
    assert logged.timeline_entry.data["event"] == "inspection_reminded"


def test_nothing_is_logged_for_a_reminder_that_did_not_go_out(shop, sent_inspection, customer_actor):
    answer_declining(sent_inspection, customer_actor)
    for declined in ("Wiper blades", "Oil and filter change"):
        authorising.authorise(item(sent_inspection, declined), by=Actor.system("test"), authorised=True)

    with at(answered_at() + timedelta(days=DAYS, seconds=1)):
        assert deliver_due() == {"cancelled": 1}

    assert not Event.objects.filter(kind=Event.Kind.REMINDED).exists()


def test_the_reminder_is_cancelled_when_all_its_work_was_authorised_after_all(
    shop, sent_inspection, customer_actor, staff_actor
):
    answer_declining(sent_inspection, customer_actor)
    authorising.authorise(item(sent_inspection, "Wiper blades"), by=staff_actor, authorised=True)
    authorising.authorise(item(sent_inspection, "Oil and filter change"), by=staff_actor, authorised=True)

    with at(answered_at() + timedelta(days=DAYS, seconds=1)):
        assert deliver_due() == {"cancelled": 1}

    reminder = reminders().get()
    assert reminder.state_reason == (
        "Alle Arbeiten, an die diese Erinnerung erinnert, wurden inzwischen freigegeben."
    )


def test_the_reminder_still_goes_out_while_part_of_its_work_is_open(
    shop, sent_inspection, customer_actor, staff_actor
):
    answer_declining(sent_inspection, customer_actor)
    authorising.authorise(item(sent_inspection, "Wiper blades"), by=staff_actor, authorised=True)

    with at(answered_at() + timedelta(days=DAYS, seconds=1)):
        assert deliver_due() == {"sent": 1}


def test_the_reminder_is_cancelled_when_a_later_inspection_of_the_unit_had_the_work_done(
    shop, sent_inspection, customer_actor, staff_actor, customer, unit, location
):
    answer_declining(sent_inspection, customer_actor)
    first = sent_inspection.work_order
    repairs.close(first, by=staff_actor)
    later_visit = repairs.open_work_order(
        customer=customer, unit=unit, location=location, problem_description="Annual service", by=staff_actor
    )
    later = items.start(later_visit, by=staff_actor)
    for declined in ("Wiper blades", "Oil and filter change"):
        offered_again = items.add_item(
            later,
            by=staff_actor,
            category="recommended",
            description=declined,
            parts=Decimal("33.53"),
            carried_from=item(sent_inspection, declined),
        )
        authorising.authorise(offered_again, by=staff_actor, authorised=True)

    with at(answered_at() + timedelta(days=DAYS, seconds=1)):
        assert deliver_due()[Message.State.CANCELLED] >= 1

    assert reminders().get().state == Message.State.CANCELLED


def test_a_customer_who_unsubscribed_meanwhile_gets_no_reminder(
    shop, sent_inspection, customer_actor, customer
):
    answer_declining(sent_inspection, customer_actor)
    opt_out_of_kind(customer, REMINDER, by=customer_actor)

    with at(answered_at() + timedelta(days=DAYS, seconds=1)):
        assert deliver_due() == {"cancelled": 1}

    # in the shop's language, as the back office reads it
    assert "von „Erinnerung an abgelehnte Arbeiten“-E-Mails abgemeldet" in reminders().get().state_reason


def test_a_customer_who_unsubscribed_before_gets_a_suppressed_reminder(
    shop, sent_inspection, customer_actor, customer
):
    opt_out_of_kind(customer, REMINDER, by=customer_actor)

    answer_declining(sent_inspection, customer_actor)

    reminder = reminders().get()
    assert reminder.state == Message.State.SUPPRESSED
    assert "unsubscribed" in reminder.state_reason


def test_a_later_answered_version_keeps_the_declined_answers_and_replaces_the_earlier_reminder(
    shop, sent_inspection, customer_actor, staff_actor
):
    answer_declining(sent_inspection, customer_actor)
    items.change_item(item(sent_inspection, "Front brake pads"), by=staff_actor, labour=Decimal("95.00"))
    send(sent_inspection, staff_actor)
    second_answer = answered_at() + timedelta(hours=2)
    answer_declining(
        sent_inspection, customer_actor, {"Front brake pads": Choice.REPAIR}, moment=second_answer
    )

    first, second = reminders()
    assert second.purpose.number == 2
    # the answers kept from version 1 are still open: the second reminder offers them
    assert "- Wiper blades" in second.body_text and "- Oil and filter change" in second.body_text
    with at(second_answer + timedelta(days=DAYS, seconds=1)):
        assert deliver_due() == {"cancelled": 1, "sent": 1}
    first.refresh_from_db()
    assert first.state == Message.State.CANCELLED
    assert first.state_reason == (
        "Der Kunde hat später Version 2 der Inspektion beantwortet; die Erinnerung zu dieser Antwort "
        "ersetzt diese."
    )
