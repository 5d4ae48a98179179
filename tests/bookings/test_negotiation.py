import pytest
from django.core.exceptions import ValidationError

from fixloop.bookings import services
from fixloop.bookings.models import BookingSlot, Side
from fixloop.bookings.services import StaleRequest
from fixloop.estimates.models import Estimate
from fixloop.repairs import signals as repair_signals
from fixloop.repairs.models import ServiceRequest, TimelineEntry
from tests.bookings.fixtures import TUESDAY, at

State = ServiceRequest.State
OPEN, CHOSEN, RELEASED = BookingSlot.State.OPEN, BookingSlot.State.CHOSEN, BookingSlot.State.RELEASED


def slots_of(request):
    return [
        (f"{slot.local_start:%H:%M}", slot.offered_by, slot.state)
        for slot in request.booking_slots.select_related("location").order_by("created_at", "starts_at")
    ]


# ----------------------------------------------------------------------------- suggest, accept, counter


def test_a_suggestion_releases_the_customers_times_and_offers_the_shops(submit, staff_actor):
    request = submit(slots=[at(TUESDAY, "10:00"), at(TUESDAY, "11:00")])

    services.suggest(
        request,
        version=1,
        slots=[at(TUESDAY, "14:00"), at(TUESDAY, "15:00")],
        by=staff_actor,
        message="Afternoon?",
    )

    assert slots_of(request) == [
        ("10:00", Side.CUSTOMER, RELEASED),
        ("11:00", Side.CUSTOMER, RELEASED),
        ("14:00", Side.SHOP, OPEN),
        ("15:00", Side.SHOP, OPEN),
    ]
    assert request.booking_steps.last().text == "Afternoon?"


def test_the_shop_may_suggest_the_time_it_just_released(submit, staff_actor, booking_location):
    booking_location.booking_capacity = 1
    booking_location.save()
    request = submit()

    services.suggest(request, version=1, slots=[at(TUESDAY, "10:00")], by=staff_actor)

    assert slots_of(request)[-1] == ("10:00", Side.SHOP, OPEN)


def test_a_suggestion_of_a_full_time_is_refused_and_nothing_changes(
    submit, staff_actor, booking_location, snapshot
):
    booking_location.booking_capacity = 1
    booking_location.save()
    request = submit()
    submit(slots=[at(TUESDAY, "14:00")])
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.suggest(request, version=1, slots=[at(TUESDAY, "14:00")], by=staff_actor)

    assert refused.value.message_dict["slots"][0].endswith("This time is fully booked; please pick another.")
    assert snapshot() == before


def test_the_shop_suggests_at_most_five_times(submit, staff_actor):
    request = submit()
    times = [at(TUESDAY, hour) for hour in ("09:00", "11:00", "13:00", "14:00", "15:00", "16:00")]

    with pytest.raises(ValidationError) as refused:
        services.suggest(request, version=1, slots=times, by=staff_actor)

    assert refused.value.message_dict == {"slots": ["Pick at most 5 times."]}


def test_accepting_keeps_the_chosen_suggestion_and_releases_the_others(submit, staff_actor, customer_actor):
    request = submit()
    services.suggest(request, version=1, slots=[at(TUESDAY, "14:00"), at(TUESDAY, "15:00")], by=staff_actor)
    chosen = request.booking_slots.get(starts_at=at(TUESDAY, "15:00"))

    services.accept(request, version=2, slot=chosen.pk, by=customer_actor, message="See you then.")

    assert request.state == State.WAITING_SHOP
    assert slots_of(request)[1:] == [("14:00", Side.SHOP, RELEASED), ("15:00", Side.SHOP, OPEN)]
    assert request.booking_steps.last().data["slot"] == chosen.pk


def test_accepting_without_choosing_among_several_suggestions_is_refused(submit, staff_actor, customer_actor):
    request = submit()
    services.suggest(request, version=1, slots=[at(TUESDAY, "14:00"), at(TUESDAY, "15:00")], by=staff_actor)

    with pytest.raises(ValidationError) as refused:
        services.accept(request, version=2, by=customer_actor)

    assert refused.value.message_dict == {"slot": ["Choose one of the offered times."]}


