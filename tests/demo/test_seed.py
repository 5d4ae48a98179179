"""The demo data set `fixloop seed` loads, seeded once for this module (see conftest.py)."""

import io
import struct
from decimal import Decimal

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from fixloop.customers.models import CustomerAccount, PortalMembership, Unit
from fixloop.demo.logins import DEMO_LOGINS
from fixloop.repairs.models import (
    Attachment,
    Phase,
    ServiceRequest,
    Status,
    TimelineEntry,
    WorkOrder,
)
from fixloop.shop.models import Location, ProductGroup, Role, ShopProfile
from tests.demo.timelines import assert_timeline_matches_work_order


def test_the_demo_has_a_login_for_every_role_that_works_with_its_password(demo):
    for login in DEMO_LOGINS:
        user = authenticate(username=login.username, password=login.password)
        assert user is not None, login.username
        assert user.has_role(login.role)
        assert user.is_staff == (login.role in (Role.ADMINISTRATOR, Role.SERVICE_ADVISOR))
        assert not user.is_superuser
    assert {login.role for login in DEMO_LOGINS} == set(Role)


def test_demo_administrators_open_the_admin_and_technicians_do_not(demo, client):
    passwords = {login.username: login.password for login in DEMO_LOGINS}

    assert client.login(username="admin", password=passwords["admin"])
    assert client.get("/admin/repairs/status/").status_code == 200

    assert client.login(username="tech", password=passwords["tech"])
    assert client.get("/admin/").status_code == 302
    assert client.get("/staff/").status_code == 200


def test_the_demo_shop_has_locations_with_their_vat_rates_and_product_groups_with_notices(demo):
    profile = ShopProfile.objects.get()
    assert profile.country == "DE"
    assert profile.name != ShopProfile._meta.get_field("name").default
    berlin = Location.objects.get(code="BER")
    assert (berlin.time_zone, berlin.currency, berlin.country) == ("Europe/Berlin", "EUR", "DE")
    assert [(rate.rate, rate.is_default) for rate in berlin.vat_rates.all()] == [
        (Decimal("19.00"), True),
        (Decimal("7.00"), False),
    ]
    assert Location.objects.filter(country="DE").count() >= 2
    laptops = ProductGroup.objects.get(name="Laptops")
    assert "back up your data" in laptops.external_notice("en")
    assert "Daten" in laptops.external_notice("de")


def test_the_demo_has_statuses_in_every_phase_some_hidden_and_one_retired(demo):
    assert {status.phase for status in Status.objects.filter(active=True)} == set(Phase)
    assert all(status.name_de and status.name_de != status.name_en for status in Status.objects.all())
    assert Status.objects.filter(active=True, visible_to_customers=False).exists()
    assert Status.objects.filter(active=False).count() == 1


def test_the_demo_has_work_orders_in_every_status_with_consistent_timelines(demo):
    for status in Status.objects.all():
        assert WorkOrder.objects.filter(status=status).exists(), status.name_en
    for work_order in WorkOrder.objects.all():
        assert_timeline_matches_work_order(work_order)


def test_the_demo_timelines_have_every_kind_of_entry_staff_make(demo):
    made = set(TimelineEntry.objects.values_list("kind", flat=True))
    Kind = TimelineEntry.Kind
    assert {
        Kind.OPENED, Kind.STATUS, Kind.COMMENT, Kind.FILE, Kind.CLOSED, Kind.REOPENED, Kind.UPDATED, Kind.SYSTEM,
    } <= made  # fmt: skip
    comments = TimelineEntry.objects.filter(kind=TimelineEntry.Kind.COMMENT)
    assert comments.filter(public=True, actor="staff").exists()
    assert comments.filter(public=False).exists()
    assert comments.filter(actor="customer", user=None).exclude(ip=None).exists()


def test_the_demo_attaches_real_pdf_png_and_text_files(demo):
    by_type = {attachment.content_type: attachment for attachment in Attachment.objects.all()}
    assert set(by_type) == {"application/pdf", "image/png", "text/plain"}

    estimate = by_type["application/pdf"]
    with estimate.file.open("rb") as handle:
        text = PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    assert estimate.work_order.number in text
    with by_type["image/png"].file.open("rb") as handle:
        head = handle.read(24)
    assert head.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", head[16:24]) == (160, 120)
    with by_type["text/plain"].file.open("rb") as handle:
        assert b"bench test" in handle.read()


