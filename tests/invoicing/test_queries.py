"""What the service board and the portal read about invoices."""

import pytest

from fixloop.invoicing import queries, services
from tests.factories import LocationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_awaiting_customer_lists_submitted_invoices(submitted, draft):
    assert list(queries.awaiting_customer()) == [submitted]


def test_awaiting_customer_leaves_out_drafts_and_final_invoices(final_invoice):
    assert not queries.awaiting_customer().exists()


def test_awaiting_customer_leaves_out_disputed_invoices(submitted, customer_actor):
    services.dispute(submitted, revision=1, note="No", by=customer_actor)
    assert not queries.awaiting_customer().exists()


def test_awaiting_customer_filters_by_location(submitted):
    assert list(queries.awaiting_customer(location=submitted.location)) == [submitted]
    assert not queries.awaiting_customer(location=LocationFactory(code="HAM", name="Hamburg")).exists()


def test_awaiting_customer_filters_by_technician(submitted, technician):
    work_order = submitted.work_order
    work_order.technician = technician
    work_order.save()
    assert list(queries.awaiting_customer(technician=technician)) == [submitted]
    assert not queries.awaiting_customer(technician=UserFactory(username="other")).exists()


def test_a_customer_sees_submitted_and_final_invoices_but_no_draft(
    draft, customer, other_customer, staff_actor
):
    assert not queries.for_customers([customer]).exists()
    services.finalise(draft, by=staff_actor)
    assert list(queries.for_customers([customer])) == [draft]
    assert not queries.for_customers([other_customer]).exists()
