"""A queued message whose purpose has passed is cancelled at send time (messaging/purposes.py), for
the kinds about booking requests, portal access, contact changes, status reports and staff alerts;
a still-true one goes out through the loopback SMTP server. The clock stands on Monday 18 March
2030, 08:00 in Berlin (tests/bookings/fixtures.py)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from fixloop.bookings import services as bookings
from fixloop.customers.services import portal_access
from fixloop.estimates import services as estimates
from fixloop.estimates.models import Decision, DisputeSubject
from fixloop.messaging import portal as portal_messages
from fixloop.messaging import staff_alerts
from fixloop.messaging.models import Message, StaffAlertEvent
from fixloop.messaging.tasks import deliver_due
from fixloop.repairs import services as repairs
from fixloop.repairs.models import Phase, ServiceRequest
from fixloop.reports import services as reports
from fixloop.reports.models import ReportSubscription
from fixloop.shop.models import Role
from tests.backoffice import booking_fixtures
from tests.bookings.fixtures import MONDAY
from tests.estimates.fixtures import decide_all
from tests.factories import UserFactory, customer_actor_for

State = ServiceRequest.State
submit_public = booking_fixtures.submit_public
request_in = booking_fixtures.request_in

pytestmark = pytest.mark.usefixtures("clock")


def the(kind: str) -> Message:
    return Message.objects.get(kind=kind)


def sent_to(smtp_server) -> list[str]:
    return [received.rcpt_tos[0] for received in smtp_server.received]


@pytest.fixture
def jana(db):
    """A service advisor who wants every staff alert, in English."""
    user = UserFactory(
        username="jana",
        first_name="Jana",
        last_name="Wolf",
        email="jana@shop.example.com",
        role=Role.SERVICE_ADVISOR,
    )
    staff_alerts.save_choices(user, StaffAlertEvent.values, "en")
    return user


# ----------------------------------------------------------------------------- booking requests


def test_the_confirmation_link_is_cancelled_once_the_address_is_confirmed(smtp_server, submit_public):
    submit_public(language="en")
    bookings.confirm_email(submit_public.token, by=customer_actor_for(""))

    assert deliver_due() == {"cancelled": 1}
    assert the("booking.confirm_email").state_reason == (
        "Die E-Mail-Adresse wurde am 18.03.2030 08:00 bestätigt, bevor diese Nachricht gesendet wurde."
    )


def test_the_confirmation_link_goes_out_while_unconfirmed(smtp_server, submit_public):
    submit_public(language="en")

    assert deliver_due() == {"sent": 1}
    assert sent_to(smtp_server) == ["clara@example.net"]


def test_suggested_times_are_cancelled_when_the_customer_withdrew_first(
    smtp_server, request_in, customer_actor
):
    request = request_in(State.WAITING_CUSTOMER)
    bookings.withdraw(request, version=request.version, by=customer_actor)

    assert deliver_due() == {"cancelled": 1}
    assert the("booking.suggested").state_reason == (
        "Die Terminanfrage ist jetzt „Zurückgezogen“. "
        "Auf die in dieser Nachricht vorgeschlagenen Termine muss niemand mehr antworten."
    )


def test_suggested_times_go_out_while_the_customer_is_to_answer(smtp_server, request_in):
    request_in(State.WAITING_CUSTOMER)

    assert deliver_due() == {"sent": 1}
    assert sent_to(smtp_server) == ["anna@example.com"]


def test_a_confirmed_appointment_is_cancelled_when_its_work_order_was_cancelled(
    smtp_server, request_in, statuses, staff_actor
):
    request = request_in(State.ACCEPTED)
    repairs.close(request.work_order, status=statuses[Phase.CANCELLED], by=staff_actor)

    assert deliver_due() == {"cancelled": 1}
    assert the("booking.confirmed").state_reason == (
        f"Der Auftrag {request.work_order.number} wurde am 18.03.2030 08:00 storniert, "
        "bevor diese Nachricht gesendet wurde."
    )


def test_a_confirmed_appointment_goes_out(smtp_server, request_in):
    request_in(State.ACCEPTED)

    assert deliver_due() == {"sent": 1}


def test_a_refusal_stays_true_and_goes_out(smtp_server, request_in):
    request_in(State.REJECTED)

    assert deliver_due() == {"sent": 1}
    assert the("booking.declined").state == Message.State.SENT


# ----------------------------------------------------------------------------- portal and contact details


def test_an_invitation_replaced_by_a_newer_one_is_cancelled(smtp_server, customer, staff_actor, shop):
    portal_access.invite(customer, "anna.becker@example.com", by=staff_actor)
    portal_access.invite(customer, "anna.becker@example.com", by=staff_actor)

    assert deliver_due() == {"cancelled": 1, "sent": 1}
    first, second = Message.objects.filter(kind="portal.invitation").order_by("pk")
    assert first.state_reason == "Die Einladung wurde am 18.03.2030 08:00 zurückgezogen."
    assert second.state == Message.State.SENT


def account_email(kind: str, customer, **context) -> Message:
    return portal_messages.send_account_email(
        kind, customer=customer, to="anna.becker@example.com", language="en", context=context
    )


@pytest.mark.parametrize(
    ("kind", "context", "valid_seconds", "reason"),
    [
        (
            "portal.sign_in_code",
            {"sign_in_code": "7KQ-2MX"},
            settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT,
            "The sign-in code in this message has expired.",
        ),
        (
            "portal.password_reset",
            {"reset_link": "https://repairs.example.com/portal/account/password/reset/key/1-abc/"},
            settings.PASSWORD_RESET_TIMEOUT,
            "The password reset link in this message has expired.",
        ),
    ],
)
def test_a_sign_in_e_mail_is_cancelled_once_what_it_carries_expired(
    smtp_server, customer, kind, context, valid_seconds, reason
):
    message = account_email(kind, customer, **context)
    with time_machine.travel(timezone.now() + timedelta(seconds=valid_seconds + 1), tick=False):
        assert deliver_due() == {"cancelled": 1}
    message.refresh_from_db()
    assert message.state_reason == reason


@pytest.mark.parametrize("kind", ["portal.sign_in_code", "portal.password_reset"])
def test_a_sign_in_e_mail_goes_out_while_what_it_carries_is_valid(smtp_server, customer, kind):
    account_email(kind, customer, sign_in_code="7KQ-2MX", reset_link="https://repairs.example.com/r/")

    assert deliver_due() == {"sent": 1}


def change_email(customer) -> None:
    repairs.change_account_contact_details(
        customer.pk, {"email": "anna.neu@example.com"}, by=customer_actor_for("Anna Becker")
    )


def test_a_contact_change_notice_is_cancelled_when_the_change_was_reported_already(smtp_server, customer):
    change_email(customer)
    notice = the("customer.contact_changed")
    token = re.search(r"/([A-Za-z0-9_-]{20,})/", notice.body_text).group(1)
    repairs.report_contact_change(token, by=customer_actor_for(""))

    assert deliver_due() == {"cancelled": 1}
    notice.refresh_from_db()
    assert notice.state_reason.startswith("The change was already reported as not the customer's at ")


def test_a_contact_change_notice_goes_out(smtp_server, customer):
    change_email(customer)

    assert deliver_due() == {"sent": 1}
    assert sent_to(smtp_server) == ["anna@example.com"]


# ----------------------------------------------------------------------------- status reports


def test_a_status_report_overtaken_by_a_newer_one_is_cancelled(smtp_server, customer, work_order):
    ReportSubscription.objects.create(customer=customer, active=True)
    reports.run_reports(MONDAY)
    reports.run_reports(MONDAY, force=True)

    assert deliver_due() == {"cancelled": 1, "sent": 1}
    older, newer = Message.objects.filter(kind="status_report").order_by("pk")
    assert older.state_reason.startswith("A newer status report for this customer was queued at ")
    assert newer.state == Message.State.SENT


def test_a_status_report_goes_out(smtp_server, customer, work_order):
    ReportSubscription.objects.create(customer=customer, active=True)
    reports.run_reports(MONDAY)

    assert deliver_due() == {"sent": 1}


# ----------------------------------------------------------------------------- staff alerts


def test_an_alert_about_a_new_booking_request_is_cancelled_once_someone_answered_it(
    smtp_server, jana, submit, staff_actor
):
    request = submit()
    bookings.suggest(
        request,
        version=request.version,
        slots=[booking_fixtures.at(booking_fixtures.TUESDAY, "14:00")],
        by=staff_actor,
    )

    deliver_due()

    alert = the("staff_alert.booking_requested")
    assert alert.state == Message.State.CANCELLED
    assert alert.state_reason == (
        "Die Terminanfrage ist jetzt „Wartet auf den Kunden“. Niemand muss mehr darauf antworten."
    )
    assert "jana@shop.example.com" not in sent_to(smtp_server)


def test_an_alert_about_a_new_booking_request_goes_out_while_it_waits(smtp_server, jana, submit):
    submit()

    assert deliver_due() == {"sent": 1}
    assert sent_to(smtp_server) == ["jana@shop.example.com"]


def test_an_alert_about_the_customers_answer_is_cancelled_once_the_shop_confirmed(
    smtp_server, jana, request_in, staff_actor
):
    request = request_in(State.WAITING_SHOP)
    bookings.confirm(request, version=request.version, by=staff_actor)

    deliver_due()

    alert = the("staff_alert.booking_answered")
    assert alert.state == Message.State.CANCELLED
    assert (
        alert.state_reason == "Die Terminanfrage ist jetzt „Angenommen“. Niemand muss mehr darauf antworten."
    )


def test_an_alert_about_the_customers_answer_goes_out_while_the_shop_is_to_answer(
    smtp_server, jana, request_in
):
    request_in(State.WAITING_SHOP)

    deliver_due()

    assert the("staff_alert.booking_answered").state == Message.State.SENT


def dispute(estimate) -> None:
    decide_all(
        estimate,
        customer_actor_for(),
        Decision.DISPUTED,
        dispute_subject=DisputeSubject.PARTS,
        note="Too dear.",
    )


def test_an_alert_about_a_dispute_is_cancelled_once_a_new_version_was_sent(
    smtp_server, jana, sent_estimate, staff_actor
):
    deliver_due()
    dispute(sent_estimate)
    estimates.submit(sent_estimate, by=staff_actor)

    deliver_due()

    alert = the("staff_alert.estimate_disputed")
    assert alert.state == Message.State.CANCELLED
    assert (
        alert.state_reason == "The dispute is over: the estimate is now “Awaiting the customer's decision”."
    )


def test_an_alert_about_a_dispute_goes_out_while_it_is_open(smtp_server, jana, sent_estimate):
    deliver_due()
    dispute(sent_estimate)

    assert deliver_due() == {"sent": 1}
    assert sent_to(smtp_server)[-1] == "jana@shop.example.com"
