"""What the customer is told about a booking request: the public form's confirmation link, and each
answer of the shop in the request's language (with the calendar file on confirmation) — one e-mail
per step, the service-request notifications of the same step being held back."""

import html

from icalendar import Calendar

from fixloop.bookings import services
from fixloop.messaging.models import Event, Message, NotificationDecision
from fixloop.messaging.tasks import deliver_due
from fixloop.repairs.models import ServiceRequest
from tests.bookings.fixtures import TUESDAY, at
from tests.bookings.web.conftest import portal_actor
from tests.messaging import conftest as messaging_conftest
from tests.messaging import notification_fixtures
from tests.portal.accounts_fixtures import link_in

smtp_server = messaging_conftest.smtp_server
region = notification_fixtures.region
notifying_region = notification_fixtures.notifying_region
notified_customer = notification_fixtures.notified_customer

State = ServiceRequest.State
BOOKING_KINDS = ["booking.confirm_email", "booking.suggested", "booking.confirmed", "booking.declined"]


def booking_messages():
    return Message.objects.filter(kind__in=BOOKING_KINDS).order_by("pk")


def body(message) -> str:
    return message.body_text


def flush(smtp_server) -> None:
    """Send what is queued already (the portal invitation) and forget it."""
    deliver_due()
    smtp_server.received.clear()


def suggest(request, staff_actor, *clocks, message=""):
    slots = [at(TUESDAY, clock) for clock in clocks or ("14:00",)]
    services.suggest(request, version=request.version, slots=slots, by=staff_actor, message=message)


# ----------------------------------------------------------------------------- the shop's answers


def test_a_suggestion_is_e_mailed_to_the_person_who_asked_with_the_link_to_the_request(
    own_request, staff_actor
):
    suggest(own_request, staff_actor, "14:00", "15:00", message="Mornings are full.")

    [message] = booking_messages()
    assert (message.kind, message.recipient, message.language) == (
        "booking.suggested",
        "anna.becker@example.com",
        "en",
    )
    text = body(message)
    assert "- Tue 19 Mar 2030, 14:00 (Europe/Berlin)\n- Tue 19 Mar 2030, 15:00 (Europe/Berlin)" in text
    assert "Mornings are full." in text
    assert link_in(message, "/portal/bookings/") == f"/portal/bookings/{own_request.pk}/"
    assert message.customer == own_request.customer


def test_the_answer_is_in_the_customers_language(customer, own_request, staff_actor):
    customer.language = "de"
    customer.save()
    request = ServiceRequest.objects.get(pk=own_request.pk)
    request.language = "de"
    request.save()

    suggest(request, staff_actor)

    [message] = booking_messages()
    assert message.language == "de"
    assert message.subject.endswith("schlägt einen anderen Termin vor")
    assert "Di, 19. Mär 2030, 14:00 (Europe/Berlin)" in body(message)


def test_the_customers_own_steps_send_them_nothing(own_request, staff_actor, portal_user):
    suggest(own_request, staff_actor, "14:00")
    services.counter(
        own_request, version=own_request.version, slots=[at(TUESDAY, "16:00")], by=portal_actor(portal_user)
    )
    suggest(own_request, staff_actor, "15:00")
    services.accept(own_request, version=own_request.version, by=portal_actor(portal_user))
    request_two = own_request
    assert [message.kind for message in booking_messages()] == ["booking.suggested", "booking.suggested"]
    services.withdraw(request_two, version=request_two.version, by=portal_actor(portal_user))
    assert booking_messages().count() == 2


def test_a_confirmation_carries_the_calendar_file_and_is_the_only_e_mail(
    smtp_server, notified_customer, own_request, staff_actor, statuses
):
    flush(smtp_server)
    services.confirm(own_request, version=own_request.version, by=staff_actor, message="Bring the charger.")

    assert deliver_due() == {"sent": 1}
    [received] = smtp_server.received
    email = received.email
    assert received.rcpt_tos == ["anna.becker@example.com"]
    assert (
        " ".join(str(email["Subject"]).split()) == "Your appointment: Tue 19 Mar 2030, 10:00 (Europe/Berlin)"
    )
    text = email.get_body(("plain",)).get_content()
    assert "Bring the charger." in text and own_request.work_order.number in text
    [attachment] = list(email.iter_attachments())
    assert (attachment.get_filename(), attachment.get_content_type()) == ("appointment.ics", "text/calendar")
    event = Calendar.from_ical(attachment.get_payload(decode=True)).walk("VEVENT")[0]
    assert event.decoded("dtstart") == at(TUESDAY, "10:00")
    assert str(event["dtstart"].params["TZID"]) == "Europe/Berlin"

    work_order = own_request.work_order
    accepted = NotificationDecision.objects.get(event=Event.SERVICE_REQUEST_ACCEPTED, work_order=work_order)
    assert accepted.message.state == Message.State.CANCELLED
    assert "gets the message about their booking request instead" in accepted.reason
    opened = NotificationDecision.objects.get(event=Event.WORK_ORDER_OPENED, work_order=work_order)
    assert opened.message.state == Message.State.CANCELLED


