"""Authorised inspection items are work required: the service board counts their work orders, and the
technician's view shows exactly the items with a thumbs up, beside the approved estimate work."""

import pytest
from django.urls import reverse

from fixloop.backoffice import service_board
from fixloop.backoffice import technician as technician_view
from fixloop.inspections.services import authorising
from fixloop.repairs import services
from tests.messaging.inspection_fixtures import item

HOME = reverse("backoffice:technician")


def test_a_work_order_with_authorised_items_is_work_required(authorised_inspection):
    found = service_board.work_required()
    assert [work_order.pk for work_order in found.rows] == [authorised_inspection.work_order_id]


def test_answers_without_a_thumbs_up_are_not_work_required(answered_inspection, staff_actor):
    authorising.authorise(item(answered_inspection, "Wiper blades"), by=staff_actor, authorised=False)
    assert service_board.work_required().count == 0


def test_a_withdrawn_thumbs_up_is_no_longer_work_required(authorised_inspection, staff_actor):
    authorising.authorise(item(authorised_inspection, "Front brake pads"), by=staff_actor, authorised=None)
    assert service_board.work_required().count == 0


def test_clocking_on_takes_it_off_work_required(authorised_inspection, technician, staff_actor):
    services.clock_on(authorised_inspection.work_order, technician, by=staff_actor)
    assert service_board.work_required().count == 0


def test_the_technician_sees_exactly_the_authorised_items(technician_client, authorised_inspection):
    page = technician_client.get(HOME).content.decode()

    brake_pads = item(authorised_inspection, "Front brake pads")
    assert f'id="authorised-item-{brake_pads.pk}"' in page
    assert page.count('class="tech-inspection-item"') == 1
    assert "Wiper blades" not in page  # thumbs down
    assert "Oil and filter change" not in page  # answered, not decided by staff
    assert "No approved work yet" not in page


def test_unassigned_work_with_authorised_items_is_listed_for_every_technician(
    authorised_inspection, technician
):
    assert authorised_inspection.work_order.technician_id is None

    (job,) = technician_view.jobs(technician)

    assert job.work_order == authorised_inspection.work_order
    assert [found.description for found in job.authorised_items] == ["Front brake pads"]
    assert job.required_work == []


@pytest.fixture
def second_item(authorised_inspection, staff_actor):
    oil = item(authorised_inspection, "Oil and filter change")
    authorising.authorise(oil, by=staff_actor, authorised=True)
    return oil


def test_two_authorised_items_are_both_shown_with_the_estimate_work(
    technician_client, approved, authorised_inspection, second_item
):
    page = technician_client.get(HOME).content.decode()

    assert page.count('class="tech-inspection-item"') == 2
    assert "Replace the display" in page  # the approved estimate job
    assert page.index("Oil and filter change") < page.index("Front brake pads")  # the overview's order


def test_item_prices_are_hidden_without_price_rights(technician_client, authorised_inspection):
    assert 'class="price"' not in technician_client.get(HOME).content.decode()


def test_item_prices_are_shown_with_price_rights(shop, technician_client, authorised_inspection):
    shop.technicians_see_prices = True
    shop.save()
    assert "200.00 EUR net" in technician_client.get(HOME).content.decode()
