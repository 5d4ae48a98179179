"""The technician's view: their jobs, clocking on and off, notes, remarks, Unit ready, and prices
only with price rights."""

import re

import pytest
from django.urls import reverse

from fixloop.messaging.models import Message
from fixloop.repairs import services, signals
from fixloop.repairs.models import CustomerNote, TimeEntry, TimelineEntry, WorkshopSettings
from tests.factories import UserFactory, WorkOrderFactory

HOME = reverse("backoffice:technician")
# A currency amount: a currency next to a number, or one of the test estimate's prices and totals
# (hourly rate 80.00, part 320.00, fixed price 25.00) in either decimal style.
AMOUNT = re.compile(
    r"(?:EUR|€)\s*\d|\d\s*(?:EUR|€)|\b(?:80|320|25|120|440|465|96|22|57|26)[.,]\d\d\b|\b\d{2,3}[.,]\d\d\s*(?:net|gross|VAT)"
)


def url(name, work_order):
    return reverse(f"backoffice:technician_{name}", kwargs={"number": work_order.number})


@pytest.fixture
def assigned(work_order, technician, staff_actor):
    services.update_details(work_order, technician=technician, by=staff_actor)
    return work_order


def test_a_technician_sees_the_work_orders_assigned_to_them(technician_client, assigned):
    page = technician_client.get(HOME).content.decode()
    assert f'id="job-{assigned.number}"' in page
    assert "Anna Becker" in page and "The screen flickers" in page


def test_unassigned_work_with_approved_work_is_listed(technician_client, approved):
    page = technician_client.get(HOME).content.decode()
    assert f'id="job-{approved.number}"' in page
    assert "Replace the display" in page and "4711" in page


def test_unassigned_work_without_approved_work_is_not_listed(technician_client, work_order):
    assert f'id="job-{work_order.number}"' not in technician_client.get(HOME).content.decode()


def test_work_assigned_to_another_technician_is_not_listed(technician_client, approved, staff_actor):
    services.update_details(approved, technician=UserFactory(role="technician"), by=staff_actor)
    assert f'id="job-{approved.number}"' not in technician_client.get(HOME).content.decode()


def test_closed_work_orders_are_not_listed(technician_client, assigned, staff_actor):
    services.close(assigned, by=staff_actor)
    assert f'id="job-{assigned.number}"' not in technician_client.get(HOME).content.decode()


def test_the_location_filter_narrows_the_jobs(technician_client, assigned, location):
    other = WorkOrderFactory(technician=assigned.technician)
    page = technician_client.get(HOME, {"location": location.pk}).content.decode()
    assert f'id="job-{assigned.number}"' in page and f'id="job-{other.number}"' not in page


def test_clock_on_starts_the_clock_and_shows_since_when(technician_client, technician, assigned):
    response = technician_client.post(url("clock_on", assigned), follow=True)
    assert TimeEntry.objects.get(technician=technician, ended_at__isnull=True).work_order == assigned
    page = response.content.decode()
    assert f'id="clock-off-{assigned.number}"' in page and "on since" in page


def test_clock_off_stops_the_clock(technician_client, technician, assigned):
    technician_client.post(url("clock_on", assigned))
    technician_client.post(url("clock_off", assigned))
    assert TimeEntry.objects.get().ended_at is not None


