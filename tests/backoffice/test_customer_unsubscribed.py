"""The customer page shows staff which kinds of recurring mail the customer unsubscribed from."""

from django.test import Client

from fixloop.portal.links import unsubscribe_url


def test_staff_see_what_the_customer_unsubscribed_from(advisor_client, customer):
    page = advisor_client.get(f"/staff/customers/{customer.number}/").content.decode()
    assert "Unsubscribed" not in page
    path = unsubscribe_url(customer.pk, "status_report").split("://", 1)[1].split("/", 1)[1]
    assert Client().post(f"/{path}", {"List-Unsubscribe": "One-Click"}).status_code == 200
    page = advisor_client.get(f"/staff/customers/{customer.number}/").content.decode()
    assert "Unsubscribed" in page
    assert "Anna Becker unsubscribed from “Repair status report” e-mails on" in page
