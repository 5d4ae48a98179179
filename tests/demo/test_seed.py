import io
import struct
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.core.management import CommandError
from django.db import connection
from django.utils import timezone
from pypdf import PdfReader

from fixloop.core.actor import Actor
from fixloop.customers.models import CustomerAccount, PortalMembership, Unit
from fixloop.demo.logins import DEMO_LOGINS
from fixloop.repairs import services
from fixloop.repairs.models import (
    FINISHED_PHASES,
    Attachment,
    Phase,
    ServiceRequest,
    Status,
    TimelineEntry,
    WorkOrder,
)
from fixloop.shop.models import Location, ProductGroup, Role, ShopProfile, User

STATUS_KINDS = {TimelineEntry.Kind.STATUS, TimelineEntry.Kind.CLOSED, TimelineEntry.Kind.REOPENED}


def assert_timeline_matches_work_order(work_order: WorkOrder) -> None:
    """The timeline is what the service functions write: it starts with "opened", each status entry
    goes on from the status before, it ends at the work order's status, and it only moves forward."""
    entries = list(work_order.timeline.order_by("created_at", "id"))
    opened = entries[0]
    assert opened.kind == TimelineEntry.Kind.OPENED
    assert opened.public
    current = opened.data["status"]
    assert Status.objects.get(pk=current).phase == Phase.OPEN
    for entry in entries[1:]:
        assert entry.created_at >= opened.created_at
        if entry.kind in STATUS_KINDS:
            assert entry.data["from"] == current
            current = entry.data["to"]
            assert entry.public == Status.objects.get(pk=current).visible_to_customers
    assert current == work_order.status_id
    if work_order.status.is_finished:
        last_closed = [entry for entry in entries if entry.kind == TimelineEntry.Kind.CLOSED][-1]
        # services.close() reads the clock for closed_at and again for the entry
        assert abs(work_order.closed_at - last_closed.created_at) < timedelta(seconds=1)
    else:
        assert work_order.closed_at is None
    for entry in entries:
        assert entry.actor in {"staff", "customer", "system", "integration"}
        assert (entry.user is not None) == (entry.actor == "staff")


# The demo data set


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


def test_seeding_the_demo_again_with_the_same_seed_makes_the_same_customers(seed):
    seed(seed=7)
    first = list(CustomerAccount.objects.order_by("pk").values_list("name", "postal_code", "email"))

    seed(seed=7)

    again = list(CustomerAccount.objects.order_by("pk").values_list("name", "postal_code", "email"))
    assert again[len(first) :] == first
    assert User.objects.count() == len(DEMO_LOGINS) + 1  # the staff and portal logins are not duplicated


def test_if_empty_seeds_an_empty_database(seed):
    seed(if_empty=True)

    assert WorkOrder.objects.exists()


def test_if_empty_does_nothing_when_the_shop_has_work_orders(seed):
    seed(if_empty=True)
    counts = [model.objects.count() for model in (CustomerAccount, WorkOrder, TimelineEntry, User)]

    output = seed(if_empty=True)

    assert "nothing seeded" in output
    assert [model.objects.count() for model in (CustomerAccount, WorkOrder, TimelineEntry, User)] == counts


# The bulk generator


@pytest.fixture
def bulk(seed):
    return seed(customers=50, work_orders=300, seed=1)


def test_the_bulk_seed_adds_exactly_the_customers_and_work_orders_asked_for(bulk):
    assert CustomerAccount.objects.count() == 50
    assert Unit.objects.count() == 50
    assert not CustomerAccount.objects.exclude(units__isnull=False).exists()
    assert WorkOrder.objects.count() == 300
    assert "work orders" in bulk and "300" in bulk


def test_bulk_work_order_numbers_are_unique_and_the_next_one_follows_them(bulk):
    numbers = set(WorkOrder.objects.values_list("number", flat=True))
    assert len(numbers) == 300
    prefix = f"{timezone.localdate().year}-"
    seeded_today = [int(number[len(prefix) :]) for number in numbers if number.startswith(prefix)]
    work_order = WorkOrder.objects.first()

    new = services.open_work_order(
        customer=work_order.customer,
        location=work_order.location,
        problem_description="Another fault.",
        by=Actor.staff_user(User.objects.get(username="advisor")),
    )

    assert new.number not in numbers
    assert new.number == f"{prefix}{max(seeded_today, default=0) + 1:05d}"


