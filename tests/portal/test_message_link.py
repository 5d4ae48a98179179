"""The `tracking_link` placeholder of messages (Repairline's [CASEOVERVIEWLINK])."""

from datetime import timedelta

from django.utils import timezone

from fixloop.messaging import services as messaging
from fixloop.messaging.context import work_order_context
from fixloop.portal.links import tracking_link_path, tracking_link_url
from fixloop.repairs import services
from fixloop.repairs.models import TrackingLink


def status_message(work_order):
    return messaging.queue_message(
        "workorder.status_changed",
        channel="email",
        work_order=work_order,
        context={"previous_status": "Open"},
    )


def test_the_first_message_issues_a_link_and_carries_it(client, settings, work_order):
    settings.SITE_URL = "https://repairs.example.com"
    message = status_message(work_order)
    link = TrackingLink.objects.get(work_order=work_order)
    url = f"https://repairs.example.com{tracking_link_path(link)}"
    assert url in message.body_text
    assert work_order.number in client.get(tracking_link_path(link)).content.decode()
    entry = work_order.timeline.get(kind="tracking")
    assert (entry.actor, entry.actor_name, entry.public) == ("system", "messaging", False)


def test_later_messages_carry_the_same_link(work_order, link):
    first, second = status_message(work_order), status_message(work_order)
    assert tracking_link_url(link) in first.body_text
    assert tracking_link_url(link) in second.body_text
    assert TrackingLink.objects.count() == 1


def test_a_new_link_replaces_the_old_one_in_messages(work_order, link, staff_actor):
    new = services.issue_link(work_order, by=staff_actor)
    context = work_order_context(work_order, "en")
    assert context["tracking_link"] == tracking_link_url(new)
    assert tracking_link_url(link) != tracking_link_url(new)


def test_a_revoked_link_is_not_replaced_behind_the_staffs_back(work_order, link, staff_actor):
    services.revoke_link(work_order, by=staff_actor)
    assert work_order_context(work_order, "en")["tracking_link"] == ""
    message = status_message(work_order)
    assert "/track/t/" not in message.body_text
    assert "Details:" not in message.body_text  # the template leaves the line out
    assert TrackingLink.objects.current().count() == 0


def test_a_work_order_closed_long_ago_gets_no_new_link(work_order, staff_actor):
    services.close(work_order, by=staff_actor)
    type(work_order).objects.filter(pk=work_order.pk).update(closed_at=timezone.now() - timedelta(days=40))
    work_order.refresh_from_db()
    assert work_order_context(work_order, "en")["tracking_link"] == ""
    assert not TrackingLink.objects.exists()
