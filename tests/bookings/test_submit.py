import pytest
from django.core.exceptions import ValidationError

from fixloop.bookings import signals
from fixloop.bookings.models import BookingPhoto, BookingSlot, BookingStep, Side
from fixloop.customers.models import Unit
from fixloop.repairs.models import ServiceRequest
from tests.bookings.fixtures import PNG, TUESDAY, at, photo
from tests.conftest import ListenerFailed
from tests.factories import BROWSER, CUSTOMER_IP

State = ServiceRequest.State


def test_a_portal_request_goes_to_the_shops_queue_with_its_times(submit, customer, unit, booking_location):
    request = submit(slots=[at(TUESDAY, "10:00"), at(TUESDAY, "14:00")])

    saved = ServiceRequest.objects.get(pk=request.pk)
    assert (saved.state, saved.source, saved.version) == (State.PENDING, ServiceRequest.Source.PORTAL, 1)
    assert (saved.customer, saved.unit, saved.preferred_location) == (customer, unit, booking_location)
    assert (saved.submitted_ip, saved.submitted_user_agent) == (CUSTOMER_IP, BROWSER)
    slots = list(saved.booking_slots.all())
    assert [(s.starts_at, s.ends_at, s.offered_by, s.state) for s in slots] == [
        (at(TUESDAY, "10:00"), at(TUESDAY, "11:00"), Side.CUSTOMER, BookingSlot.State.OPEN),
        (at(TUESDAY, "14:00"), at(TUESDAY, "15:00"), Side.CUSTOMER, BookingSlot.State.OPEN),
    ]


def test_submitting_writes_the_first_step_with_who_sent_it(submit):
    request = submit()

    (step,) = request.booking_steps.all()
    assert (step.kind, step.state, step.actor, step.actor_name) == (
        BookingStep.Kind.REQUESTED,
        State.PENDING,
        "customer",
        "Anna Becker",
    )
    assert (step.ip, step.user_agent) == (CUSTOMER_IP, BROWSER)
    assert list(step.slots.all()) == list(request.booking_slots.all())


def test_submitting_announces_the_request_and_its_step(submit, capture_signal):
    requested = capture_signal(signals.booking_requested)
    steps = capture_signal(signals.booking_step)

    request = submit()

    assert [(call["request"], call["step"].kind) for call in requested] == [(request, "requested")]
    assert [(call["request"], call["previous_state"]) for call in steps] == [(request, "")]


def test_staff_can_enter_a_request_for_a_customer(submit, staff_actor, advisor):
    request = submit(by=staff_actor, source=ServiceRequest.Source.STAFF)

    assert request.source == ServiceRequest.Source.STAFF
    assert request.booking_steps.get().user == advisor


def test_a_new_unit_is_added_to_the_customers_units(submit, customer):
    request = submit(unit=None, new_unit=Unit(kind=Unit.Kind.DEVICE, make="Fairphone", model="5"))

    assert request.unit.customer == customer
    assert customer.units.filter(make="Fairphone").exists()


def test_a_new_unit_is_checked_like_any_unit(submit, snapshot):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        submit(unit=None, new_unit=Unit(kind=Unit.Kind.VEHICLE, make="VW", model="ID.3"))

    assert "plate" in refused.value.message_dict
    assert snapshot() == before


def test_the_unit_of_another_customer_is_refused_and_nothing_changes(submit, other_unit, snapshot):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        submit(unit=other_unit)

    assert refused.value.message_dict == {"unit": ["This unit belongs to another customer."]}
    assert snapshot() == before


def test_a_unit_and_a_new_unit_at_once_are_refused(submit, snapshot):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        submit(new_unit=Unit(make="Fairphone"))

    assert "unit" in refused.value.message_dict
    assert snapshot() == before


def test_a_request_without_any_unit_is_refused(submit):
    with pytest.raises(ValidationError) as refused:
        submit(unit=None)

    assert refused.value.message_dict == {"unit": ["Choose a unit, add one, or describe it."]}


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        ("", "Describe the problem."),
        ("   ", "Describe the problem."),
        ("x" * 5001, "At most 5000 characters."),
    ],
)
def test_the_problem_is_required_and_bounded(submit, snapshot, problem, message):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        submit(problem_description=problem)

    assert refused.value.message_dict == {"problem_description": [message]}
    assert snapshot() == before