def test_the_demo_has_customers_whose_imported_contacts_are_invalid_or_missing(demo):
    problems = {}
    for customer in CustomerAccount.objects.all():
        try:
            customer.full_clean()
        except ValidationError as error:
            problems[customer.name] = set(error.message_dict)
    assert {"email"} in problems.values()
    assert {"fax"} in problems.values()
    unreachable = CustomerAccount.objects.filter(email="", mobile="", fax="")
    assert unreachable.exists()
    assert len(problems) == 2  # everyone else went through validation


def test_the_demo_has_a_head_office_with_branches_and_units_with_serials_and_vehicles(demo):
    head_office = CustomerAccount.objects.get(name="Lindner Logistik GmbH")
    assert head_office.branches.count() == 2
    assert CustomerAccount.objects.filter(language="en").exists()
    assert CustomerAccount.objects.filter(language="de").exists()
    vehicles = Unit.objects.filter(kind=Unit.Kind.VEHICLE)
    assert vehicles.exists()
    for vehicle in vehicles:
        vehicle.full_clean()
        assert len(vehicle.vin) == 17 and vehicle.plate
    assert not Unit.objects.filter(kind=Unit.Kind.DEVICE, serial_number="").exists()


def test_the_demo_has_booking_requests_in_every_state(demo):
    requests = ServiceRequest.objects.all()
    assert set(requests.values_list("state", flat=True)) == set(ServiceRequest.State.values)
    assert requests.filter(state=ServiceRequest.State.PENDING).count() == 3
    for accepted in requests.filter(state=ServiceRequest.State.ACCEPTED):
        assert accepted.work_order.timeline.filter(kind=TimelineEntry.Kind.SYSTEM).exists()
    rejected = requests.get(state=ServiceRequest.State.REJECTED)
    assert rejected.rejection_reason and rejected.decided_by.has_role(Role.SERVICE_ADVISOR)
    waiting = requests.get(state=ServiceRequest.State.WAITING_CUSTOMER)
    assert waiting.booking_steps.filter(kind="suggested").exists()


def test_the_demo_portal_login_sees_an_account_with_something_to_decide(demo, client):
    from fixloop.demo.logins import DEMO_PORTAL_LOGIN
    from fixloop.estimates.models import Estimate

    response = client.post(
        "/portal/account/login/", {"login": DEMO_PORTAL_LOGIN.email, "password": DEMO_PORTAL_LOGIN.password}
    )
    assert response.status_code == 302
    membership = PortalMembership.objects.get(user__email=DEMO_PORTAL_LOGIN.email)
    assert Estimate.objects.filter(
        work_order__customer=membership.customer, state=Estimate.State.AWAITING
    ).exists()
    assert membership.customer.service_requests.filter(state=ServiceRequest.State.WAITING_CUSTOMER).exists()


def test_the_demo_notifies_customers_and_explains_what_it_did_not_send(demo):
    from fixloop.messaging.models import Message, NotificationDecision

    assert Message.objects.filter(kind="workorder.opened", state=Message.State.QUEUED).exists()
    assert Message.objects.filter(kind="workorder.closed", attachments__filename__endswith=".pdf").exists()
    not_sent = Message.objects.filter(state=Message.State.SUPPRESSED)
    assert not_sent.exists()
    assert all(message.state_reason for message in not_sent)
    switched_off = NotificationDecision.objects.filter(message=None).exclude(reason="")
    assert switched_off.filter(reason__contains="Österreich").exists()


def test_the_demo_has_an_integration_token_a_revoked_one_and_a_timeline_entry_by_the_integration(demo):
    from fixloop.api.models import ApiToken

    assert ApiToken.objects.active().filter(name="Dealer system", last_used_at__isnull=False).exists()
    assert ApiToken.objects.exclude(revoked_at=None).exists()
    assert TimelineEntry.objects.filter(actor="integration", actor_name="Dealer system").exists()
