"""Staff alerts: a member of staff who chose an event gets an e-mail through the outbox, in their
language, linking to the back-office page to act on; nobody else does, and nobody for what they did
themselves. The "My alerts" page where they choose."""

import re

import pytest
from django.core.exceptions import ValidationError

from fixloop.bookings import services as bookings
from fixloop.estimates import services as estimates
from fixloop.messaging import staff_alerts
from fixloop.messaging.models import Message, StaffAlertEvent, StaffAlertLanguage, StaffAlertSubscription
from fixloop.repairs import services as repairs
from fixloop.shop.models import Role
from tests.backoffice import booking_fixtures
from tests.backoffice.booking_fixtures import TUESDAY, WEDNESDAY, at
from tests.estimates.fixtures import decide_all
from tests.factories import UserFactory, customer_actor_for, staff_actor_for

Event = StaffAlertEvent
SITE = "http://127.0.0.1:8000"

submit_public = booking_fixtures.submit_public
request_in = booking_fixtures.request_in

pytestmark = pytest.mark.usefixtures("clock")


def alerts(kind: str | None = None) -> list[Message]:
    found = Message.objects.filter(kind__startswith="staff_alert.").order_by("pk")
    return list(found.filter(kind=f"staff_alert.{kind}") if kind else found)


@pytest.fixture
def jana(db):
    """A service advisor who wants every alert, in English."""
    user = UserFactory(
        username="jana",
        first_name="Jana",
        last_name="Wolf",
        email="jana@shop.example.com",
        role=Role.SERVICE_ADVISOR,
    )
    staff_alerts.save_choices(user, Event.values, "en")
    return user


@pytest.fixture
def uninterested(db):
    return UserFactory(username="max", email="max@shop.example.com", role=Role.SERVICE_ADVISOR)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


# ----------------------------------------------------------------------------- booking requests


def test_a_new_booking_request_alerts_who_chose_it(jana, uninterested, submit):
    request = submit()

    [message] = alerts()
    assert message.kind == "staff_alert.booking_requested"
    assert (message.channel, message.recipient, message.language) == ("email", jana.email, "en")
    assert message.state == Message.State.QUEUED
    assert message.customer is None and message.work_order is None
    assert message.subject == "New booking request from Anna Becker"
    assert message.body_text.startswith("Hello Jana Wolf,")
    assert "- Tue 19 Mar 2030, 10:00 (Europe/Berlin)" in message.body_text
    assert f"{SITE}/staff/service-requests/{request.pk}/" in message.body_text


def test_an_alert_is_written_in_the_staff_members_language(jana, submit):
    staff_alerts.save_choices(jana, Event.values, "de")

    submit()

    [message] = alerts()
    assert message.language == "de"
    assert message.subject == "Neue Terminanfrage von Anna Becker"
    assert "Di 19. Mär 2030, 10:00 (Europe/Berlin)" in message.body_text


def test_without_a_language_of_their_own_the_shops_default_is_used(jana, submit, shop):
    staff_alerts.save_choices(jana, Event.values, "")
    shop.default_language = "de"
    shop.save()

    submit()

    assert alerts()[0].language == "de"


def test_a_public_request_alerts_once_its_address_is_confirmed(jana, submit_public):
    request = submit_public()
    assert alerts() == []

    bookings.confirm_email(submit_public.token, by=customer_actor_for(""))

    [message] = alerts("booking_requested")
    assert message.subject == "New booking request from Clara Neumann"
    assert f"/staff/service-requests/{request.pk}/" in message.body_text


def test_a_request_staff_enter_alerts_the_others_but_not_them(jana, advisor, submit, customer, unit):
    staff_alerts.save_choices(advisor, Event.values)

    submit(by=staff_actor_for(jana), source="staff")

    assert [message.recipient for message in alerts()] == [advisor.email]


def test_the_customer_accepting_a_suggestion_alerts(jana, request_in, customer_actor):
    request = request_in("waiting_customer")

    bookings.accept(request, version=request.version, by=customer_actor, message="Fine by me.")

    [message] = alerts("booking_answered")
    assert "Anna Becker accepted the time you suggested" in message.body_text
    assert "Tue 19 Mar 2030, 14:00 (Europe/Berlin)" in message.body_text
    assert "Fine by me." in message.body_text


