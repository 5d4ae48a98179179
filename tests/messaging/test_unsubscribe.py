"""One-click unsubscribe (RFC 8058) of recurring mail, end to end: the status report e-mail carries
List-Unsubscribe and List-Unsubscribe-Post, a mail client POSTs to the link without cookies, the
customer is opted out of that kind of mail and the next run skips them with the reason."""

from datetime import date
from urllib.parse import urlsplit

import pytest
from django.test import Client

from fixloop.backoffice.timeline import describe
from fixloop.messaging import services as messaging
from fixloop.messaging.models import KindOptOut, Message
from fixloop.messaging.optouts import unsubscribe_token
from fixloop.messaging.tasks import deliver_due
from fixloop.repairs.models import TimelineEntry
from fixloop.repairs.services import close
from fixloop.reports import services as reports
from fixloop.reports.models import ReportRunItem, ReportSubscription

TODAY = date(2026, 11, 23)
# The customer-facing URLs proven here to answer 404 for another customer's id or an altered link
# (test_a_forged_or_altered_link_is_404_and_changes_nothing); tests/portal/test_isolation.py counts them.
UNSUBSCRIBE_URLS = {"unsubscribe"}


@pytest.fixture
def subscribed(customer, work_order):
    return ReportSubscription.objects.create(customer=customer, active=True)


def report_email(smtp_server):
    [received] = [r for r in smtp_server.received if r.email["Subject"].startswith("Repair status report")]
    return received.email


def link_in(header) -> str:
    """The URL of a List-Unsubscribe header (a long one is folded onto a second line)."""
    value = " ".join(str(header).split())
    assert value.startswith("<") and value.endswith(">")
    return value[1:-1]


def one_click(url: str, **extra):
    """What a mailbox provider does when its "unsubscribe" button is pressed: a POST without cookies."""
    client = Client(enforce_csrf_checks=True)
    return client.post(
        urlsplit(url).path,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
        **extra,
    )


def test_one_click_unsubscribe_from_the_status_report_end_to_end(smtp_server, customer, subscribed):
    reports.run_reports(TODAY)
    deliver_due()
    email = report_email(smtp_server)
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = link_in(email["List-Unsubscribe"])
    assert url.startswith("http") and unsubscribe_token(customer.pk, "status_report") in url

    response = one_click(url, REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    [opted_out] = KindOptOut.objects.filter(customer=customer)
    assert (opted_out.kind, opted_out.active, opted_out.ip) == ("status_report", True, "198.51.100.4")
    assert opted_out.message == Message.objects.get(kind="status_report")

    run = reports.run_reports(date(2026, 11, 24))
    [item] = run.items.all()
    assert item.outcome == ReportRunItem.Outcome.SKIPPED
    assert "Anna Becker unsubscribed from “Repair status report” e-mails on" in item.reason
    deliver_due()
    assert (
        len([r for r in smtp_server.received if r.email["Subject"].startswith("Repair status report")]) == 1
    )


def test_opening_the_link_changes_nothing_and_shows_the_button(customer):
    path = urlsplit(messaging_url(customer)).path
    response = Client().get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Do you want to stop receiving “Repair status report” e-mails" in page
    assert '<form method="post">' in page
    assert not KindOptOut.objects.exists()
    assert response["Cache-Control"] == "private, no-store"


def test_the_page_speaks_the_customers_language(customer):
    customer.language = "de"
    customer.save()
    page = Client().get(urlsplit(messaging_url(customer)).path).content.decode()
    assert "Abmelden" in page


def messaging_url(customer, kind="status_report") -> str:
    from fixloop.portal.links import unsubscribe_url

    return unsubscribe_url(customer.pk, kind)


@pytest.mark.parametrize(
    "change",
    [
        lambda path, customer: path.replace(unsubscribe_token(customer.pk, "status_report"), "A" * 43),
        lambda path, customer: path.replace(f"/{customer.pk}/", f"/{customer.pk + 1}/"),
        lambda path, customer: path.replace("/status_report/", "/workorder.follow_up/"),
        lambda path, customer: path.replace("/status_report/", "/workorder.message/"),
        lambda path, customer: path.replace(unsubscribe_token(customer.pk, "status_report"), "short"),
    ],
)
def test_a_forged_or_altered_link_is_404_and_changes_nothing(customer, other_customer, change):
    path = change(urlsplit(messaging_url(customer)).path, customer)
    assert one_click(path).status_code == 404
    assert Client().get(path).status_code == 404
    assert not KindOptOut.objects.exists()


def test_unsubscribing_twice_records_once(customer):
    url = messaging_url(customer)
    assert one_click(url).status_code == 200
    assert one_click(url).status_code == 200
    assert KindOptOut.objects.filter(customer=customer).count() == 1


def test_a_follow_up_opt_out_is_on_the_work_orders_timeline_and_stops_the_next_follow_up(
    smtp_server, customer, work_order, staff_actor
):
    close(work_order, by=staff_actor)  # a follow-up is about a closed work order
    first = messaging.queue_message("workorder.follow_up", channel="email", work_order=work_order)
    deliver_due()
    email = smtp_server.received[0].email
    assert "/workorder.follow_up/" in email["List-Unsubscribe"]
    assert one_click(link_in(email["List-Unsubscribe"])).status_code == 200

    entry = TimelineEntry.objects.filter(work_order=work_order, kind=TimelineEntry.Kind.SYSTEM).last()
    assert entry.data == {"event": "unsubscribed", "kind": "workorder.follow_up"}
    assert "unsubscribed from “Follow-up after closing” e-mails" in describe(entry)
    assert KindOptOut.objects.get().message == first
    second = messaging.queue_message(
        "workorder.follow_up", channel="email", work_order=work_order, dedupe_key="second"
    )
    assert second.state == Message.State.SUPPRESSED
    assert "unsubscribed from “Follow-up after closing”" in second.state_reason
    # Other mail about the repair still goes out.
    other = messaging.queue_message(
        "workorder.message", channel="email", work_order=work_order, context={"message": "Ready."}
    )
    assert other.state == Message.State.QUEUED
    assert other.unsubscribe_url == ""