def test_a_refusal_tells_the_reason_once(smtp_server, notified_customer, own_request, staff_actor):
    flush(smtp_server)
    services.decline(
        own_request, version=own_request.version, reason="We do not repair televisions.", by=staff_actor
    )

    assert deliver_due() == {"sent": 1}
    [received] = smtp_server.received
    assert received.email["Subject"] == "Your appointment request"
    assert "We do not repair televisions." in received.email.get_body(("plain",)).get_content()
    held_back = NotificationDecision.objects.get(event=Event.SERVICE_REQUEST_REJECTED)
    assert held_back.message.state == Message.State.CANCELLED


def test_when_the_booking_e_mail_cannot_go_out_the_notification_still_does(
    customer, unit, booking_location, notified_customer, staff_actor, statuses
):
    notified_customer.email = ""
    notified_customer.preferred_channel = "sms"
    notified_customer.mobile = notification_fixtures.MOBILE
    notified_customer.sms_consent_at = notified_customer.created_at
    notified_customer.save()
    request = services.submit(
        customer=customer,
        unit=unit,
        location=booking_location,
        problem_description="Leaks.",
        slots=[at(TUESDAY, "10:00")],
        by=staff_actor,
        source=ServiceRequest.Source.STAFF,
    )

    services.confirm(request, version=request.version, by=staff_actor)

    assert booking_messages().get().state == Message.State.SUPPRESSED
    accepted = NotificationDecision.objects.get(event=Event.SERVICE_REQUEST_ACCEPTED)
    assert (accepted.message.channel, accepted.message.state) == ("sms", Message.State.QUEUED)


def test_a_request_staff_confirm_directly_in_repairs_keeps_todays_notification(
    notified_customer, own_request, booking_location, staff_actor, statuses
):
    from fixloop.repairs import services as repair_services

    repair_services.accept_service_request(own_request, location=booking_location, by=staff_actor)

    assert not booking_messages().exists()
    accepted = NotificationDecision.objects.get(event=Event.SERVICE_REQUEST_ACCEPTED)
    assert accepted.message.state == Message.State.QUEUED


# ----------------------------------------------------------------------------- the public form


def test_the_public_form_sends_the_confirmation_link(submit_public):
    request = submit_public(language="en")

    [message] = booking_messages()
    assert (message.kind, message.recipient, message.customer) == (
        "booking.confirm_email",
        "clara@example.net",
        None,
    )
    text = body(message)
    assert text.startswith("Hello Clara Neumann,")
    assert link_in(message, "/book/confirm/").startswith("/book/confirm/")
    assert "Dell XPS 13" in text and "Berlin Mitte" in text
    assert "- Tue 19 Mar 2030, 10:00 (Europe/Berlin)" in text
    assert "Tue 19 Mar 2030, 08:00 (Europe/Berlin)" in text  # valid until: a day later
    assert request.state == State.UNCONFIRMED


def test_answers_to_a_public_request_go_to_the_address_given_without_a_portal_link(
    submit_public, public_token, anonymous_actor, staff_actor, booking_location
):
    booking_location.phone = "+49301234567"
    booking_location.save()
    request = submit_public(language="en")
    services.confirm_email(public_token(), by=anonymous_actor)
    request.refresh_from_db()

    suggest(request, staff_actor)

    message = booking_messages().get(kind="booking.suggested")
    assert message.recipient == "clara@example.net"
    assert "/portal/" not in body(message)
    assert "Please reply to this e-mail or call us on" in html.unescape(body(message))


def test_declining_a_request_without_a_location_tells_the_customer(advisor, customer, shop):
    """Requests entered before customers chose a location have none; declining them still writes."""
    from fixloop.bookings import services as booking_services
    from fixloop.messaging.models import Message
    from fixloop.repairs.models import ServiceRequest
    from tests.factories import ServiceRequestFactory, staff_actor_for

    request = ServiceRequestFactory(customer=customer, preferred_location=None)
    booking_services.decline(
        request, version=request.version, reason="We do not repair these.", by=staff_actor_for(advisor)
    )
    assert ServiceRequest.objects.get(pk=request.pk).state == ServiceRequest.State.REJECTED
    assert Message.objects.filter(customer=customer, kind="booking.declined").exists()
