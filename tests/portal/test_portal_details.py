"""The signed-in person's details: their name, and their account's contact details, validated as at
staff entry and noted on the timeline of the account's open work orders."""

from fixloop.repairs import services
from fixloop.repairs.models import CustomerNote, TimelineEntry
from tests.factories import BROWSER, CUSTOMER_IP
from tests.portal.estimate_helpers import open_work_order


def contact_url(customer) -> str:
    return f"/portal/details/{customer.pk}/contact/"


def contact(customer, **changes) -> dict:
    return {
        "email": customer.email,
        "mobile": customer.mobile,
        "address_line": customer.address_line,
        "postal_code": customer.postal_code,
        "city": customer.city,
        **changes,
    }


def test_the_page_shows_the_accounts_contact_details_and_the_persons_name(portal_client, customer):
    text = portal_client.get("/portal/details/").content.decode()
    assert 'value="anna@example.com"' in text
    assert 'value="Anna"' in text and 'value="Becker"' in text
    assert "anna.becker@example.com" in text  # the sign-in address


def test_a_contact_change_is_saved_normalised_and_noted_on_every_open_repair(
    portal_client, portal_user, customer, work_order, second_work_order, staff_actor, capture_signal
):
    from fixloop.repairs import signals

    services.close(second_work_order, by=staff_actor)
    third = open_work_order(customer, work_order.unit, work_order.location, staff_actor)
    sent = capture_signal(signals.contact_details_changed)
    old_mobile, old_city = customer.mobile, customer.city
    response = portal_client.post(
        contact_url(customer), contact(customer, mobile="0151 2345 6789", city="Potsdam")
    )
    assert response.status_code == 303
    assert response["Location"] == f"/portal/details/?saved={customer.pk}#account-{customer.pk}"
    customer.refresh_from_db()
    assert (customer.mobile, customer.city) == ("+4915123456789", "Potsdam")
    entries = TimelineEntry.objects.filter(kind=TimelineEntry.Kind.CONTACT)
    assert {entry.work_order for entry in entries} == {work_order, third}  # open ones only
    for entry in entries:
        assert (entry.actor, entry.user, entry.ip, entry.user_agent) == (
            "customer",
            portal_user,
            CUSTOMER_IP,
            BROWSER,
        )
        assert entry.public is False
        assert entry.data == {"mobile": [old_mobile, "+4915123456789"], "city": [old_city, "Potsdam"]}
    # Staff read it once: on the newest open repair.
    assert [note.work_order for note in CustomerNote.objects.all()] == [third]
    assert len(sent) == 1 and sent[0]["customer"] == customer
    page = portal_client.get(response["Location"]).content.decode()
    assert "Thank you: the contact details of Anna Becker are updated." in page


def test_an_invalid_contact_change_gets_field_messages_and_changes_nothing(
    portal_client, customer, work_order
):
    response = portal_client.post(contact_url(customer), contact(customer, email="anna@", mobile="12"))
    assert response.status_code == 422
    text = response.content.decode()
    assert 'class="field has-error"' in text
    customer.refresh_from_db()
    assert customer.email == "anna@example.com"
    assert not TimelineEntry.objects.filter(kind=TimelineEntry.Kind.CONTACT).exists()
    assert not CustomerNote.objects.exists()


def test_an_unchanged_contact_form_says_so_and_records_nothing(portal_client, customer, work_order):
    response = portal_client.post(contact_url(customer), contact(customer), follow=True)
    assert "The contact details were already up to date." in response.content.decode()
    assert not TimelineEntry.objects.filter(kind=TimelineEntry.Kind.CONTACT).exists()


def test_the_person_changes_their_name(portal_client, portal_user):
    response = portal_client.post(
        "/portal/details/name/", {"first_name": " Anna  Maria ", "last_name": "Becker"}, follow=True
    )
    portal_user.refresh_from_db()
    assert portal_user.get_full_name() == "Anna Maria Becker"
    assert "Thank you: your name is updated." in response.content.decode()


def test_an_empty_name_is_refused(portal_client, portal_user):
    response = portal_client.post("/portal/details/name/", {"first_name": "", "last_name": " "})
    assert response.status_code == 422
    assert "Enter your name." in response.content.decode()
    portal_user.refresh_from_db()
    assert portal_user.get_full_name() == "Anna Becker"
