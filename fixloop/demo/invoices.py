"""The demo's invoices, made through the invoicing services on work orders whose unit is ready:
a draft, a final invoice sent by e-mail with its PDF, a final invoice corrected by a credit note
(both sent), and an invoice submitted to a customer account that authorises its invoices (a fleet),
waiting for the customer in the portal."""

from collections.abc import Callable

from fixloop.core.actor import Actor
from fixloop.customers.services import save_customer
from fixloop.invoicing import services as invoicing
from fixloop.repairs.models import WorkOrder

CREDIT_REASON = (
    "Goodwill: the repair took a day longer than promised.",
    "Kulanz: Die Reparatur hat einen Tag länger gedauert als zugesagt.",
)


def seed_invoices(work_orders: list[WorkOrder], advisor: Actor, later: Callable[[], None]) -> None:
    """`work_orders`: four ready work orders with approved work; `later` moves the demo clock on."""
    drafted, sent, credited, fleet = work_orders
    later()
    invoicing.create_draft(drafted, by=advisor)

    later()
    invoice = invoicing.finalise(invoicing.create_draft(sent, by=advisor), by=advisor)
    invoicing.send(invoice, by=advisor)

    later()
    invoice = invoicing.finalise(invoicing.create_draft(credited, by=advisor), by=advisor)
    invoicing.send(invoice, by=advisor)
    later()
    reason = CREDIT_REASON[1] if invoice.language == "de" else CREDIT_REASON[0]
    labour = invoice.lines.filter(kind="labour").order_by("position").first() or invoice.lines.first()
    note = invoicing.credit_note(invoice, reason=reason, lines=[labour], by=advisor)
    invoicing.send(note, by=advisor)

    later()
    customer = fleet.customer
    customer.invoices_need_authorisation = True
    save_customer(customer)
    invoicing.submit(invoicing.create_draft(fleet, by=advisor), by=advisor)
