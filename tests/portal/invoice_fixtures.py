"""Invoices waiting for the customer's authorisation, for the customer pages: the customer's own
(from the approved estimate of tests/estimates/fixtures.py: net 465.00, VAT 85.35, gross 550.35)
and another customer's, each with its authorisation link."""

import pytest

from fixloop.estimates.models import Decision
from fixloop.invoicing import services
from fixloop.invoicing.services import links
from fixloop.portal.links import invoice_path
from fixloop.repairs import services as repairs
from fixloop.repairs.models import WorkshopSettings
from tests.estimates.fixtures import decide_all


def submitted_invoice_of(estimate, customer, status, staff_actor, customer_actor):
    """The estimate approved, its work order ready, an invoice drafted and submitted to `customer`
    (who authorises their invoices)."""
    decide_all(estimate, customer_actor, Decision.APPROVED)
    settings = WorkshopSettings.current()
    settings.ready_status = status
    settings.save()
    repairs.change_status(estimate.work_order, status, by=staff_actor)
    customer.invoices_need_authorisation = True
    customer.save(update_fields=["invoices_need_authorisation"])
    invoice = services.create_draft(estimate.work_order, by=staff_actor)
    services.submit(invoice, by=staff_actor)
    invoice.refresh_from_db()
    return invoice


@pytest.fixture
def submitted_invoice(sent_estimate, customer, statuses, staff_actor, customer_actor):
    return submitted_invoice_of(sent_estimate, customer, statuses["ready"], staff_actor, customer_actor)


@pytest.fixture
def other_submitted_invoice(other_estimate, other_customer, statuses, staff_actor, customer_actor):
    return submitted_invoice_of(
        other_estimate, other_customer, statuses["ready"], staff_actor, customer_actor
    )


def link_path(invoice, by) -> str:
    return invoice_path(links.token_of(links.link_for_invoice(invoice, by=by)))


@pytest.fixture
def invoice_link_path(submitted_invoice, staff_actor) -> str:
    """The path of the link the message carried (submitting made it)."""
    return link_path(submitted_invoice, staff_actor)


@pytest.fixture
def other_invoice_link_path(other_submitted_invoice, staff_actor) -> str:
    return link_path(other_submitted_invoice, staff_actor)
