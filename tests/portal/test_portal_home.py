"""The signed-in portal's home page: what needs the customer's attention first, then recent repairs;
and the language of the portal's pages."""

import pytest
from django.conf import settings

from fixloop.customers.models import CustomerAccount
from fixloop.repairs import services
from fixloop.repairs.models import ServiceRequest
from tests.factories import ServiceRequestFactory


def home(client) -> str:
    response = client.get("/portal/")
    assert response.status_code == 200
    return response.content.decode()


def test_estimates_awaiting_a_decision_come_first_with_a_link_to_decide(portal_client, sent_estimate):
    text = home(portal_client)
    attention = text.split('id="attention"', 1)[1].split("Recent repairs", 1)[0]
    assert f'href="/portal/estimates/{sent_estimate.pk}/"' in attention


def test_repairs_ready_for_pick_up_link_to_the_repair(portal_client, work_order, statuses, staff_actor):
    services.change_status(work_order, statuses["ready"], by=staff_actor)
    attention = home(portal_client).split('id="ready-for-pickup"', 1)[1].split("</ul>", 1)[0]
    assert f'href="/portal/repairs/{work_order.number}/"' in attention


def test_booking_suggestions_to_answer_are_counted_with_a_link_to_the_bookings(
    portal_client, customer, other_customer
):
    ServiceRequestFactory(customer=customer, state=ServiceRequest.State.WAITING_CUSTOMER)
    ServiceRequestFactory(customer=customer, state=ServiceRequest.State.PENDING)
    ServiceRequestFactory(customer=other_customer, state=ServiceRequest.State.WAITING_CUSTOMER)
    text = home(portal_client)
    suggestions = text.split('id="booking-suggestions"', 1)[1].split("</ul>", 1)[0]
    assert "We suggested another time for 1 of your booking requests." in suggestions
    assert 'href="/portal/bookings/"' in suggestions


def test_nothing_waiting_says_so(portal_client, work_order):
    text = home(portal_client)
    assert "Nothing is waiting for you." in text
    assert work_order.number in text.split("Recent repairs", 1)[1]


def test_a_head_office_sees_each_row_labelled_with_its_account(
    head_office_client, customer, work_order, sent_estimate, statuses, staff_actor
):
    text = home(head_office_client)
    assert "Your accounts:" in text
    row = text.split(f'id="repair-{work_order.number}"', 1)[1].split("</tr>", 1)[0]
    assert customer.name in row
    estimate = text.split('id="awaiting-estimates"', 1)[1].split("</li>", 1)[0]
    assert customer.name in estimate


def test_the_attention_part_refreshes_itself(portal_client, work_order, statuses, staff_actor):
    assert 'id="home-live"' in home(portal_client)
    services.change_status(work_order, statuses["ready"], by=staff_actor)
    part = portal_client.get("/portal/", headers={"HX-Request": "true", "HX-Target": "home-live"})
    text = part.content.decode()
    assert text.startswith('<div id="home-live"') and "Ready for pick-up" in text


# ----------------------------------------------------------------------------- language


@pytest.fixture
def german_account(customer):
    CustomerAccount.objects.filter(pk=customer.pk).update(language="de")


def test_pages_are_in_the_accounts_language(portal_client, german_account, work_order):
    for url in ["/portal/", "/portal/repairs/", "/portal/units/", "/portal/estimates/", "/portal/details/"]:
        response = portal_client.get(url, headers={"accept-language": "en"})
        text = response.content.decode()
        assert '<html lang="de">' in text, url
        assert response["Content-Language"] == "de"
    assert "Ihre Reparaturen" in portal_client.get("/portal/repairs/").content.decode()


def test_the_persons_choice_of_language_wins(portal_client, german_account, work_order):
    portal_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = portal_client.get("/portal/repairs/").content.decode()
    assert '<html lang="en">' in text and "Your repairs" in text


def test_an_english_account_is_in_english_whatever_the_browser_says(portal_client, work_order):
    text = portal_client.get("/portal/", headers={"accept-language": "de"}).content.decode()
    assert '<html lang="en">' in text


def test_the_language_switcher_sets_the_persons_choice(portal_client, german_account):
    text = portal_client.get("/portal/repairs/").content.decode()
    assert 'action="/i18n/setlang/"' in text and 'value="en"' in text
    response = portal_client.post("/i18n/setlang/", {"language": "en", "next": "/portal/repairs/"})
    assert response.status_code == 302 and response["Location"] == "/portal/repairs/"
    assert '<html lang="en">' in portal_client.get("/portal/repairs/").content.decode()
