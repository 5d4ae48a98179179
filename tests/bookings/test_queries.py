from fixloop.bookings import queries, services
from fixloop.repairs.models import ServiceRequest
from tests.bookings.fixtures import TUESDAY, at

State = ServiceRequest.State


def test_a_customer_sees_only_their_own_requests(submit, other_customer, other_unit):
    own = submit()
    others = submit(customer=other_customer, unit=other_unit)

    assert list(queries.requests_for(own.customer)) == [own]
    assert list(queries.requests_for([other_customer])) == [others]
    assert set(queries.requests_for([own.customer, other_customer])) == {own, others}


def test_a_public_request_is_nobodys_until_confirmed(submit_public, customer):
    submit_public(email=customer.email)

    assert not queries.requests_for(customer).exists()


def test_the_staff_queue_has_a_column_per_open_state(request_in):
    pending, waiting = request_in(State.PENDING), request_in(State.WAITING_CUSTOMER)
    request_in(State.UNCONFIRMED)

    assert list(queries.staff_queue(State.PENDING)) == [pending]
    assert list(queries.staff_queue(State.WAITING_CUSTOMER)) == [waiting]
    assert not queries.staff_queue(State.WAITING_SHOP).exists()


def test_confirmed_bookings_of_a_day(submit, statuses, staff_actor):
    tuesday = submit(slots=[at(TUESDAY, "10:00")])
    services.confirm(tuesday, version=1, by=staff_actor)
    wednesday = submit(slots=[at(TUESDAY.replace(day=20), "10:00")])
    services.confirm(wednesday, version=1, by=staff_actor)

    assert list(queries.confirmed_between(at(TUESDAY, "00:00"), at(TUESDAY.replace(day=20), "00:00"))) == [
        tuesday
    ]


def test_the_portal_list_takes_the_same_number_of_queries_for_more_requests(
    submit, customer, django_assert_num_queries
):
    submit()
    with django_assert_num_queries(4) as one:
        [list(r.booking_slots.all()) + list(r.booking_steps.all()) for r in queries.requests_for(customer)]
    submit()
    submit()
    with django_assert_num_queries(len(one.captured_queries)):
        [list(r.booking_slots.all()) + list(r.booking_steps.all()) for r in queries.requests_for(customer)]