@pytest.mark.parametrize(
    ("slots", "message"),
    [
        ([], "Pick at least one time."),
        ([at(TUESDAY, h) for h in ("09:00", "10:00", "11:00", "13:00")], "Pick at most 3 times."),
        ([at(TUESDAY, "10:00"), at(TUESDAY, "10:00")], "Pick each time only once."),
    ],
)
def test_one_to_three_different_times_are_wanted(submit, snapshot, slots, message):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        submit(slots=slots)

    assert refused.value.message_dict == {"slots": [message]}
    assert snapshot() == before


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (at(TUESDAY, "07:00"), "The shop is closed at that time."),
        (at(TUESDAY.replace(day=18), "07:00"), "This time is in the past."),
    ],
)
def test_a_time_that_cannot_be_booked_is_refused_and_named(submit, snapshot, when, message):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        submit(slots=[at(TUESDAY, "10:00"), when])

    (refusal,) = refused.value.message_dict["slots"]
    assert refusal.endswith(f": {message}")
    assert snapshot() == before


def test_a_full_time_is_refused_and_nothing_changes(submit, booking_location, snapshot):
    booking_location.booking_capacity = 1
    booking_location.save()
    submit()
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        submit()

    assert refused.value.message_dict["slots"][0].endswith("This time is fully booked; please pick another.")
    assert snapshot() == before


def test_two_times_of_one_request_cannot_take_more_than_the_last_place(submit, booking_location):
    booking_location.booking_capacity = 1
    booking_location.save()

    with pytest.raises(ValidationError, match="fully booked"):
        submit(slots=[at(TUESDAY, "10:00"), at(TUESDAY, "10:30")])


def test_a_location_that_takes_no_bookings_is_refused(submit, booking_location):
    booking_location.booking_capacity = 0
    booking_location.save()

    with pytest.raises(ValidationError) as refused:
        submit()

    assert refused.value.message_dict == {"location": ["This location does not take bookings."]}


def test_every_problem_is_named_at_once(submit, other_unit):
    with pytest.raises(ValidationError) as refused:
        submit(unit=other_unit, problem_description="", slots=[])

    assert set(refused.value.message_dict) == {"unit", "problem_description", "slots"}


# ----------------------------------------------------------------------------- photos


def test_photos_are_stored_under_random_names(submit, media_root):
    request = submit(photos=[photo("display.png"), photo("back.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 32)])

    stored = list(request.booking_photos.order_by("original_name"))
    assert [(p.original_name, p.content_type) for p in stored] == [
        ("back.JPG", "image/jpeg"),
        ("display.png", "image/png"),
    ]
    assert all((media_root / p.file.name).exists() and "display" not in p.file.name for p in stored)


def test_an_oversized_photo_is_refused_and_nothing_is_written(submit, settings, snapshot):
    settings.ATTACHMENT_MAX_BYTES = 1024
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        submit(photos=[photo("small.png"), photo("big.png", PNG + b"\x00" * 2000)])

    (message,) = refused.value.message_dict["photos"]
    assert message.startswith("big.png: The file is")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("invoice.pdf", b"%PDF-1.7\n", "only photos can be attached"),
        ("notes.txt", b"hello", "only photos can be attached"),
        ("run.exe", b"MZ", "only photos can be attached"),
        ("fake.png", b"%PDF-1.7\n", "does not match"),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_written(
    submit, snapshot, name, content, message
):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        submit(photos=[photo("fine.png"), photo(name, content)])

    (refusal,) = refused.value.message_dict["photos"]
    assert refusal.startswith(f"{name}: ") and message in refusal
    assert snapshot() == before


def test_at_most_ten_photos(submit, snapshot):
    before = snapshot()

    with pytest.raises(ValidationError, match="at most 10 photos"):
        submit(photos=[photo(f"{n}.png") for n in range(11)])

    assert snapshot() == before


def test_a_failing_listener_leaves_neither_rows_nor_photo_files(submit, snapshot, fail_signal):
    fail_signal(signals.booking_requested)
    before = snapshot()

    with pytest.raises(ListenerFailed):
        submit(photos=[photo()])

    assert snapshot() == before
    assert not BookingPhoto.objects.exists()
