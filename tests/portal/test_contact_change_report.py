"""A customer's e-mail address or mobile number changed by the customer (tracking page or portal):
the OLD address hears of it, with a single-use link to report "this wasn't me", which puts the
previous details back, goes on the timeline and alerts staff."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from fixloop.core.tokens import hash_token
from fixloop.customers.models import ContactChange
from fixloop.messaging import staff_alerts
from fixloop.messaging.models import Message, StaffAlertEvent
from fixloop.repairs import services as repairs
from fixloop.repairs.models import CustomerNote, TimelineEntry
from fixloop.shop.models import Role
from tests.factories import UserFactory, customer_actor_for

SITE = "https://repairs.example.com"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def jana(db):
    user = UserFactory(username="jana", email="jana@shop.example.com", role=Role.SERVICE_ADVISOR)
    staff_alerts.save_choices(user, [StaffAlertEvent.CONTACT_CHANGED], "en")
    return user


def notices(channel=None) -> list[Message]:
    found = Message.objects.filter(kind="customer.contact_changed").order_by("pk")
    return list(found.filter(channel=channel) if channel else found)


def report_path(message: Message) -> str:
    url = re.search(rf"{re.escape(SITE)}(/portal/contact-change/[A-Za-z0-9_-]+/)", message.body_text).group(1)
    return url


def staff_page(work_order, language: str = "en", tab: str = "") -> str:
    """The work-order page (its `tab`) as a service advisor reads it in `language`."""
    client = Client()
    client.force_login(UserFactory(username=f"reader-{language}", role=Role.SERVICE_ADVISOR))
    client.cookies["django_language"] = language
    return client.get(f"/staff/work-orders/{work_order.number}/?tab={tab}").content.decode()


def change_email_on_tracking_page(link, email="mallory@evil.example"):
    return repairs.correct_contact_details(link, {"email": email}, by=customer_actor_for())


def test_an_e_mail_changed_on_the_tracking_page_is_told_to_the_old_address(link, customer):
    change_email_on_tracking_page(link)

    [notice] = notices()
    assert notice.recipient == "anna@example.com"
    assert notice.channel == "email" and notice.customer_id == customer.pk
    assert "e-mail address" in notice.body_text and "mallory" not in notice.body_text
    assert report_path(notice)


def test_a_mobile_number_changed_in_the_portal_is_texted_to_the_old_number(customer, work_order):
    customer.mobile = "+4915112345678"
    customer.save()
    repairs.change_account_contact_details(
        customer.pk, {"mobile": "+49 151 87654321", "email": "new@example.com"}, by=customer_actor_for()
    )

    [email, sms] = notices()
    assert (email.channel, email.recipient) == ("email", "anna@example.com")
    assert (sms.channel, sms.recipient) == ("sms", "+4915112345678")
    assert report_path(email) == report_path(sms)
    assert ContactChange.objects.get().changes["mobile"] == ["+4915112345678", "+4915187654321"]


def test_a_change_of_the_postal_address_only_or_a_first_e_mail_address_tells_nobody(customer, link):
    repairs.correct_contact_details(link, {"city": "Potsdam"}, by=customer_actor_for())
    customer.email = ""
    customer.save()
    repairs.change_account_contact_details(
        customer.pk, {"email": "anna@example.com"}, by=customer_actor_for()
    )

    assert notices() == [] and not ContactChange.objects.exists()


def test_the_link_is_random_stored_hashed_and_valid_fourteen_days(link):
    change_email_on_tracking_page(link)
    token = report_path(notices()[0]).rstrip("/").rsplit("/", 1)[1]
    change = ContactChange.objects.get()

    assert len(token) == 43 and change.token_hash == hash_token(token)
    assert token not in str(ContactChange.objects.values().get())
    assert change.expires_at - change.created_at == timedelta(days=14)


def test_the_page_asks_first_and_changes_nothing_on_get(client, link, customer):
    change_email_on_tracking_page(link)
    path = report_path(notices()[0])

    page = client.get(path)

    assert page.status_code == 200
    assert "This wasn't me: undo the change" in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    customer.refresh_from_db()
    assert customer.email == "mallory@evil.example"


def test_reporting_puts_the_old_details_back_records_it_and_alerts_staff(
    client, link, customer, work_order, jana
):
    change_email_on_tracking_page(link)
    path = report_path(notices()[0])

    page = client.post(path, REMOTE_ADDR="198.51.100.7")

    assert page.status_code == 200
    assert "the change is undone" in page.content.decode()
    customer.refresh_from_db()
    assert customer.email == "anna@example.com"
    entry = TimelineEntry.objects.filter(work_order=work_order, kind="contact").latest("id")
    assert entry.changed_fields == {"email": ["mallory@evil.example", "anna@example.com"]}
    assert entry.event == "reported_not_theirs" and entry.text == "" and not entry.public
    assert "Reported as not made by the customer" in staff_page(work_order, tab="timeline")
    assert "Über den Link an die bisherigen Kontaktdaten als nicht vom Kunden gemeldet" in staff_page(
        work_order, "de", tab="timeline"
    )
    assert entry.ip == "198.51.100.7"
    assert CustomerNote.objects.filter(entry=entry, read_at=None).exists()
    [alert] = Message.objects.filter(kind="staff_alert.contact_change_reported")
    assert alert.recipient == "jana@shop.example.com"
    assert "not theirs" in alert.subject
    assert "mallory@evil.example → anna@example.com" in alert.body_text


def test_a_used_link_says_so_and_changes_nothing_again(client, link, customer):
    change_email_on_tracking_page(link)
    path = report_path(notices()[0])
    client.post(path)
    repairs.correct_contact_details(link, {"city": "Potsdam"}, by=customer_actor_for())

    again = client.post(path)
    shown = client.get(path)

    assert again.status_code == 410 and shown.status_code == 410
    assert "has been reported already" in shown.content.decode()
    assert TimelineEntry.objects.filter(data__event="reported_not_theirs").count() == 1


def test_an_expired_link_says_so(client, link, customer, time_machine):
    change_email_on_tracking_page(link)
    path = report_path(notices()[0])
    time_machine.move_to(timezone.now() + timedelta(days=15))

    page = client.post(path)

    assert page.status_code == 410
    assert "This link has expired" in page.content.decode()
    customer.refresh_from_db()
    assert customer.email == "mallory@evil.example"


@pytest.mark.parametrize("token", ["A" * 43, "short", "A" * 42 + "!"])
def test_an_unknown_link_answers_404(client, db, token):
    page = client.get(f"/portal/contact-change/{token}/")
    assert page.status_code == 404
    assert "This link is not valid" in page.content.decode()


def test_undoing_also_ends_the_links_of_later_changes_so_they_cannot_undo_it(client, link, customer):
    change_email_on_tracking_page(link, "mallory@evil.example")
    change_email_on_tracking_page(link, "mallory2@evil.example")
    first, second = notices()
    assert second.recipient == "mallory@evil.example"

    client.post(report_path(first))
    page = client.post(report_path(second))

    assert page.status_code == 410
    customer.refresh_from_db()
    assert customer.email == "anna@example.com"


def test_the_notice_and_the_page_are_in_the_customers_language(client, link, customer):
    customer.language = "de"
    customer.save()
    change_email_on_tracking_page(link)
    [notice] = notices()

    assert "E-Mail-Adresse" in notice.body_text
    assert "Das war ich nicht" in client.get(report_path(notice)).content.decode()
