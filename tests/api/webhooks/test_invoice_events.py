"""The customer's answer to an invoice waiting for authorisation is published to subscribed endpoints,
from the real invoicing services, with the documented payload."""

from fixloop.invoicing import services as invoicing
from tests.api.webhooks.test_events import published


def test_an_authorisation_publishes_invoice_authorised(subscribe, submitted, customer_actor, customer):
    subscribe("invoice.authorised.v1")

    invoicing.authorise(
        submitted, revision=submitted.revision, signed_name="Anna Becker", ticked=True, by=customer_actor
    )

    submitted.refresh_from_db()
    (body,) = published("invoice.authorised.v1")
    data = body["data"]
    assert data["invoice_number"] == submitted.number
    assert data["customer_number"] == customer.number
    assert data["work_order_number"] == submitted.work_order.number
    assert data["gross"] == f"{submitted.gross:.2f}"
    assert data["authorised_by"] == "Anna Becker"


def test_a_dispute_publishes_invoice_disputed_with_the_line_and_the_note(
    subscribe, submitted, customer_actor
):
    subscribe("invoice.disputed.v1")
    line = submitted.lines.first()

    invoicing.dispute(
        submitted, revision=submitted.revision, note="We agreed on one hour.", line=line, by=customer_actor
    )

    (body,) = published("invoice.disputed.v1")
    data = body["data"]
    assert data["invoice_number"] == f"draft-{submitted.pk}"
    assert data["reason"] == "We agreed on one hour."
    assert data["disputed_line"] == line.description
    assert published("invoice.authorised.v1") == []