def test_bulk_numbers_continue_after_those_the_services_handed_out(seed):
    seed()  # the demo opens its work orders through the services
    demo_numbers = set(WorkOrder.objects.values_list("number", flat=True))
    highest = {}
    for number in (number for number in demo_numbers if number[5:].isdigit()):
        highest[number[:5]] = max(highest.get(number[:5], 0), int(number[5:]))

    seed(customers=20, work_orders=100, seed=2)

    new = WorkOrder.objects.exclude(number__in=demo_numbers)
    assert new.count() == 100
    for number in new.values_list("number", flat=True):
        prefix, counter = number[:5], int(number[5:])
        assert counter > highest.get(prefix, 0)


def test_bulk_timelines_look_like_the_services_wrote_them(bulk):
    initial = services.initial_status()
    for work_order in WorkOrder.objects.select_related("status"):
        assert_timeline_matches_work_order(work_order)
        entries = list(work_order.timeline.order_by("id"))
        assert entries[0].data == {"status": initial.pk}
        assert entries[0].created_at == work_order.opened_at
        times = [entry.created_at for entry in entries]
        assert times == sorted(times) and len(set(times)) == len(times)
        assert work_order.updated_at == times[-1]
        if work_order.closed_at:
            assert work_order.closed_at == times[-1]
        assert times[-1] < timezone.now()


def test_bulk_work_orders_are_spread_across_statuses_locations_and_technicians(bulk):
    work_orders = WorkOrder.objects.all()
    phases = set(work_orders.values_list("status__phase", flat=True))
    assert set(FINISHED_PHASES) <= phases
    assert len(phases - set(FINISHED_PHASES)) >= 3
    assert work_orders.values("location").distinct().count() >= 2
    technicians = set(work_orders.exclude(technician=None).values_list("technician__username", flat=True))
    assert technicians == {login.username for login in DEMO_LOGINS if login.role == Role.TECHNICIAN}
    assert TimelineEntry.objects.filter(kind=TimelineEntry.Kind.COMMENT, public=True).exists()


def test_bulk_customers_have_valid_contacts_and_units(bulk):
    for customer in CustomerAccount.objects.all():
        customer.full_clean()
    for unit in Unit.objects.all():
        unit.full_clean()


def test_the_bulk_seed_is_deterministic(seed):
    def generated():
        customers = list(CustomerAccount.objects.order_by("pk").values_list("name", "address_line", "email"))
        work_orders = list(
            WorkOrder.objects.order_by("pk").values_list(
                "customer__name", "status__name_en", "problem_description", "opened_at", "closed_at"
            )
        )
        return customers, work_orders

    seed(customers=30, work_orders=120, seed=5)
    first_customers, first_work_orders = generated()

    seed(customers=30, work_orders=120, seed=5)

    customers, work_orders = generated()
    assert customers[30:] == first_customers
    assert work_orders[120:] == first_work_orders


def test_the_bulk_seed_needs_customers_for_its_work_orders(seed):
    with pytest.raises(CommandError, match="--customers"):
        seed(work_orders=10)
    assert not WorkOrder.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="foreign keys are only taken off on PostgreSQL")
def test_the_bulk_seed_puts_the_foreign_keys_back_as_they_were(seed):
    def foreign_keys():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'f' ORDER BY 1, 2"
            )
            return cursor.fetchall()

    before = foreign_keys()

    seed(customers=10, work_orders=40, seed=1)

    assert foreign_keys() == before
    assert any("repairs_timelineentry" in table for table, _name, _definition in before)


def test_the_demo_has_an_integration_token_a_revoked_one_and_a_timeline_entry_by_the_integration(demo):
    from fixloop.api.models import ApiToken

    assert ApiToken.objects.active().filter(name="Dealer system", last_used_at__isnull=False).exists()
    assert ApiToken.objects.exclude(revoked_at=None).exists()
    assert TimelineEntry.objects.filter(actor="integration", actor_name="Dealer system").exists()
