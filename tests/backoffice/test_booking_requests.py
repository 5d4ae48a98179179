"""A booking request's page in the back office and the shop's answers: decline, suggest other times,
confirm, confirm and create an estimate. Each answer posts the version the page showed: a request
that changed meanwhile answers 409 with its current state, an answer its state does not allow 409
with the reason, bad input 422; in every case nothing changes. Technicians see, but do not answer."""

import re
from pathlib import Path

import pytest

from fixloop.bookings import services
from fixloop.bookings.models import BookingPhoto, BookingSlot, BookingStep, Side
from fixloop.estimates.models import Estimate
from fixloop.repairs.models import ServiceRequest, WorkOrder
from tests.backoffice.booking_fixtures import NEXT_TUESDAY, TUESDAY, WEDNESDAY, at, photo
from tests.factories import CUSTOMER_IP, customer_actor_for

pytestmark = pytest.mark.usefixtures("clock")  # before anybody signs in
State = ServiceRequest.State
CHANGED = "This request changed meanwhile; here is its current state."


def page_of(request) -> str:
    return f"/staff/service-requests/{request.pk}/"


def stored(media_root) -> dict:
    """What the database and the media folder hold, to compare before and after a refused answer."""
    return {
        "requests": list(
            ServiceRequest.objects.order_by("pk").values_list("pk", "state", "version", "work_order_id")
        ),
        "steps": BookingStep.objects.count(),
        "slots": list(BookingSlot.objects.order_by("pk").values_list("pk", "state")),
        "work_orders": WorkOrder.objects.count(),
        "estimates": Estimate.objects.count(),
        "files": sorted(str(p) for p in Path(media_root).rglob("*") if p.is_file()),
    }


# ----------------------------------------------------------------------------- the page


def test_the_page_shows_the_request_its_times_in_the_locations_zone_and_its_history(
    advisor_client, submit, customer, unit
):
    request = submit(slots=[at(TUESDAY, "10:00"), at(WEDNESDAY, "15:00")], problem_description="Fan is loud.")

    page = advisor_client.get(page_of(request)).content.decode()

    assert "Booking request from Anna Becker" in page
    assert customer.number in page and str(unit) in page
    assert "Fan is loud." in page
    assert "Berlin Mitte" in page and "Europe/Berlin (CET)" in page
    assert "Tue 19 Mar 2030, 10:00–11:00" in page and "Wed 20 Mar 2030, 15:00–16:00" in page
    assert "Requested" in page and CUSTOMER_IP in page  # the history, with the customer's address
    assert 'id="confirm"' in page and 'id="suggest"' in page and 'id="decline"' in page


def test_times_are_shown_on_the_locations_clock_not_the_shops(advisor_client, submit, shop, booking_location):
    shop.time_zone = "America/New_York"
    shop.save()

    page = advisor_client.get(page_of(submit())).content.decode()

    assert "Tue 19 Mar 2030, 10:00–11:00" in page


def test_a_public_request_shows_the_senders_contact(advisor_client, submit_public):
    request = submit_public(phone="030 1234567")
    services.confirm_email(submit_public.token, by=customer_actor_for(""))

    page = advisor_client.get(page_of(request)).content.decode()

    assert "Clara Neumann" in page and "clara@example.net" in page and "+49301234567" in page
    assert "Public request form" in page and "E-mail address confirmed" in page


def test_the_page_shows_the_photos_through_the_staff_view(advisor_client, submit):
    request = submit(photos=[photo("front.png")])
    picture = BookingPhoto.objects.get(request=request)

    page = advisor_client.get(page_of(request)).content.decode()
    response = advisor_client.get(f"{page_of(request)}photos/{picture.pk}/")

    assert f'<img src="{page_of(request)}photos/{picture.pk}/" alt="front.png"' in page
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_photos_are_only_for_staff(client, submit, portal_user):
    request = submit(photos=[photo()])
    url = f"{page_of(request)}photos/{BookingPhoto.objects.get().pk}/"

    anonymous = client.get(url)
    client.force_login(portal_user)
    customer = client.get(url)

    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/staff/sign-in/")
    assert customer.status_code == 403


