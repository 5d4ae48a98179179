"""The demo's invoices: made through the services, one in each state a shop sees first."""

from fixloop.invoicing.models import Invoice
from fixloop.messaging.models import Message

State = Invoice.State


def test_the_demo_has_a_draft_a_sent_invoice_a_credit_note_and_one_waiting_for_the_customer(demo):
    invoices = Invoice.objects.filter(kind=Invoice.Kind.INVOICE)
    assert invoices.filter(state=State.DRAFT).exists()
    assert invoices.filter(state=State.FINAL).count() == 2
    submitted = invoices.get(state=State.SUBMITTED)
    assert submitted.customer.invoices_need_authorisation
    note = Invoice.objects.get(kind=Invoice.Kind.CREDIT_NOTE)
    assert note.credits.state == State.FINAL
    sent = Message.objects.filter(kind__in=["invoice.sent", "credit_note.sent"])
    assert sent.count() == 3
    for message in sent:
        assert message.attachments.get().content_type == "application/pdf"


def test_the_invoiced_units_have_the_status_the_technicians_unit_ready_sets(demo):
    from fixloop.repairs.models import Phase, WorkshopSettings

    ready = WorkshopSettings.current().ready_status
    assert ready is not None and ready.phase == Phase.READY
    invoiced = Invoice.objects.filter(kind=Invoice.Kind.INVOICE).select_related("work_order")
    assert invoiced.exists()
    assert {invoice.work_order.status_id for invoice in invoiced} == {ready.pk}