def test_a_counter_proposal_alerts_with_the_times_proposed(jana, request_in, customer_actor):
    request = request_in("waiting_customer")

    bookings.counter(request, version=request.version, slots=[at(WEDNESDAY, "15:00")], by=customer_actor)

    [message] = alerts("booking_answered")
    assert "Anna Becker proposed other times" in message.body_text
    assert "Wed 20 Mar 2030, 15:00 (Europe/Berlin)" in message.body_text


def test_a_withdrawal_alerts(jana, request_in, customer_actor):
    request = request_in("pending")

    bookings.withdraw(request, version=request.version, by=customer_actor, reason="Fixed it myself.")

    [message] = alerts("booking_withdrawn")
    assert message.subject == "Anna Becker withdrew a booking request"
    assert "Fixed it myself." in message.body_text


def test_the_shops_own_steps_alert_nobody(jana, submit, statuses, staff_actor):
    request = submit()
    Message.objects.filter(kind__startswith="staff_alert.").delete()

    bookings.suggest(request, version=request.version, slots=[at(TUESDAY, "14:00")], by=staff_actor)

    assert alerts() == []


def test_only_the_chosen_events_alert(jana, request_in, customer_actor):
    staff_alerts.save_choices(jana, [Event.BOOKING_WITHDRAWN])
    request = request_in("pending")

    bookings.withdraw(request, version=request.version, by=customer_actor)

    assert [message.kind for message in alerts()] == ["staff_alert.booking_withdrawn"]


@pytest.mark.parametrize(
    "change", [{"email": ""}, {"is_active": False}], ids=["without an e-mail address", "inactive"]
)
def test_who_cannot_receive_or_use_alerts_gets_none(jana, submit, change):
    type(jana).objects.filter(pk=jana.pk).update(**change)

    submit()

    assert alerts() == []


def test_a_user_without_a_staff_role_gets_none(submit, db):
    outsider = UserFactory(username="former", email="former@shop.example.com")
    staff_alerts.save_choices(outsider, Event.values)

    submit()

    assert alerts() == []


# ----------------------------------------------------------------------------- estimates


def test_an_approval_alerts_with_the_outcome_and_the_estimate(jana, sent_estimate, customer_actor):
    decide_all(sent_estimate, customer_actor, "approved")

    [message] = alerts()
    work_order = sent_estimate.work_order
    assert message.kind == "staff_alert.estimate_decided"
    assert message.subject == f"Estimate {work_order.number}: Approved"
    assert f"{SITE}/staff/work-orders/{work_order.number}/?tab=estimate" in message.body_text


def test_a_dispute_alerts_with_the_customers_note(jana, sent_estimate, customer_actor):
    decide_all(
        sent_estimate, customer_actor, "disputed", dispute_subject="parts", note="The part costs 90 €."
    )

    [message] = alerts()
    assert message.kind == "staff_alert.estimate_disputed"
    assert "The part costs 90 €." in message.body_text


def test_a_customers_note_in_a_dispute_alerts_but_staffs_does_not(
    jana, sent_estimate, customer_actor, staff_actor
):
    decide_all(sent_estimate, customer_actor, "disputed", dispute_subject="parts", note="Too dear.")
    Message.objects.filter(kind__startswith="staff_alert.").delete()

    estimates.add_dispute_message(sent_estimate, "We are checking it.", by=staff_actor)
    estimates.add_dispute_message(sent_estimate, "Any news?", by=customer_actor)

    [message] = alerts()
    assert message.kind == "staff_alert.estimate_disputed" and "Any news?" in message.body_text


def test_a_decision_staff_record_does_not_alert_them(jana, sent_estimate):
    decide_all(sent_estimate, staff_actor_for(jana), "approved")

    assert alerts() == []


# ----------------------------------------------------------------------------- tracking page