def test_the_customer_cannot_accept_a_time_the_shop_did_not_suggest(
    submit, staff_actor, customer_actor, snapshot
):
    request = submit()
    services.suggest(request, version=1, slots=[at(TUESDAY, "14:00")], by=staff_actor)
    own = request.booking_slots.get(offered_by=Side.CUSTOMER)
    other = submit(slots=[at(TUESDAY, "16:00")]).booking_slots.get()
    before = snapshot()

    for slot in (own, other):
        with pytest.raises(ValidationError) as refused:
            services.accept(request, version=2, slot=slot, by=customer_actor)
        assert refused.value.message_dict == {"slot": ["Choose one of the times the shop suggested."]}
    assert snapshot() == before


def test_a_counter_proposal_releases_the_shops_times(submit, staff_actor, customer_actor):
    request = submit()
    services.suggest(request, version=1, slots=[at(TUESDAY, "14:00")], by=staff_actor)

    services.counter(
        request, version=2, slots=[at(TUESDAY, "09:00"), at(TUESDAY, "16:00")], by=customer_actor
    )

    assert request.state == State.WAITING_SHOP
    assert slots_of(request)[1:] == [
        ("14:00", Side.SHOP, RELEASED),
        ("09:00", Side.CUSTOMER, OPEN),
        ("16:00", Side.CUSTOMER, OPEN),
    ]


# ----------------------------------------------------------------------------- confirm


def test_confirming_books_the_time_and_opens_the_work_order(
    submit, statuses, staff_actor, advisor, capture_signal
):
    accepted = capture_signal(repair_signals.service_request_accepted)
    request = submit(slots=[at(TUESDAY, "10:00"), at(TUESDAY, "11:00")])
    eleven = request.booking_slots.get(starts_at=at(TUESDAY, "11:00"))

    services.confirm(request, version=1, slot=eleven, by=staff_actor, message="Bring the charger.")

    assert (request.state, request.decided_by) == (State.ACCEPTED, advisor)
    work_order = request.work_order
    assert (work_order.customer, work_order.unit, work_order.location) == (
        request.customer,
        request.unit,
        request.preferred_location,
    )
    assert slots_of(request) == [("10:00", Side.CUSTOMER, RELEASED), ("11:00", Side.CUSTOMER, CHOSEN)]
    assert [(call["service_request"].pk, call["work_order"]) for call in accepted] == [
        (request.pk, work_order)
    ]
    entry = work_order.timeline.get(kind=TimelineEntry.Kind.SYSTEM, data__event="booking_confirmed")
    assert (entry.public, entry.text, entry.data["starts_at"]) == (
        True,
        "Bring the charger.",
        at(TUESDAY, "11:00").astimezone(eleven.starts_at.tzinfo).isoformat(),
    )
    assert not Estimate.objects.filter(work_order=work_order).exists()


def test_confirming_with_an_estimate_starts_its_draft(submit, statuses, staff_actor):
    request = submit()

    services.confirm(request, version=1, by=staff_actor, create_estimate=True)

    assert request.work_order.estimate.state == Estimate.State.DRAFT


def test_confirming_a_time_the_customer_accepted(request_in, staff_actor, capture_signal):
    accepted = capture_signal(repair_signals.service_request_accepted)
    request = request_in(State.WAITING_SHOP)

    services.confirm(request, version=request.version, by=staff_actor)

    assert request.state == State.ACCEPTED
    assert request.booking_slots.get(state=CHOSEN).offered_by == Side.SHOP
    assert len(accepted) == 1


def test_confirming_without_choosing_among_several_times_is_refused(submit, statuses, staff_actor, snapshot):
    request = submit(slots=[at(TUESDAY, "10:00"), at(TUESDAY, "11:00")])
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.confirm(request, version=1, by=staff_actor)

    assert refused.value.message_dict == {"slot": ["Choose one of the offered times."]}
    assert snapshot() == before


