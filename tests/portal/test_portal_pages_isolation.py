"""The signed-in portal's repairs, estimates, units and details pages: another customer's object
answers 404 and changes nothing; a head office sees its members' objects, and nobody else's."""

import pytest

from fixloop.customers.models import CustomerAccount, Unit
from fixloop.estimates.models import DisputeMessage, JobDecision
from fixloop.repairs.models import CustomerNote, TimelineEntry
from tests.portal.conftest import attach
from tests.portal.estimate_helpers import decision_data


def state(*customers) -> tuple:
    """What a request could change."""
    return (
        JobDecision.objects.count(),
        DisputeMessage.objects.count(),
        TimelineEntry.objects.count(),
        CustomerNote.objects.count(),
        Unit.objects.count(),
        tuple(
            CustomerAccount.objects.filter(pk__in=[c.pk for c in customers]).values_list("email", "mobile")
        ),
    )


def test_lists_show_nothing_of_another_customer(
    portal_client, work_order, other_work_order, other_estimate, other_unit, other_customer
):
    for url in ["/portal/repairs/?state=all", "/portal/estimates/", "/portal/units/", "/portal/details/"]:
        text = portal_client.get(url).content.decode()
        assert other_work_order.number not in text, url
        assert other_customer.name not in text and other_customer.email not in text, url
        assert other_unit.serial_number not in text, url


def test_another_customers_repair_and_its_files_give_404(
    portal_client, media_root, work_order, other_work_order, staff_actor
):
    others = attach(other_work_order, "bernds-photo.png", public=True, by=staff_actor)
    assert portal_client.get(f"/portal/repairs/{other_work_order.number}/").status_code == 404
    assert (
        portal_client.get(f"/portal/repairs/{other_work_order.number}/files/{others.pk}/").status_code == 404
    )
    # Own repair, another customer's file id.
    response = portal_client.get(f"/portal/repairs/{work_order.number}/files/{others.pk}/")
    assert response.status_code == 404
    assert b"bernds-photo" not in response.content


def test_filtering_by_another_customers_unit_gives_404(portal_client, work_order, other_unit):
    assert portal_client.get("/portal/repairs/", {"unit": other_unit.pk}).status_code == 404


@pytest.mark.parametrize(
    ("suffix", "method"), [("", "get"), ("decide/", "post"), ("note/", "post"), ("estimate.pdf", "get")]
)
def test_another_customers_estimate_gives_404_and_changes_nothing(
    portal_client, other_estimate, other_customer, suffix, method
):
    before = state(other_customer)
    data = {**decision_data(other_estimate), "text": "Please call me."}
    response = getattr(portal_client, method)(f"/portal/estimates/{other_estimate.pk}/{suffix}", data)
    assert response.status_code == 404
    assert b"Replace the glass" not in response.content
    assert state(other_customer) == before


def test_another_accounts_batch_page_gives_404(portal_client, other_customer, other_estimate):
    url = f"/portal/estimates/approve/{other_customer.pk}/"
    before = state(other_customer)
    assert portal_client.get(url).status_code == 404
    response = portal_client.post(
        url, {f"estimate_{other_estimate.pk}": "approved", "signed_name": "Anna", "authorised": "on"}
    )
    assert response.status_code == 404
    assert state(other_customer) == before


def test_another_customers_estimate_slipped_into_ones_own_batch_is_refused(
    portal_client, customer, sent_estimate, other_estimate, other_customer
):
    version = other_estimate.current_version
    before = state(customer, other_customer)
    response = portal_client.post(
        f"/portal/estimates/approve/{customer.pk}/",
        {
            f"estimate_{other_estimate.pk}": "approved",
            f"version_{other_estimate.pk}": version.number,
            f"hash_{other_estimate.pk}": version.content_hash,
            "signed_name": "Anna Becker",
            "authorised": "on",
        },
    )
    assert response.status_code == 422
    assert other_estimate.work_order.number not in response.content.decode()
    assert state(customer, other_customer) == before


def test_a_unit_cannot_be_added_to_another_customers_account(head_office_client, head_office, other_customer):
    before = state(other_customer)
    response = head_office_client.post(
        "/portal/units/add/", {"account": other_customer.pk, "kind": "device", "make": "Apple"}
    )
    assert response.status_code == 404
    assert state(other_customer) == before


def test_another_customers_contact_details_give_404_and_change_nothing(portal_client, other_customer):
    before = state(other_customer)
    response = portal_client.post(
        f"/portal/details/{other_customer.pk}/contact/", {"email": "mallory@example.net"}
    )
    assert response.status_code == 404
    assert state(other_customer) == before


def test_a_name_change_changes_only_the_persons_own_name(portal_client, portal_user, other_portal_user):
    response = portal_client.post("/portal/details/name/", {"first_name": "Mallory", "last_name": "X"})
    assert response.status_code == 303
    portal_user.refresh_from_db()
    other_portal_user.refresh_from_db()
    assert portal_user.get_full_name() == "Mallory X"
    assert other_portal_user.get_full_name() == "Bernd Schulz"


# ----------------------------------------------------------------------------- head office


def test_a_head_office_sees_its_members_repair_estimate_and_units(
    head_office_client, customer, work_order, sent_estimate, unit
):
    assert head_office_client.get(f"/portal/repairs/{work_order.number}/").status_code == 200
    assert head_office_client.get(f"/portal/estimates/{sent_estimate.pk}/").status_code == 200
    assert unit.serial_number in head_office_client.get("/portal/units/").content.decode()
    assert head_office_client.get(f"/portal/estimates/approve/{customer.pk}/").status_code == 200


def test_a_head_office_does_not_see_a_non_members_objects(
    head_office_client, other_work_order, other_estimate, other_customer
):
    assert head_office_client.get(f"/portal/repairs/{other_work_order.number}/").status_code == 404
    assert head_office_client.get(f"/portal/estimates/{other_estimate.pk}/").status_code == 404
    assert head_office_client.get(f"/portal/estimates/approve/{other_customer.pk}/").status_code == 404
    assert head_office_client.get("/portal/repairs/", {"account": other_customer.pk}).status_code == 404


def test_a_head_office_keeps_only_its_own_contact_details(head_office_client, head_office, customer):
    """The members' contact details are theirs to keep: the head office's person cannot change them."""
    before = state(customer)
    response = head_office_client.post(f"/portal/details/{customer.pk}/contact/", {"email": "hq@example.com"})
    assert response.status_code == 404
    assert state(customer) == before
    text = head_office_client.get("/portal/details/").content.decode()
    assert f"/portal/details/{head_office.pk}/contact/" in text
    assert f"/portal/details/{customer.pk}/contact/" not in text


def test_a_members_person_does_not_see_the_head_offices_repairs(
    portal_client, head_office, location, statuses, staff_actor
):
    from tests.factories import UnitFactory
    from tests.portal.estimate_helpers import open_work_order

    own_unit = UnitFactory(customer=head_office, make="VW", model="Crafter", kind="vehicle", plate="HH-A 1")
    office_repair = open_work_order(head_office, own_unit, location, staff_actor)
    assert portal_client.get(f"/portal/repairs/{office_repair.number}/").status_code == 404
    assert office_repair.number not in portal_client.get("/portal/repairs/").content.decode()