def test_clocking_on_twice_answers_422_with_the_reason_and_changes_nothing(technician_client, assigned):
    technician_client.post(url("clock_on", assigned))
    response = technician_client.post(url("clock_on", assigned), headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "already clocked on" in response.content.decode()
    assert TimeEntry.objects.count() == 1


def test_clocking_off_a_job_one_is_not_on_shows_the_reason(technician_client, assigned):
    response = technician_client.post(url("clock_off", assigned), follow=True)
    assert "is not clocked on" in response.content.decode()
    assert not TimeEntry.objects.exists()


def test_a_second_job_is_refused_unless_the_shop_allows_it(shop, technician_client, technician, assigned):
    technician_client.post(url("clock_on", assigned))
    other = WorkOrderFactory(technician=technician)
    response = technician_client.post(url("clock_on", other), follow=True)
    assert "still clocked on" in response.content.decode()
    shop.technicians_clock_on_several_jobs = True
    shop.save()
    technician_client.post(url("clock_on", other))
    assert TimeEntry.objects.filter(technician=technician, ended_at__isnull=True).count() == 2


def test_clock_on_of_an_unknown_work_order_is_404(technician_client, db):
    assert technician_client.post("/staff/technician/NOPE-1/clock-on/").status_code == 404


def test_clock_on_needs_post(technician_client, assigned):
    assert technician_client.get(url("clock_on", assigned)).status_code == 405


def test_a_note_is_saved_as_an_internal_comment(technician_client, technician, assigned):
    technician_client.post(url("note", assigned), {"text": "Hinge cracked, ordered a new one."})
    entry = assigned.timeline.get(kind=TimelineEntry.Kind.COMMENT)
    assert entry.public is False and entry.user == technician
    assert "Hinge cracked" in technician_client.get(HOME).content.decode()


def test_an_empty_note_is_refused_with_422(technician_client, assigned):
    response = technician_client.post(url("note", assigned), {"text": "  "})
    assert response.status_code == 422
    assert not assigned.timeline.filter(kind=TimelineEntry.Kind.COMMENT).exists()


def test_remarks_marked_visible_to_technician_are_shown(
    technician_client, assigned, staff_actor, customer_actor
):
    link = services.issue_link(assigned, by=staff_actor)
    services.ask_question(link, "Please keep the old battery.", by=customer_actor)
    services.ask_question(link, "When will it be ready?", by=customer_actor)
    services.show_to_technician(
        CustomerNote.objects.get(entry__text__startswith="Please"), True, by=staff_actor
    )
    page = technician_client.get(HOME).content.decode()
    assert "Please keep the old battery." in page and "When will it be ready?" not in page


def test_staff_mark_a_remark_visible_on_the_work_order_page(
    advisor_client, assigned, staff_actor, customer_actor
):
    link = services.issue_link(assigned, by=staff_actor)
    services.ask_question(link, "Please keep the old battery.", by=customer_actor)
    note = CustomerNote.objects.get()
    page = advisor_client.get(reverse("backoffice:work_order", args=[assigned.number]) + "?tab=tracking")
    assert f'id="remark-technician-{note.pk}"' in page.content.decode()
    advisor_client.post(reverse("backoffice:customer_note_technician", args=[note.pk]), {"visible": "on"})
    note.refresh_from_db()
    assert note.visible_to_technician


def test_a_technician_cannot_mark_remarks_visible(technician_client, assigned, staff_actor, customer_actor):
    link = services.issue_link(assigned, by=staff_actor)
    services.ask_question(link, "Please keep the old battery.", by=customer_actor)
    note = CustomerNote.objects.get()
    response = technician_client.post(
        reverse("backoffice:customer_note_technician", args=[note.pk]), {"visible": "on"}
    )
    assert response.status_code == 403
    note.refresh_from_db()
    assert not note.visible_to_technician


def test_unit_ready_sets_the_ready_status(technician_client, assigned, ready_status):
    technician_client.post(url("ready", assigned))
    assigned.refresh_from_db()
    assert assigned.status == ready_status


def test_unit_ready_goes_through_the_status_change(technician_client, assigned, ready_status, capture_signal):
    changes = capture_signal(signals.status_changed)
    technician_client.post(url("ready", assigned))
    assert [(change["work_order"].pk, change["entry"].status_to_id) for change in changes] == [
        (assigned.pk, ready_status.pk)
    ]


def test_unit_ready_without_a_ready_status_is_refused(technician_client, assigned):
    before = assigned.status_id
    response = technician_client.post(url("ready", assigned), headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "has not chosen a status" in response.content.decode()
    assigned.refresh_from_db()
    assert assigned.status_id == before


def test_technicians_land_on_their_jobs_after_signing_in(client, technician):
    response = client.post(
        "/staff/sign-in/", {"username": "technician", "password": "correct horse battery staple"}
    )
    assert response["Location"] == HOME


def test_a_technician_cannot_open_the_configuration(technician_client, shop):
    assert technician_client.get("/admin/repairs/workshopsettings/").status_code in (302, 403)
    assert technician_client.get(f"/admin/shop/shopprofile/{shop.pk}/change/").status_code in (302, 403)


# ----------------------------------------------------------------------------- prices


def test_prices_are_hidden_without_price_rights(technician_client, approved):
    page = technician_client.get(HOME).content.decode()
    assert "Replace the display" in page and 'class="price"' not in page


def test_prices_are_shown_with_price_rights(shop, technician_client, approved):
    shop.technicians_see_prices = True
    shop.save()
    assert 'class="price"' in technician_client.get(HOME).content.decode()


def technician_pages(work_order) -> list[str]:
    number = work_order.number
    version = work_order.estimate.current_version
    return [
        HOME,
        reverse("backoffice:board"),
        reverse("backoffice:work_orders"),
        reverse("backoffice:estimates"),
        reverse("backoffice:estimates") + "?state=all",
        *(
            reverse("backoffice:work_order", args=[number]) + f"?tab={tab}"
            for tab in ("overview", "estimate", "messages", "files", "tracking", "notifications", "timeline")
        ),
        reverse("backoffice:work_order_timeline", args=[number]),
        reverse("backoffice:estimate_area", args=[number]),
        reverse("backoffice:estimate_pdf", args=[number, version.number]),
        reverse("backoffice:messages"),
        *(reverse("backoffice:message", args=[message.pk]) for message in Message.objects.all()),
        reverse("backoffice:customer", args=[work_order.customer.number]),
        reverse("backoffice:nav_counts"),
        *(
            reverse("backoffice:board_column", args=[key])
            for key in ("bookings", "estimates", "work_required", "in_progress", "ready", "invoices")
        ),
    ]


def test_no_technician_reachable_page_shows_an_amount_without_price_rights(technician_client, approved):
    for path in technician_pages(approved):
        response = technician_client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith(
            ("text/", "application/json")
        ):
            assert response.status_code in (200, 403, 404), path
            continue
        text = re.sub(r"<(script|style)\b.*?</\1>", "", response.content.decode(), flags=re.S)
        text = re.sub(r'(?:href|src|datetime|data-[\w-]+|value|id|hx-get)="[^"]*"', "", text)
        assert not AMOUNT.findall(text), (path, AMOUNT.findall(text)[:3])


def test_the_estimate_pdf_is_refused_without_price_rights(technician_client, approved):
    path = reverse(
        "backoffice:estimate_pdf", args=[approved.number, approved.estimate.current_version.number]
    )
    assert technician_client.get(path).status_code == 403


def test_the_scan_finds_amounts_for_an_advisor(advisor_client, approved):
    # the scan above would see amounts if they were there: the advisor's estimate tab has them
    page = advisor_client.get(reverse("backoffice:work_order", args=[approved.number]) + "?tab=estimate")
    assert AMOUNT.findall(page.content.decode())


def test_an_administrator_chooses_the_ready_status_in_the_workshop_settings(admin_client, statuses):
    response = admin_client.post(
        "/admin/repairs/workshopsettings/add/", {"ready_status": statuses["ready"].pk}
    )
    assert response.status_code == 302
    assert WorkshopSettings.current().ready_status == statuses["ready"]


def test_an_administrator_sets_the_technicians_price_rights_in_the_shop_profile(admin_client, shop):
    page = admin_client.get(f"/admin/shop/shopprofile/{shop.pk}/change/").content.decode()
    assert 'name="technicians_see_prices"' in page and 'name="technicians_clock_on_several_jobs"' in page