def test_confirming_a_time_that_has_passed_is_refused(submit, statuses, staff_actor, snapshot, clock):
    request = submit()
    clock.shift(24 * 3600 + 3 * 3600)  # Tuesday 11:00
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.confirm(request, version=1, by=staff_actor)

    assert refused.value.message_dict == {"slot": ["This time is in the past."]}
    assert snapshot() == before


def test_a_failing_work_order_leaves_the_request_as_it_was(submit, staff_actor, snapshot):
    request = submit()  # no workflow statuses: the work order cannot be opened
    before = snapshot()

    with pytest.raises(ValidationError, match="No active status"):
        services.confirm(request, version=1, by=staff_actor)

    assert snapshot() == before


# ----------------------------------------------------------------------------- decline, withdraw


def test_declining_keeps_the_reason_and_frees_the_times(request_in, staff_actor, capture_signal):
    rejected = capture_signal(repair_signals.service_request_rejected)
    request = request_in(State.WAITING_CUSTOMER)

    services.decline(
        request, version=request.version, reason="  We do not repair televisions. ", by=staff_actor
    )

    assert (request.state, request.rejection_reason) == (State.REJECTED, "We do not repair televisions.")
    assert not request.booking_slots.filter(state=OPEN).exists()
    assert request.booking_steps.last().text == "We do not repair televisions."
    assert [call["service_request"].pk for call in rejected] == [request.pk]


@pytest.mark.parametrize("reason", ["", "   "])
def test_declining_without_a_reason_is_refused(submit, staff_actor, snapshot, reason):
    request = submit()
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.decline(request, version=1, reason=reason, by=staff_actor)

    assert refused.value.message_dict == {"reason": ["Tell the customer why the request is declined."]}
    assert snapshot() == before


def test_withdrawing_frees_the_times_for_others(submit, customer_actor, booking_location):
    booking_location.booking_capacity = 1
    booking_location.save()
    request = submit()

    services.withdraw(request, version=1, by=customer_actor, reason="Fixed it myself.")

    assert request.booking_slots.get().state == RELEASED
    assert submit().state == State.PENDING


# ----------------------------------------------------------------------------- both sides at once


def test_a_stale_version_is_refused_with_the_current_request_and_nothing_changes(
    submit, statuses, staff_actor, customer_actor, snapshot
):
    request = submit()
    shown_to_customer = ServiceRequest.objects.get(pk=request.pk)
    services.suggest(request, version=1, slots=[at(TUESDAY, "14:00")], by=staff_actor)
    before = snapshot()

    with pytest.raises(StaleRequest) as refused:
        services.withdraw(shown_to_customer, version=shown_to_customer.version, by=customer_actor)

    assert refused.value.messages == ["This request changed meanwhile; here is its current state."]
    assert (refused.value.current.state, refused.value.current.version) == (State.WAITING_CUSTOMER, 2)
    assert isinstance(refused.value, ValidationError)
    assert snapshot() == before


@pytest.mark.parametrize("version", [0, 2, "2", "", None, "abc"])
def test_any_version_but_the_current_one_is_stale(submit, customer_actor, version):
    request = submit()

    with pytest.raises(StaleRequest):
        services.withdraw(request, version=version, by=customer_actor)


def test_the_version_may_come_as_text_from_a_form(submit, customer_actor):
    request = submit()

    services.withdraw(request, version="1", by=customer_actor)

    assert request.state == State.WITHDRAWN


@pytest.mark.parametrize("slot", ["abc", "", 999999])
def test_a_slot_that_is_not_one_of_the_requests_is_refused(submit, statuses, staff_actor, slot):
    request = submit()

    with pytest.raises(ValidationError) as refused:
        services.confirm(request, version=1, slot=slot, by=staff_actor)

    assert refused.value.message_dict == {"slot": ["Choose one of the offered times."]}
