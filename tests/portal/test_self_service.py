"""The customer corrects their contact details and sends questions from the case page; staff see
each one with the old and new values, time, address and browser."""

import pytest

from fixloop.customers.services import CONTACT_FIELDS
from fixloop.portal.views.tracking import SELF_SERVICE_MAX_BYTES
from fixloop.repairs import services
from fixloop.repairs.models import CustomerNote, TimelineEntry
from tests.factories import BROWSER, CUSTOMER_IP


def contact_data(customer, **changes) -> dict:
    data = {field: getattr(customer, field) for field in CONTACT_FIELDS}
    data.update(changes)
    return data


def snapshot(customer) -> tuple:
    customer.refresh_from_db()
    return (
        tuple(getattr(customer, field) for field in (*CONTACT_FIELDS, "fax", "updated_at")),
        TimelineEntry.objects.count(),
        CustomerNote.objects.count(),
    )


def test_the_contact_form_shows_the_details_on_record(customer_client, customer, case_path):
    text = customer_client.get(case_path).content.decode()
    assert 'value="anna@example.com"' in text
    assert 'value="10115"' in text


def test_a_corrected_email_address_is_saved_normalised_and_recorded(
    customer_client, customer, work_order, case_path
):
    response = customer_client.post(
        f"{case_path}contact/",
        contact_data(customer, email=" Anna.Becker@EXAMPLE.com ", mobile="0151 23456789"),
    )
    assert response.status_code == 303
    assert response["Location"] == f"{case_path}?done=contact#self-service"
    assert "your contact details are updated" in customer_client.get(response["Location"]).content.decode()
    customer.refresh_from_db()
    assert customer.email == "Anna.Becker@example.com"
    assert customer.mobile == "+4915123456789"
    entry = work_order.timeline.get(kind=TimelineEntry.Kind.CONTACT)
    assert entry.data == {
        "email": ["anna@example.com", "Anna.Becker@example.com"],
        "mobile": ["", "+4915123456789"],
    }
    assert entry.actor == "customer"
    assert entry.actor_name == "Anna Becker"
    assert entry.ip == CUSTOMER_IP
    assert entry.user_agent == BROWSER
    assert entry.public is False
    assert entry.created_at is not None
    assert CustomerNote.objects.get().entry == entry


def test_the_delivery_address_can_be_corrected(customer_client, customer, work_order, case_path):
    response = customer_client.post(
        f"{case_path}contact/",
        contact_data(customer, address_line="Neue Straße 5", postal_code="10 117", city="Berlin"),
    )
    assert response.status_code == 303
    customer.refresh_from_db()
    assert (customer.address_line, customer.postal_code) == ("Neue Straße 5", "10117")
    assert work_order.timeline.get(kind="contact").data["postal_code"] == ["10115", "10117"]


def test_sending_the_same_details_again_records_nothing(customer_client, customer, case_path):
    before = snapshot(customer)
    response = customer_client.post(f"{case_path}contact/", contact_data(customer))
    assert response["Location"].endswith("?done=unchanged#self-service")
    assert snapshot(customer) == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "anna@", "Enter a valid e-mail address"),
        ("email", "anna@example", "Enter a valid e-mail address"),
        ("mobile", "030 1234567", "This is not a mobile number"),
        ("mobile", "call me", "Enter digits only"),
        ("postal_code", "1" * 21, "Ensure this value has at most 20 characters"),
    ],
)
def test_invalid_details_get_a_field_message_and_change_nothing(
    customer_client, customer, case_path, field, value, message
):
    before = snapshot(customer)
    response = customer_client.post(
        f"{case_path}contact/", contact_data(customer, city="Potsdam", **{field: value})
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert message in text
    assert '<details open id="contact-details">' in text
    assert snapshot(customer) == before


def test_an_old_invalid_fax_number_on_record_does_not_block_a_correction(
    customer_client, customer, case_path
):
    type(customer).objects.filter(pk=customer.pk).update(fax="not a number")
    response = customer_client.post(f"{case_path}contact/", contact_data(customer, email="anna@example.org"))
    assert response.status_code == 303
    customer.refresh_from_db()
    assert customer.email == "anna@example.org"
    assert customer.fax == "not a number"  # not the customer's to correct; left as it was


def test_an_oversized_form_is_refused_before_it_is_read(customer_client, customer, case_path):
    before = snapshot(customer)
    for suffix, data in (
        ("contact/", contact_data(customer, city="x" * SELF_SERVICE_MAX_BYTES)),
        ("question/", {"text": "?" * (SELF_SERVICE_MAX_BYTES + 1)}),
    ):
        response = customer_client.post(f"{case_path}{suffix}", data)
        assert response.status_code == 413
        assert "Too much text" in response.content.decode()
        assert f'href="{case_path}"' in response.content.decode()
    assert snapshot(customer) == before


def test_a_question_reaches_the_timeline_and_the_unread_list(
    customer_client, customer, work_order, case_path
):
    response = customer_client.post(f"{case_path}question/", {"text": "  Can I pick it up on Saturday?  "})
    assert response.status_code == 303
    assert "we have received your question" in customer_client.get(response["Location"]).content.decode()
    entry = work_order.timeline.get(kind=TimelineEntry.Kind.QUESTION)
    assert entry.text == "Can I pick it up on Saturday?"
    assert (entry.ip, entry.user_agent, entry.public) == (CUSTOMER_IP, BROWSER, False)
    note = CustomerNote.objects.get()
    assert (note.entry, note.work_order, note.read_at) == (entry, work_order, None)


def test_a_question_that_is_too_long_or_empty_is_refused(customer_client, customer, case_path):
    before = snapshot(customer)
    response = customer_client.post(
        f"{case_path}question/", {"text": "x" * (services.QUESTION_MAX_LENGTH + 1)}
    )
    assert response.status_code == 422
    assert "at most 2000 characters" in response.content.decode()
    response = customer_client.post(f"{case_path}question/", {"text": "   "})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert snapshot(customer) == before


def test_questions_and_corrections_are_shown_inert_to_staff(
    customer_client, client, advisor, customer, work_order, case_path
):
    customer_client.post(f"{case_path}question/", {"text": "<script>alert(1)</script>"})
    customer_client.post(f"{case_path}contact/", contact_data(customer, city="<img src=x onerror=alert(2)>"))
    client.force_login(advisor)
    for path in (
        f"/staff/work-orders/{work_order.number}/?tab=timeline",
        f"/staff/work-orders/{work_order.number}/?tab=tracking",
        "/staff/customer-messages/",
    ):
        text = client.get(path).content.decode()
        assert "<script>alert(1)" not in text
        assert "<img src=x" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert "&lt;img src=x onerror=alert(2)&gt;" in text


def test_staff_see_the_change_on_the_work_order(
    customer_client, client, advisor, customer, work_order, case_path
):
    customer_client.post(f"{case_path}contact/", contact_data(customer, email="anna.b@example.net"))
    client.force_login(advisor)
    text = client.get(f"/staff/work-orders/{work_order.number}/?tab=timeline").content.decode()
    assert "Contact details corrected by the customer:" in text
    assert "anna@example.com → anna.b@example.net" in text
    assert CUSTOMER_IP in text
    assert BROWSER in text