def test_a_photo_is_found_only_under_its_own_request(advisor_client, submit):
    with_photo = submit(photos=[photo()])
    other = submit(slots=[at(WEDNESDAY, "10:00")])
    picture = BookingPhoto.objects.get(request=with_photo)

    assert advisor_client.get(f"{page_of(other)}photos/{picture.pk}/").status_code == 404


def test_the_photos_of_an_unconfirmed_request_are_hidden(advisor_client, submit_public):
    request = submit_public(photos=[photo()])

    response = advisor_client.get(f"{page_of(request)}photos/{BookingPhoto.objects.get().pk}/")

    assert response.status_code == 404


def test_the_page_asks_whether_the_request_changed_and_says_so_when_it_did(advisor_client, request_in):
    request = request_in(State.WAITING_CUSTOMER)
    page = advisor_client.get(page_of(request)).content.decode()
    poll = f"{page_of(request)}changed/?version={request.version}"
    assert f'hx-get="{poll}"' in page

    unchanged = advisor_client.get(poll)
    services.accept(request, version=request.version, by=customer_actor_for())
    changed = advisor_client.get(poll)

    assert unchanged.status_code == 204
    assert changed.status_code == 286  # htmx swaps it in and stops polling
    assert "This request changed meanwhile (now: Waiting for us)." in changed.content.decode()


def test_while_the_customer_decides_the_shop_can_only_decline(advisor_client, request_in):
    page = advisor_client.get(page_of(request_in(State.WAITING_CUSTOMER))).content.decode()

    assert 'id="decline"' in page
    assert 'id="confirm"' not in page and 'id="suggest"' not in page
    assert "Your suggestion is waiting for the customer’s answer." in page


@pytest.mark.parametrize("state", [State.ACCEPTED, State.REJECTED, State.WITHDRAWN])
def test_a_finished_request_offers_no_answers(advisor_client, request_in, state):
    page = advisor_client.get(page_of(request_in(state))).content.decode()

    assert not re.search(r'<form[^>]+id="(confirm|suggest|decline)"', page)


# ----------------------------------------------------------------------------- decline


def test_declining_tells_the_customer_why(advisor_client, advisor, submit):
    request = submit()

    response = advisor_client.post(
        f"{page_of(request)}reject/", {"version": request.version, "reason": "We don't repair TVs."}
    )

    assert response.status_code == 302 and response["Location"] == "/staff/service-requests/"
    request.refresh_from_db()
    assert (request.state, request.rejection_reason, request.decided_by) == (
        State.REJECTED,
        "We don't repair TVs.",
        advisor,
    )
    assert request.booking_steps.last().kind == BookingStep.Kind.DECLINED


def test_declining_needs_a_reason(advisor_client, submit, media_root):
    request = submit()
    before = stored(media_root)

    response = advisor_client.post(f"{page_of(request)}reject/", {"version": request.version, "reason": " "})

    assert response.status_code == 422
    assert "Tell the customer why the request is declined." in response.content.decode()
    assert stored(media_root) == before


# ----------------------------------------------------------------------------- suggest


def test_the_suggestion_form_lists_a_week_of_free_times_with_the_zone_named(advisor_client, submit):
    request = submit()

    page = advisor_client.get(page_of(request)).content.decode()

    assert "Times are on the location’s clock: Europe/Berlin (CET)." in page
    assert "18 Mar – 24 Mar 2030" in page
    assert f'value="{at(TUESDAY, "09:00").isoformat()}"' in page
    assert f'value="{at(TUESDAY, "12:00").isoformat()}"' not in page  # the lunch break
    assert "Sat 23 Mar" in page and "no free time" in page


def test_the_next_week_keeps_the_times_ticked_in_this_one(advisor_client, submit):
    request = submit()
    ticked = at(TUESDAY, "09:00").isoformat()

    page = advisor_client.get(page_of(request), {"week": "2030-03-25", "slots": [ticked]}).content.decode()

    assert "25 Mar – 31 Mar 2030" in page
    assert f'value="{at(NEXT_TUESDAY, "09:00").isoformat()}"' in page
    assert f'<input type="checkbox" name="slots" value="{ticked}" checked>' in page
    assert "Ticked in other weeks" in page


