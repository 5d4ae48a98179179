"""The tracking-link section of the work-order page and the list of unread customer messages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fixloop.portal.links import tracking_link_path, tracking_link_url
from fixloop.repairs import services, tracking
from fixloop.repairs.models import CustomerNote, TimelineEntry
from tests.factories import customer_actor_for


@pytest.fixture
def link(work_order, staff_actor):
    return services.issue_link(work_order, by=staff_actor)


def page(client, work_order, tab="tracking") -> str:
    response = client.get(f"/staff/work-orders/{work_order.number}/?tab={tab}")
    assert response.status_code == 200
    return response.content.decode()


def test_staff_see_and_can_copy_the_link(advisor_client, settings, work_order, link):
    settings.SITE_URL = "https://repairs.example.com"
    text = page(advisor_client, work_order)
    assert f'value="https://repairs.example.com{tracking_link_path(link)}"' in text
    assert "Copy" in text
    assert "Valid while the work order is open and for 30 days after it closes." in text


def test_a_work_order_without_a_link_says_how_one_comes(advisor_client, work_order):
    text = page(advisor_client, work_order)
    assert "No link yet." in text
    assert "Issue a link" in text


def test_staff_issue_a_link(advisor_client, advisor, work_order):
    response = advisor_client.post(f"/staff/work-orders/{work_order.number}/tracking/issue/")
    assert response.status_code == 302
    link = tracking.current_link(work_order)
    assert link.created_by == advisor
    entry = work_order.timeline.get(kind=TimelineEntry.Kind.TRACKING)
    assert (entry.data["event"], entry.user, entry.public) == ("issued", advisor, False)
    assert tracking_link_url(link) in page(advisor_client, work_order)


def test_issuing_a_new_link_ends_the_old_one(advisor_client, client, work_order, link):
    old_path = tracking_link_path(link)
    response = advisor_client.post(
        f"/staff/work-orders/{work_order.number}/tracking/issue/", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    new = tracking.current_link(work_order)
    assert new.pk != link.pk
    assert tracking_link_url(new) in response.content.decode()
    assert "New tracking link issued; the previous one no longer works." in page(
        advisor_client, work_order, "timeline"
    )
    assert advisor_client.get(old_path).status_code == 404
    assert advisor_client.get(tracking_link_path(new)).status_code == 200


def test_staff_revoke_the_link(advisor_client, advisor, work_order, link):
    path = tracking_link_path(link)
    advisor_client.post(f"/staff/work-orders/{work_order.number}/tracking/revoke/")
    link.refresh_from_db()
    assert link.revoked_by == advisor
    assert advisor_client.get(path).status_code == 404
    text = page(advisor_client, work_order)
    assert "The tracking link was revoked" in text
    assert "Tracking link revoked." in page(advisor_client, work_order, "timeline")


def test_revoking_without_a_link_is_refused_with_a_reason(advisor_client, work_order):
    response = advisor_client.post(
        f"/staff/work-orders/{work_order.number}/tracking/revoke/", headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert "This work order has no tracking link to revoke." in response.content.decode()
    assert not work_order.timeline.filter(kind="tracking").exists()


def test_staff_change_the_expiry(advisor_client, work_order, link):
    day = timezone.localdate(timezone=work_order.location.zone) + timedelta(days=10)
    response = advisor_client.post(
        f"/staff/work-orders/{work_order.number}/tracking/expiry/", {"valid_until": day.isoformat()}
    )
    assert response.status_code == 302
    link.refresh_from_db()
    local = link.expires_at.astimezone(work_order.location.zone)
    assert (local.date(), local.hour, local.minute) == (day + timedelta(days=1), 0, 0)
    entry = work_order.timeline.get(kind="tracking", data__event="expiry")
    assert (entry.data["from"], entry.data["to"]) == ("", day.isoformat())
    text = page(advisor_client, work_order)
    assert f'value="{day.isoformat()}"' in text
    assert "Valid until the end of" in text
    timeline = advisor_client.get(f"/staff/work-orders/{work_order.number}/?tab=timeline").content.decode()
    assert f"Tracking link expiry changed: shop default → {day:%d %b %Y}" in timeline  # not 2026-12-16
    # Back to the shop's default.
    advisor_client.post(f"/staff/work-orders/{work_order.number}/tracking/expiry/", {"valid_until": ""})
    link.refresh_from_db()
    assert link.expires_at is None


def test_an_expiry_in_the_past_is_refused(advisor_client, work_order, link):
    yesterday = timezone.localdate(timezone=work_order.location.zone) - timedelta(days=1)
    response = advisor_client.post(
        f"/staff/work-orders/{work_order.number}/tracking/expiry/",
        {"valid_until": yesterday.isoformat()},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "Choose today or a later day." in response.content.decode()
    link.refresh_from_db()
    assert link.expires_at is None


def test_technicians_see_the_link_but_cannot_manage_it(technician_client, work_order, link):
    text = page(technician_client, work_order)
    assert tracking_link_url(link) in text
    assert "Revoke link" not in text
    for action in ("issue", "revoke", "expiry"):
        response = technician_client.post(f"/staff/work-orders/{work_order.number}/tracking/{action}/")
        assert response.status_code == 403
    assert tracking.current_link(work_order) == link


def test_customers_cannot_reach_the_staff_tracking_actions(client, work_order, link):
    response = client.post(f"/staff/work-orders/{work_order.number}/tracking/revoke/")
    assert response.status_code == 302
    assert "/staff/sign-in/" in response["Location"]
    assert tracking.current_link(work_order) == link


# ----------------------------------------------------------------------------- customers' messages


@pytest.fixture
def question(work_order, link):
    return services.ask_question(link, "Can I pick it up on Saturday?", by=customer_actor_for())


@pytest.fixture
def correction(work_order, link):
    return services.correct_contact_details(link, {"email": "anna.b@example.net"}, by=customer_actor_for())


def test_unread_customer_messages_are_listed_and_counted(advisor_client, work_order, question, correction):
    response = advisor_client.get("/staff/customer-messages/")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="unread-customer-notes">2<' in text
    assert "Can I pick it up on Saturday?" in text
    assert "anna@example.com → anna.b@example.net" in text
    assert f'href="/staff/work-orders/{work_order.number}/?tab=tracking"' in text
    assert "198.51.100.7" in text


def test_the_work_order_page_shows_what_the_customer_sent(advisor_client, work_order, question):
    assert "Question from the customer:" in page(advisor_client, work_order, "timeline")
    text = page(advisor_client, work_order)
    assert "Can I pick it up on Saturday?" in text
    assert "Mark as read" in text


def test_marking_read_takes_it_off_the_unread_list(advisor_client, advisor, work_order, question, correction):
    note = CustomerNote.objects.get(entry=question)
    response = advisor_client.post(
        f"/staff/customer-messages/{note.pk}/read/", {"next": "/staff/customer-messages/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/customer-messages/"
    note.refresh_from_db()
    assert note.read_by == advisor
    assert note.read_at is not None
    text = advisor_client.get("/staff/customer-messages/").content.decode()
    assert "Can I pick it up on Saturday?" not in text
    assert 'id="unread-customer-notes">1<' in text
    assert (
        "Can I pick it up on Saturday?"
        in advisor_client.get("/staff/customer-messages/?show=all").content.decode()
    )


def test_marking_read_does_not_redirect_elsewhere(advisor_client, question):
    note = CustomerNote.objects.get()
    response = advisor_client.post(
        f"/staff/customer-messages/{note.pk}/read/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/staff/customer-messages/"


def test_technicians_see_customer_messages_but_cannot_mark_them_read(technician_client, question):
    note = CustomerNote.objects.get()
    text = technician_client.get("/staff/customer-messages/").content.decode()
    assert "Can I pick it up on Saturday?" in text
    assert "Mark as read" not in text
    assert technician_client.post(f"/staff/customer-messages/{note.pk}/read/").status_code == 403
    note.refresh_from_db()
    assert note.read_at is None
