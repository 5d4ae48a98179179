"""Booking requests over the API: read with every time offered and the history, and the shop's
answers (suggest other times, confirm, decline) with the version check, the scopes, 404s and
field-naming problems — and the same steps and messages as the back office's answers."""

import pytest
from django.db.models import Max

from fixloop.bookings import services
from fixloop.bookings.models import BookingSlot, BookingStep
from fixloop.messaging.models import Message
from fixloop.repairs.models import ServiceRequest
from tests.bookings.fixtures import TUESDAY, at
from tests.factories import customer_actor_for

State = ServiceRequest.State


@pytest.fixture
def request_in(submit, booking_location, staff_actor, media_root):
    """request_in(state) -> a request in `state` (pending, waiting_customer, rejected, unconfirmed)."""

    def make(state):
        if state == State.UNCONFIRMED:
            return services.submit_public(
                name="Clara Neumann",
                email="clara@example.net",
                location=booking_location,
                unit_description="Dell XPS 13",
                problem_description="The battery is swollen.",
                slots=[at(TUESDAY, "09:00")],
                by=customer_actor_for(""),
            )
        request = submit(slots=[at(TUESDAY, f"{10 + len(made)}:00")])
        made.append(request)
        if state == State.WAITING_CUSTOMER:
            services.suggest(request, version=request.version, slots=[at(TUESDAY, "14:00")], by=staff_actor)
        elif state == State.REJECTED:
            services.decline(
                request, version=request.version, reason="We don't repair these.", by=staff_actor
            )
        request.refresh_from_db()
        return request

    made = []
    return make


def test_a_request_is_read_with_its_times_and_history(api, submit):
    request = submit()
    body = api.get(f"/bookings/{request.pk}").json()
    assert (body["state"], body["version"]) == ("pending", request.version)
    assert [(slot["offered_by"], slot["state"]) for slot in body["slots"]] == [("customer", "open")]
    assert [step["kind"] for step in body["steps"]] == ["requested"]


def test_requests_are_listed_by_state(api, request_in):
    waiting = request_in(State.WAITING_CUSTOMER)
    request_in(State.REJECTED)
    body = api.get("/bookings", {"state": "waiting_customer"}).json()
    assert [item["id"] for item in body["items"]] == [waiting.pk]


def test_a_request_waiting_for_its_email_confirmation_is_not_shown(api, request_in):
    unconfirmed = request_in(State.UNCONFIRMED)
    assert api.get(f"/bookings/{unconfirmed.pk}").status_code == 404


def test_an_unknown_request_is_404(api, submit):
    request = submit()
    assert api.get(f"/bookings/{request.pk + 100}").status_code == 404


def test_reading_needs_the_bookings_read_scope(api_for, submit):
    request = submit()
    assert api_for(["service_requests:read"]).get(f"/bookings/{request.pk}").status_code == 403


def test_answering_needs_the_write_scope(api_for, submit):
    request = submit()
    response = api_for(["bookings:read"]).post(
        f"/bookings/{request.pk}/decline", {"version": request.version, "reason": "No."}
    )
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.state == State.PENDING


