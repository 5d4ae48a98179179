"""Every staff page and every customer page of the demo data set (`fixloop seed`), as paths. Links
that carry a token (tracking, estimate, approvals) are issued here, as staff would issue them."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from fixloop.api.models import WebhookEndpoint
from fixloop.bookings import queries as bookings
from fixloop.core.actor import Actor
from fixloop.customers.models import PortalMembership
from fixloop.demo.logins import DEMO_LOGINS, DEMO_PORTAL_LOGIN
from fixloop.estimates.models import Estimate
from fixloop.estimates.services import links as estimate_links
from fixloop.inspections.models import Inspection
from fixloop.inspections.services import links as inspection_links
from fixloop.invoicing.models import Invoice
from fixloop.invoicing.services import links as invoice_links
from fixloop.messaging.models import Channel, Event, Message
from fixloop.portal import approval_links
from fixloop.portal import inspection_links as inspection_link_paths
from fixloop.portal import invoice_links as invoice_link_urls
from fixloop.portal.links import tracking_link_path
from fixloop.repairs import services as repairs
from fixloop.repairs.models import ServiceRequest, WorkOrder
from fixloop.reports import services as reports
from fixloop.reports.models import ReportRun
from fixloop.shop.models import Location, Region

ISSUER = Actor.system("browser test")


def _path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _longest_work_order() -> WorkOrder:
    """The work order with the most history: the page with the most on it."""
    return WorkOrder.objects.annotate(entries=Count("timeline")).order_by("-entries", "pk").first()


def staff_paths() -> list[str]:
    work_order = _longest_work_order()
    customer = work_order.customer
    estimate = Estimate.objects.exclude(state=Estimate.State.DRAFT).order_by("pk").first()
    email = Message.objects.filter(channel=Channel.EMAIL).order_by("pk").first()
    sms = Message.objects.filter(channel=Channel.SMS).order_by("pk").first()
    request = bookings.for_staff().order_by("pk").first()
    region = Region.objects.order_by("pk").first()
    paths = [
        "/staff/",
        "/staff/?phase=open",
        f"/staff/work-orders/{work_order.number}/",
        f"/staff/work-orders/{estimate.work_order.number}/",
        "/staff/estimates/",
        "/staff/customers/",
        f"/staff/customers/{customer.number}/",
        f"/staff/customers/{customer.number}/edit/",
        "/staff/customers/new/",
        f"/staff/customers/{customer.number}/units/new/",
        f"/staff/customers/{customer.number}/work-orders/new/",
        f"/staff/customers/{customer.number}/status-report/",
        "/staff/messages/",
        f"/staff/messages/{email.pk}/",
        f"/staff/messages/{sms.pk}/",
        "/staff/templates/",
        "/staff/templates/workorder.status_changed/email/en/",
        "/staff/templates/workorder.status_changed/sms/de/",
        "/staff/service-requests/",
        f"/staff/service-requests/{request.pk}/",
        "/staff/customer-messages/",
        "/staff/status-reports/",
        "/staff/status-reports/schedule/",
        "/staff/notifications/",
        f"/staff/notifications/{region.code}/",
        "/staff/my-alerts/",
        "/staff/two-factor/",
        "/staff/integrations/webhooks/",
        "/staff/integrations/webhooks/new/",
        f"/staff/integrations/webhooks/{WebhookEndpoint.objects.order_by('pk').first().pk}/",
        f"/staff/integrations/webhooks/{WebhookEndpoint.objects.order_by('pk').first().pk}/edit/",
        "/staff/board/",
        "/staff/board/ready/",
        "/staff/technician/",
        "/staff/integrations/tokens/",
        reverse("admin:index"),
        reverse("admin:shop_shopprofile_changelist"),
        reverse("admin:shop_location_changelist"),
        reverse("admin:shop_location_change", args=[Location.objects.order_by("pk").first().pk]),
        reverse("admin:repairs_status_changelist"),
        reverse("admin:customers_customeraccount_changelist"),
        reverse("admin:shop_user_changelist"),
    ]
    for section in ["new", "waiting_shop", "waiting_customer", "today", "week", "later", "closed"]:
        paths.append(f"/staff/service-requests/?section={section}")
    paths.append(f"/staff/notifications/{region.code}/{Event.values[0]}/")
    paths += ["/staff/invoices/", "/staff/invoices/report/"]
    for (
        state
    ) in Invoice.State.values:  # the Invoice tab in each state the demo has (credit notes: the final one)
        invoice = Invoice.objects.filter(kind=Invoice.Kind.INVOICE, state=state).order_by("-pk").first()
        if invoice is not None:
            paths.append(f"/staff/work-orders/{invoice.work_order.number}/?tab=invoice")
    run = ReportRun.objects.order_by("-pk").first() or reports.start_run(timezone.localdate())
    paths.append(f"/staff/status-reports/{run.pk}/")
    return paths


def portal_customer():
    membership = PortalMembership.objects.active().get(user__email=DEMO_PORTAL_LOGIN.email)
    return membership.customer


def public_customer_paths() -> list[str]:
    """The pages anyone can open: the look-up, a tracking page, an estimate's and an account's
    approval pages, the booking form."""
    work_order = _longest_work_order()
    estimate = Estimate.objects.filter(state=Estimate.State.AWAITING).order_by("pk").first()
    link = repairs.issue_link(work_order, by=ISSUER)
    paths = [
        "/track/",
        "/embed/track/",
        tracking_link_path(link),
        tracking_link_path(link, embed=True),
        _path_of(approval_links.url_of(estimate_links.link_for_estimate(estimate, by=ISSUER))),
        _path_of(
            approval_links.url_of(estimate_links.link_for_account(estimate.work_order.customer, by=ISSUER))
        ),
        "/book/",
        "/embed/book/",
        "/portal/account/login/",
        "/portal/account/login/code/",
        "/portal/account/password/reset/",
    ]
    # An invoice waiting for its customer's authorisation (seeded for an account that authorises invoices).
    invoice = Invoice.objects.filter(state=Invoice.State.SUBMITTED).order_by("pk").first()
    if invoice is not None:
        paths.append(_path_of(invoice_link_urls.url_of(invoice_links.link_for_invoice(invoice, by=ISSUER))))
    # The inspection page behind its link, one per state the demo has (sent, opened, answered).
    per_state = {}
    for inspection in Inspection.objects.filter(version__gt=0).order_by("pk"):
        per_state.setdefault(inspection.state, inspection)
    for inspection in per_state.values():
        paths.append(inspection_link_paths.path_of(inspection_links.link_for(inspection, by=ISSUER)))
    return paths


def portal_paths() -> list[str]:
    """The signed-in portal pages of the demo's portal login."""
    customer = portal_customer()
    paths = [
        "/portal/",
        "/portal/repairs/",
        "/portal/estimates/",
        "/portal/invoices/",
        "/portal/inspections/",
        "/portal/units/",
        "/portal/units/add/",
        "/portal/details/",
        "/portal/bookings/",
        "/portal/bookings/new/",
        "/portal/account/sessions/",
        "/portal/account/password/change/",
    ]
    work_order = customer.work_orders.order_by("pk").first()
    if work_order is not None:
        paths.append(f"/portal/repairs/{work_order.number}/")
    estimate = Estimate.objects.filter(work_order__customer=customer).exclude(state=Estimate.State.DRAFT)
    if estimate.exists():
        paths.append(f"/portal/estimates/{estimate.order_by('pk').first().pk}/")
        paths.append(f"/portal/estimates/approve/{customer.pk}/")
    invoice = customer.invoices.filter(state__in=[Invoice.State.SUBMITTED, Invoice.State.FINAL]).order_by(
        "pk"
    )
    if invoice.exists():
        paths.append(f"/portal/invoices/{invoice.first().pk}/")
    inspection = (
        Inspection.objects.filter(work_order__customer=customer, version__gt=0).order_by("pk").first()
    )
    if inspection is not None:
        paths.append(inspection_link_paths.portal_inspection_path(inspection.pk))
    booking = ServiceRequest.objects.filter(customer=customer).order_by("pk").first()
    if booking is not None:
        paths.append(f"/portal/bookings/{booking.pk}/")
    return paths


def sign_in_staff(page, base: str, username: str) -> None:
    login = next(login for login in DEMO_LOGINS if login.username == username)
    page.goto(f"{base}/staff/sign-in/")
    page.locator("input[name=username]").fill(login.username)
    page.locator("input[name=password]").fill(login.password)
    page.locator("form button.primary").click()
    # technicians land on their jobs, everyone else on the work orders
    page.wait_for_url(lambda url: url.startswith(f"{base}/staff/") and "/sign-in/" not in url)


def sign_in_portal(page, base: str) -> None:
    page.goto(f"{base}/portal/account/login/")
    page.locator("input[name=login]").fill(DEMO_PORTAL_LOGIN.email)
    page.locator("input[name=password]").fill(DEMO_PORTAL_LOGIN.password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"{base}/portal/")