def test_a_full_time_is_not_offered(advisor_client, submit, booking_location):
    for customer_hour in range(3):
        submit(slots=[at(WEDNESDAY, "09:00")], problem_description=f"Request {customer_hour}")
    request = submit()

    page = advisor_client.get(page_of(request)).content.decode()

    assert f'value="{at(WEDNESDAY, "09:00").isoformat()}"' not in page
    assert f'value="{at(WEDNESDAY, "10:00").isoformat()}"' in page


def test_suggesting_offers_the_customer_other_times(advisor_client, submit):
    request = submit()
    times = [at(WEDNESDAY, "09:00"), at(NEXT_TUESDAY, "14:00")]

    response = advisor_client.post(
        f"{page_of(request)}suggest/",
        {
            "version": request.version,
            "slots": [t.isoformat() for t in times],
            "message": "Earlier works too.",
        },
    )

    assert response.status_code == 302 and response["Location"] == page_of(request)
    request.refresh_from_db()
    assert request.state == State.WAITING_CUSTOMER
    offered = request.booking_slots.filter(state=BookingSlot.State.OPEN)
    assert [(slot.starts_at, slot.offered_by) for slot in offered] == [(t, Side.SHOP) for t in times]
    assert request.booking_steps.last().text == "Earlier works too."


@pytest.mark.parametrize(
    ("times", "message"),
    [
        ([], "Pick at least one time."),
        ([at(WEDNESDAY, f"{hour:02d}:00").isoformat() for hour in (9, 10, 11, 13)], "Pick at most 3 times."),
        ([at(WEDNESDAY, "12:00").isoformat()], "The shop is closed at that time."),
        (["tomorrow"], "Pick the times from the list."),
    ],
)
def test_a_suggestion_that_does_not_fit_is_refused(advisor_client, submit, media_root, times, message):
    request = submit()
    before = stored(media_root)

    response = advisor_client.post(
        f"{page_of(request)}suggest/",
        {"version": request.version, "slots": times},
    )

    assert response.status_code == 422
    assert message in response.content.decode()
    assert stored(media_root) == before


# ----------------------------------------------------------------------------- confirm


def test_confirming_opens_the_work_order(advisor_client, submit, statuses, technician):
    request = submit(slots=[at(TUESDAY, "10:00"), at(WEDNESDAY, "10:00")])
    wednesday = request.booking_slots.get(starts_at=at(WEDNESDAY, "10:00"))

    response = advisor_client.post(
        f"{page_of(request)}accept/",
        {
            "version": request.version,
            "slot": wednesday.pk,
            "technician": technician.pk,
            "message": "See you.",
        },
    )

    request.refresh_from_db()
    work_order = request.work_order
    assert response.status_code == 302
    assert response["Location"] == f"/staff/work-orders/{work_order.number}/"
    assert request.state == State.ACCEPTED
    assert work_order.technician == technician
    assert list(request.booking_slots.filter(state=BookingSlot.State.CHOSEN)) == [wednesday]
    assert not Estimate.objects.exists()


def test_confirming_and_creating_an_estimate_opens_its_editor(advisor_client, submit, statuses):
    request = submit()
    slot = request.booking_slots.get()

    response = advisor_client.post(
        f"{page_of(request)}accept/", {"version": request.version, "slot": slot.pk, "create_estimate": "1"}
    )

    request.refresh_from_db()
    assert response["Location"] == f"/staff/work-orders/{request.work_order.number}/?tab=estimate"
    assert Estimate.objects.get().work_order == request.work_order
    page = advisor_client.get(response["Location"]).content.decode()
    assert 'id="estimate"' in page


def test_confirming_needs_one_of_the_open_times(advisor_client, submit, statuses, media_root):
    request = submit()
    before = stored(media_root)

    response = advisor_client.post(f"{page_of(request)}accept/", {"version": request.version})

    assert response.status_code == 422
    assert "Choose one of the offered times." in response.content.decode()
    assert stored(media_root) == before


def test_a_time_of_another_request_cannot_be_confirmed(advisor_client, submit, statuses, media_root):
    request = submit()
    other = submit(slots=[at(WEDNESDAY, "10:00")])
    before = stored(media_root)

    response = advisor_client.post(
        f"{page_of(request)}accept/", {"version": request.version, "slot": other.booking_slots.get().pk}
    )

    assert response.status_code == 422
    assert "Choose one of the offered times." in response.content.decode()
    assert stored(media_root) == before


