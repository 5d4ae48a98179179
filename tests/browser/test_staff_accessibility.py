"""The main staff pages of the demo pass axe-core (no serious or critical violation, no broken ARIA
reference), with the real stylesheet and the demo shop's brand colour, on a desktop and on a phone."""

import pytest
from django.utils import timezone

from fixloop.estimates.models import Estimate
from fixloop.inspections.models import Inspection
from fixloop.invoicing.models import Invoice
from fixloop.messaging.models import Message
from fixloop.repairs.models import WorkOrder
from fixloop.reports import services as reports
from tests.browser import demo_pages
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def main_staff_paths() -> list[str]:
    awaiting = Estimate.objects.filter(state=Estimate.State.AWAITING).order_by("pk").first()
    open_order = WorkOrder.objects.filter(estimate=None, closed_at=None).order_by("pk").first()
    run = reports.start_run(timezone.localdate())
    credited = Invoice.objects.filter(kind=Invoice.Kind.CREDIT_NOTE).order_by("pk").first().credits
    draft = Invoice.objects.filter(state=Invoice.State.DRAFT).order_by("pk").first()
    return [
        "/staff/",
        f"/staff/work-orders/{awaiting.work_order.number}/",
        f"/staff/work-orders/{open_order.number}/",
        "/staff/customers/",
        f"/staff/customers/{open_order.customer.number}/",
        "/staff/service-requests/",
        "/staff/service-requests/?section=waiting_customer",
        "/staff/estimates/",
        "/staff/messages/",
        f"/staff/messages/{Message.objects.order_by('pk').first().pk}/",
        "/staff/templates/",
        "/staff/templates/estimate_ready/email/de/",
        "/staff/status-reports/",
        f"/staff/status-reports/{run.pk}/",
        "/staff/customer-messages/",
        "/staff/invoices/",
        "/staff/invoices/report/",
        f"/staff/work-orders/{credited.work_order.number}/?tab=invoice",
        f"/staff/work-orders/{draft.work_order.number}/?tab=invoice",
        f"/staff/work-orders/{open_order.number}/?tab=inspection",
        *(
            f"/staff/work-orders/{inspection.work_order.number}/?tab=inspection"
            for inspection in Inspection.objects.filter(version__gt=0).select_related("work_order")[:2]
        ),
    ]


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 375, "height": 740}])
def test_main_staff_pages_pass_axe(live_server, browser, demo, viewport):
    paths = main_staff_paths()
    context = browser.new_context(viewport=viewport, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        demo_pages.sign_in_staff(page, live_server.url, "advisor")
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            assert_accessible(page)
    finally:
        context.close()