def test_changed_contact_details_alert_with_the_changes(jana, work_order, staff_actor):
    link = repairs.issue_link(work_order, by=staff_actor)

    repairs.correct_contact_details(link, {"email": "anna.becker@example.com"}, by=customer_actor_for())

    [message] = alerts("contact_changed")
    assert "anna@example.com → anna.becker@example.com" in message.body_text
    assert f"{SITE}/staff/work-orders/{work_order.number}/" in message.body_text


def test_contact_details_changed_in_the_portal_alert_with_the_changes(jana, work_order, customer):
    repairs.change_account_contact_details(
        customer.pk, {"email": "anna.becker@example.com"}, by=customer_actor_for()
    )

    [message] = alerts("contact_changed")
    assert "anna@example.com → anna.becker@example.com" in message.body_text
    assert f"{SITE}/staff/work-orders/{work_order.number}/" in message.body_text


def test_contact_details_changed_without_an_open_repair_lead_to_the_customer(jana, customer):
    repairs.change_account_contact_details(
        customer.pk, {"mobile": "+49 151 12345678"}, by=customer_actor_for()
    )

    [message] = alerts("contact_changed")
    assert f"{SITE}/staff/customers/{customer.number}/" in message.body_text


def test_a_question_alerts(jana, work_order, staff_actor):
    link = repairs.issue_link(work_order, by=staff_actor)

    repairs.ask_question(link, "When is it ready?", by=customer_actor_for())

    [message] = alerts("question_asked")
    assert message.subject == f"Question from Anna Becker about {work_order.number}"
    assert "When is it ready?" in message.body_text


# ----------------------------------------------------------------------------- choices


def test_choices_are_saved_exactly(jana):
    staff_alerts.save_choices(jana, [Event.QUESTION_ASKED, Event.CONTACT_CHANGED], "de")
    staff_alerts.save_choices(jana, [Event.QUESTION_ASKED], "")

    assert staff_alerts.choices_of(jana) == ({Event.QUESTION_ASKED}, "")
    assert StaffAlertSubscription.objects.filter(user=jana).count() == 1
    assert not StaffAlertLanguage.objects.filter(user=jana).exists()


def test_unknown_choices_are_refused(jana):
    with pytest.raises(ValidationError) as refused:
        staff_alerts.save_choices(jana, ["everything"], "fr")

    assert set(refused.value.message_dict) == {"events", "language"}
    assert staff_alerts.choices_of(jana) == (set(Event.values), "en")


def test_the_alerts_page_saves_the_choices(client, jana):
    client.force_login(jana)

    response = client.post("/staff/my-alerts/", {"events": ["question_asked"], "language": "de"})

    assert response.status_code == 302
    assert staff_alerts.choices_of(jana) == ({"question_asked"}, "de")
    page = client.get("/staff/my-alerts/").content.decode()
    assert re.findall(r'value="(\w+)"[^>]*checked', page) == ["question_asked"]
    assert '<option value="de" selected>' in page
    assert "Alerts go to jana@shop.example.com." in page


def test_the_alerts_page_says_alerts_need_an_e_mail_address(client, db):
    user = UserFactory(username="noemail", email="", role=Role.TECHNICIAN)
    client.force_login(user)

    page = client.get("/staff/my-alerts/").content.decode()

    assert "your account has no e-mail address" in page


def test_the_alerts_page_is_in_the_user_menu(client, jana):
    client.force_login(jana)

    assert 'href="/staff/my-alerts/"' in client.get("/staff/").content.decode()


def test_the_shop_default_is_offered_by_name(client, jana, shop):
    shop.default_language = "de"
    shop.save()
    client.force_login(jana)

    assert "The shop’s default (German)" in client.get("/staff/my-alerts/").content.decode()


def test_staff_see_alerts_in_the_message_log(client, advisor, jana, submit):
    submit()
    message = alerts()[0]
    client.force_login(advisor)

    log = client.get("/staff/messages/", {"kind": "staff_alert.booking_requested"})
    page = client.get(f"/staff/messages/{message.pk}/")

    assert log.status_code == 200 and "jana@shop.example.com" in log.content.decode()
    assert page.status_code == 200 and "New booking request from Anna Becker" in page.content.decode()