def test_suggesting_offers_the_shops_times(api, submit):
    request = submit()
    when = at(TUESDAY, "14:00")
    response = api.post(
        f"/bookings/{request.pk}/suggest", {"version": request.version, "slots": [when.isoformat()]}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "waiting_customer"
    assert [slot["state"] for slot in body["slots"] if slot["offered_by"] == "shop"] == ["open"]
    assert BookingStep.objects.filter(request=request).latest("pk").actor == "integration"


def test_a_time_without_a_zone_names_the_field(api, submit):
    request = submit()
    response = api.post(
        f"/bookings/{request.pk}/suggest", {"version": request.version, "slots": ["2030-03-26T14:00:00"]}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "slots.0"


def test_a_time_outside_the_opening_hours_names_the_field_and_changes_nothing(api, submit):
    request = submit()
    response = api.post(
        f"/bookings/{request.pk}/suggest",
        {"version": request.version, "slots": [at(TUESDAY, "03:00").isoformat()]},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "slots"
    request.refresh_from_db()
    assert request.state == State.PENDING


def test_confirming_opens_the_work_order(api, submit, statuses):
    request = submit()
    response = api.post(f"/bookings/{request.pk}/confirm", {"version": request.version})
    assert response.status_code == 200, response.content
    request.refresh_from_db()
    assert (request.state, response.json()["work_order_id"]) == (State.ACCEPTED, request.work_order_id)
    assert BookingSlot.objects.get(request=request).state == BookingSlot.State.CHOSEN


def test_confirming_a_time_of_another_request_names_slot_id(api, submit, statuses):
    request, other = submit(), submit(slots=[at(TUESDAY, "11:00")])
    foreign = other.booking_slots.get()
    response = api.post(
        f"/bookings/{request.pk}/confirm", {"version": request.version, "slot_id": foreign.pk}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "slot_id"
    request.refresh_from_db()
    assert request.state == State.PENDING


def test_confirming_can_start_an_estimate(api, submit, statuses):
    request = submit()
    api.post(f"/bookings/{request.pk}/confirm", {"version": request.version, "create_estimate": True})
    request.refresh_from_db()
    assert request.work_order.estimate.state == "draft"


def test_declining_tells_the_reason(api, submit):
    request = submit()
    response = api.post(
        f"/bookings/{request.pk}/decline", {"version": request.version, "reason": "No parts."}
    )
    assert response.json()["state"] == "rejected"
    assert response.json()["steps"][-1]["text"] == "No parts."


def test_an_old_version_is_409_and_changes_nothing(api, submit):
    request = submit()
    response = api.post(f"/bookings/{request.pk}/decline", {"version": request.version + 1, "reason": "No."})
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "version"
    request.refresh_from_db()
    assert request.state == State.PENDING


def test_an_answer_the_state_does_not_allow_is_refused(api, request_in):
    declined = request_in(State.REJECTED)
    response = api.post(f"/bookings/{declined.pk}/confirm", {"version": declined.version})
    assert response.status_code == 422


# ----------------------------------------------------------------------------- same as the back office


def last_message_id() -> int:
    return Message.objects.aggregate(last=Max("pk"))["last"] or 0


def effects(request, after_message_id: int):
    steps = BookingStep.objects.filter(request=request).order_by("pk")
    messages = Message.objects.filter(pk__gt=after_message_id).order_by("pk")
    return (
        [(step.kind, step.state, step.text) for step in steps],
        [
            (message.kind, message.channel, message.recipient, message.state, message.body_text)
            for message in messages
        ],
    )


def test_declining_writes_the_same_steps_and_messages_as_the_back_office(client, advisor, api, submit):
    by_staff, by_api = submit(), submit(slots=[at(TUESDAY, "11:00")])
    client.force_login(advisor)
    mark = last_message_id()
    staff = client.post(
        f"/staff/service-requests/{by_staff.pk}/reject/", {"version": by_staff.version, "reason": "No parts."}
    )
    assert staff.status_code == 302, staff.content
    staff_effects = effects(by_staff, mark)
    mark = last_message_id()
    answer = api.post(f"/bookings/{by_api.pk}/decline", {"version": by_api.version, "reason": "No parts."})
    assert answer.status_code == 200, answer.content
    assert effects(by_api, mark) == staff_effects
    assert staff_effects[1], "declining sent no message"


def test_suggesting_writes_the_same_steps_and_messages_as_the_back_office(client, advisor, api, submit):
    by_staff, by_api = submit(), submit(slots=[at(TUESDAY, "11:00")])
    client.force_login(advisor)
    mark = last_message_id()
    staff = client.post(
        f"/staff/service-requests/{by_staff.pk}/suggest/",
        {"version": by_staff.version, "slots": [at(TUESDAY, "14:00").isoformat()], "message": "Afternoon?"},
    )
    assert staff.status_code == 302, staff.content
    staff_effects = effects(by_staff, mark)
    mark = last_message_id()
    body = {"version": by_api.version, "slots": [at(TUESDAY, "15:00").isoformat()], "message": "Afternoon?"}
    assert api.post(f"/bookings/{by_api.pk}/suggest", body).status_code == 200
    api_effects = effects(by_api, mark)
    assert api_effects[0] == staff_effects[0]
    # The messages name the suggested time (14:00 and 15:00): all else is the same.
    assert [message[:4] for message in api_effects[1]] == [message[:4] for message in staff_effects[1]]
    assert staff_effects[1], "suggesting sent no message"
