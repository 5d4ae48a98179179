"""The message asking a customer to authorise a submitted invoice: queued in the transaction of the
submission, with the secret link and the draft PDF (e-mail) or the link alone (text message), in the
invoice's language; cancelled before it goes out once the invoice no longer waits for the customer.
And the staff alerts when the customer authorises or disputes it."""

import io
from datetime import UTC, datetime

import pypdf
import pytest
import time_machine
from django.utils import timezone

from fixloop.invoicing import services
from fixloop.invoicing.services import links
from fixloop.messaging import staff_alerts
from fixloop.messaging.models import Message, StaffAlertEvent
from fixloop.messaging.tasks import deliver_due
from fixloop.portal import invoice_links
from fixloop.shop.models import Role
from tests.factories import UserFactory, customer_actor_for

KIND = "invoice.authorisation_requested"


def requests() -> list[Message]:
    return list(Message.objects.filter(kind=KIND).order_by("pk"))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def the_link(invoice) -> str:
    return invoice_links.url_of(invoice.links.get())


def only_requests_due():
    """Deliver what is due, with the estimate's own message (sent earlier in the fixtures) out of the way."""
    Message.objects.exclude(kind=KIND).update(state=Message.State.SENT)
    return deliver_due()


def test_submitting_queues_an_email_with_the_link_and_the_draft_pdf(shop, submitted_invoice):
    [message] = requests()
    assert (message.channel, message.recipient, message.language) == ("email", "anna@example.com", "en")
    number = submitted_invoice.work_order.number
    assert message.subject == f"Please authorise the invoice for work order {number}"
    link = the_link(submitted_invoice)
    assert link.startswith("http") and "/invoice/" in link
    assert link in message.body_text
    assert "550.35 EUR" in message.body_text
    [attachment] = message.attachments.all()
    text = pdf_text(bytes(attachment.content))
    assert "Draft" in text and "Replace the display" in text


def test_the_message_is_in_the_customers_language(shop, sent_estimate, customer, statuses, staff_actor):
    from tests.portal.invoice_fixtures import submitted_invoice_of

    customer.language = "de"
    customer.save(update_fields=["language"])
    invoice = submitted_invoice_of(
        sent_estimate, customer, statuses["ready"], staff_actor, customer_actor_for()
    )
    [message] = requests()
    assert message.subject == f"Bitte geben Sie die Rechnung zu Auftrag {invoice.work_order.number} frei"
    assert "550,35 EUR" in message.body_text


def test_a_customer_who_prefers_text_messages_gets_the_link_by_text(
    shop, sent_estimate, customer, statuses, staff_actor
):
    from tests.portal.invoice_fixtures import submitted_invoice_of

    customer.preferred_channel = "sms"
    customer.mobile = "+4915112345678"
    customer.sms_consent_at = timezone.now()
    customer.save()
    with time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=UTC), tick=False):
        invoice = submitted_invoice_of(
            sent_estimate, customer, statuses["ready"], staff_actor, customer_actor_for()
        )
    [message] = requests()
    assert (message.channel, message.recipient) == ("sms", "+4915112345678")
    assert the_link(invoice) in message.body_text
    assert not message.attachments.exists()


def test_a_revised_invoice_submitted_again_is_announced_again_with_the_same_link(
    shop, submitted_invoice, staff_actor
):
    services.revise(submitted_invoice, by=staff_actor)
    services.submit(submitted_invoice, by=staff_actor)
    first, second = requests()
    link = the_link(submitted_invoice)
    assert link in first.body_text and link in second.body_text
    assert "(revision 2)" in second.body_text


def test_a_request_still_waiting_goes_out(shop, smtp_server, submitted_invoice):
    assert only_requests_due() == {"sent": 1}
    assert the_link(submitted_invoice) in smtp_server.received[0].email.get_body(("plain",)).get_content()


def test_a_request_for_an_invoice_authorised_meanwhile_is_cancelled(shop, smtp_server, submitted_invoice):
    services.authorise(
        submitted_invoice, revision=1, signed_name="Anna", ticked=True, by=customer_actor_for()
    )
    assert only_requests_due() == {"cancelled": 1}
    [message] = requests()
    assert message.state_reason.startswith("Fassung 1 der Rechnung wartet nicht mehr auf den Kunden")
    assert smtp_server.received == []


def test_a_request_for_a_revision_replaced_meanwhile_is_cancelled(
    shop, smtp_server, submitted_invoice, staff_actor
):
    services.revise(submitted_invoice, by=staff_actor)
    services.submit(submitted_invoice, by=staff_actor)
    assert only_requests_due() == {"cancelled": 1, "sent": 1}
    first, second = requests()
    assert first.state_reason == (
        "Fassung 1 der Rechnung wurde durch Fassung 2 ersetzt, bevor diese Nachricht gesendet wurde."
    )
    assert second.state == Message.State.SENT


def test_a_request_whose_link_was_revoked_is_cancelled(shop, smtp_server, submitted_invoice, staff_actor):
    links.revoke_links(submitted_invoice, by=staff_actor)
    assert only_requests_due() == {"cancelled": 1}
    assert requests()[0].state_reason.startswith("Der Link zur Rechnung in dieser Nachricht wurde am ")


# ----------------------------------------------------------------------------- staff alerts


@pytest.fixture
def jana(db):
    user = UserFactory(
        username="jana", first_name="Jana", email="jana@shop.example.com", role=Role.SERVICE_ADVISOR
    )
    staff_alerts.save_choices(
        user, [StaffAlertEvent.INVOICE_AUTHORISED, StaffAlertEvent.INVOICE_DISPUTED], "en"
    )
    return user


def alerts(kind: str) -> list[Message]:
    return list(Message.objects.filter(kind=f"staff_alert.{kind}"))


def test_staff_who_chose_it_are_alerted_when_the_customer_authorises(shop, jana, submitted_invoice):
    services.authorise(
        submitted_invoice, revision=1, signed_name="Anna Becker", ticked=True, by=customer_actor_for()
    )
    [alert] = alerts("invoice_authorised")
    assert alert.recipient == "jana@shop.example.com"
    assert alert.subject == f"Invoice {submitted_invoice.number} authorised"
    assert "signed by Anna Becker" in alert.body_text
    assert f"/staff/work-orders/{submitted_invoice.work_order.number}/?tab=invoice" in alert.body_text


def test_staff_who_chose_it_are_alerted_when_the_customer_disputes_a_line(shop, jana, submitted_invoice):
    line = submitted_invoice.lines.get(description="Clean the fan")
    services.dispute(submitted_invoice, revision=1, note="Not cleaned.", line=line, by=customer_actor_for())
    [alert] = alerts("invoice_disputed")
    assert "the line “Clean the fan”" in alert.body_text and "Not cleaned." in alert.body_text


def test_staff_who_did_not_choose_it_get_no_invoice_alert(shop, advisor, submitted_invoice):
    staff_alerts.save_choices(advisor, [StaffAlertEvent.ESTIMATE_DECIDED], "en")
    services.dispute(submitted_invoice, revision=1, note="No.", by=customer_actor_for())
    assert alerts("invoice_disputed") == []


def test_a_dispute_alert_is_cancelled_once_staff_revised_the_invoice(
    shop, smtp_server, jana, submitted_invoice, staff_actor
):
    services.dispute(submitted_invoice, revision=1, note="No.", by=customer_actor_for())
    services.revise(submitted_invoice, by=staff_actor)
    Message.objects.exclude(kind="staff_alert.invoice_disputed").update(state=Message.State.SENT)
    assert deliver_due() == {"cancelled": 1}
