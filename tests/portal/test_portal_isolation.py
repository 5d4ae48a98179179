"""The signed-in portal: every page shows only the person's own accounts; another customer's object
answers 404 and changes nothing."""

import pytest
from django.urls import reverse

from tests.bookings.web.test_isolation import SIGNED_IN_BOOKING_URLS
from tests.portal.accounts_fixtures import PASSWORD

# name: what the isolation test for that URL does
SIGNED_IN_URLS = {
    "home": "lists nothing of another customer",
    "invitation": "a token that is not an open invitation gives 404 (test_accounts)",
    "contact_change": "a token that is not a change gives 404, a used or expired one 410 (test_contact_change_report)",
    # Repairs, estimates, units and the person's details: test_portal_pages_isolation.py
    "repairs": "lists nothing of another customer; another customer's unit or account as a filter: 404",
    "repair": "another customer's repair gives 404",
    "repair_file": "another customer's file, or a file of another customer's repair, gives 404",
    "estimates": "lists nothing of another customer",
    "estimate_detail": "another customer's estimate gives 404",
    "estimate_detail_decide": "another customer's estimate gives 404 and records nothing",
    "estimate_detail_note": "another customer's estimate gives 404 and records nothing",
    "estimate_detail_pdf": "another customer's estimate gives 404",
    "estimate_batch": "another account gives 404; another customer's estimate posted is refused",
    "units": "lists nothing of another customer",
    "unit_add": "another customer's account gives 404 and adds nothing",
    "details": "shows only the person's own accounts",
    "details_contact": "another customer's (or a head office's member's) account gives 404, changes nothing",
    "details_name": "changes only the person's own name",
    **SIGNED_IN_BOOKING_URLS,  # booking requests: tests/bookings/web/test_isolation.py
}


@pytest.fixture
def signed_in(client, portal_user):
    assert (
        client.post("/portal/account/login/", {"login": portal_user.email, "password": PASSWORD}).status_code
        == 302
    )
    return client


def test_the_home_page_lists_nothing_of_another_customer(
    signed_in, work_order, other_work_order, statuses, staff_actor
):
    from fixloop.repairs import services

    services.change_status(other_work_order, statuses["ready"], by=staff_actor)
    services.change_status(work_order, statuses["ready"], by=staff_actor)
    page = signed_in.get(reverse("portal:home")).content.decode()
    assert work_order.number in page
    assert other_work_order.number not in page


def test_an_anonymous_visitor_is_sent_to_sign_in(client, shop):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith("/portal/account/login/?next=/portal/")