def test_a_customers_accepted_time_is_confirmed(advisor_client, request_in):
    request = request_in(State.WAITING_SHOP)
    accepted = request.booking_slots.get(state=BookingSlot.State.OPEN)

    page = advisor_client.get(page_of(request)).content.decode()
    response = advisor_client.post(
        f"{page_of(request)}accept/", {"version": request.version, "slot": accepted.pk}
    )

    assert f'value="{accepted.pk}"' in page and "suggested by the shop" in page
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == State.ACCEPTED


# ----------------------------------------------------------------------------- conflicts


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("reject", {"reason": "Closed for holidays."}),
        ("suggest", {"slots": [at(WEDNESDAY, "09:00").isoformat()]}),
        ("accept", {"slot": "SLOT"}),
    ],
)
def test_an_answer_to_a_request_that_changed_meanwhile_is_refused(
    advisor_client, request_in, customer_actor, media_root, action, data
):
    request = request_in(State.WAITING_CUSTOMER)
    shown = request.version
    services.counter(request, version=shown, slots=[at(WEDNESDAY, "15:00")], by=customer_actor)
    slot = request.booking_slots.get(state=BookingSlot.State.OPEN)
    before = stored(media_root)

    response = advisor_client.post(
        f"{page_of(request)}{action}/",
        {"version": shown, **{key: slot.pk if value == "SLOT" else value for key, value in data.items()}},
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert CHANGED in page
    assert "Customer proposed other times" in page  # the current state, with the customer's step
    assert f'name="version" value="{request.version}"' in page  # the forms now carry the current version
    assert stored(media_root) == before


def test_an_answer_without_a_version_is_refused_as_changed(advisor_client, submit, media_root):
    request = submit()
    before = stored(media_root)

    response = advisor_client.post(f"{page_of(request)}reject/", {"reason": "No."})

    assert response.status_code == 409 and CHANGED in response.content.decode()
    assert stored(media_root) == before


@pytest.mark.parametrize(
    ("state", "action", "data", "reason"),
    [
        (State.WITHDRAWN, "reject", {"reason": "No."}, "This booking request has been withdrawn."),
        (State.REJECTED, "suggest", {"slots": [at(WEDNESDAY, "09:00").isoformat()]}, "has been declined"),
        (
            State.WAITING_CUSTOMER,
            "accept",
            {"slot": "1"},
            "The shop’s suggestion is waiting for the customer’s",
        ),
        (State.ACCEPTED, "accept", {"slot": "1"}, "This booking request has already been confirmed."),
    ],
)
def test_an_answer_the_state_does_not_allow_is_refused_with_the_reason(
    advisor_client, request_in, media_root, state, action, data, reason
):
    request = request_in(state)
    before = stored(media_root)

    response = advisor_client.post(f"{page_of(request)}{action}/", {"version": request.version, **data})

    assert response.status_code == 409
    text = response.content.decode().replace("&#x27;", "’").replace("'", "’")
    assert reason in text
    assert stored(media_root) == before


# ----------------------------------------------------------------------------- who may answer


def test_a_technician_sees_the_request_without_answers(technician_client, submit):
    response = technician_client.get(page_of(submit()))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="confirm"' not in page and 'id="decline"' not in page
    assert "Administrators and service advisors answer booking requests." in page


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("reject", {"reason": "No."}),
        ("suggest", {"slots": [at(WEDNESDAY, "09:00").isoformat()]}),
        ("accept", {"slot": "SLOT"}),
        ("accept", {"slot": "SLOT", "create_estimate": "1"}),
    ],
)
def test_a_technician_cannot_answer(technician_client, submit, statuses, media_root, action, data):
    request = submit()
    slot = request.booking_slots.get()
    before = stored(media_root)

    response = technician_client.post(
        f"{page_of(request)}{action}/",
        {
            "version": request.version,
            **{key: slot.pk if value == "SLOT" else value for key, value in data.items()},
        },
    )

    assert response.status_code == 403
    assert stored(media_root) == before


def test_a_portal_user_cannot_open_the_staff_pages(client, submit, portal_user):
    request = submit()
    client.force_login(portal_user)

    assert client.get(page_of(request)).status_code == 403
    assert client.get("/staff/service-requests/").status_code == 403
