"""The API's writes have the same effects as the back office's for the same action: the same
timeline entries (kind, visibility, text, facts) and the same customer notifications queued — only
who acted differs (the integration instead of the staff member)."""

import pytest

from fixloop.messaging.models import Event, Message
from fixloop.repairs.models import Phase, TimelineEntry, WorkOrder
from tests.messaging import notification_fixtures

region = notification_fixtures.region
notifying_region = notification_fixtures.notifying_region
notified_customer = notification_fixtures.notified_customer
open_for = notification_fixtures.open_for


@pytest.fixture(autouse=True)
def _shop_first(shop):
    """The shop's profile before any customer is saved (saving one reads the profile)."""


@pytest.fixture
def staff_client(client, advisor):
    client.force_login(advisor)
    return client


@pytest.fixture
def pair(open_for, notified_customer):
    """Two work orders of a customer whose region notifies everything: one for each side."""
    return open_for(notified_customer), open_for(notified_customer)


OWN_IDS = ("link", "replaces")  # each side's own tracking link


def facts(data: dict) -> dict:
    return {key: ("<own>" if key in OWN_IDS and value else value) for key, value in data.items()}


def effects(work_order, after_entry_id):
    entries = TimelineEntry.objects.filter(work_order=work_order, pk__gt=after_entry_id).order_by("pk")
    messages = Message.objects.filter(work_order=work_order).order_by("pk")
    return (
        [(entry.kind, entry.public, entry.text, facts(entry.data)) for entry in entries],
        [(message.kind, message.channel, message.recipient, message.state) for message in messages],
    )


def last_entry(work_order) -> int:
    return TimelineEntry.objects.filter(work_order=work_order).latest("pk").pk


def act_on_both(pair, staff_client, api, staff_path, staff_data, api_path, api_body):
    by_staff, by_api = pair
    marks = last_entry(by_staff), last_entry(by_api)
    staff_response = staff_client.post(f"/staff/work-orders/{by_staff.number}/{staff_path}", staff_data)
    assert staff_response.status_code == 302
    api_response = api.post(f"/work-orders/{by_api.pk}{api_path}", api_body)
    assert api_response.status_code in (200, 201), api_response.content
    staff_effects, api_effects = effects(by_staff, marks[0]), effects(by_api, marks[1])
    assert staff_effects == api_effects
    assert staff_effects[0], "the action wrote no timeline entry"
    return staff_effects


def test_a_status_change_writes_the_same_entry_and_notifies_the_same(pair, staff_client, api, statuses):
    status = statuses[Phase.IN_PROGRESS]
    _entries, messages = act_on_both(
        pair, staff_client, api, "status/", {"status": status.pk}, "/status", {"status_id": status.pk}
    )
    assert Event.STATUS_CHANGED in [kind for kind, *_ in messages]


def test_a_public_comment_writes_the_same_entry_and_notifies_the_same(pair, staff_client, api):
    act_on_both(
        pair,
        staff_client,
        api,
        "comment/",
        {"text": "The part arrived.", "public": "on"},
        "/comments",
        {"text": "The part arrived.", "public": True},
    )


def test_closing_writes_the_same_entry_and_notifies_the_same(pair, staff_client, api, statuses, media_root):
    closed = statuses[Phase.CLOSED]
    act_on_both(
        pair,
        staff_client,
        api,
        "close/",
        {"status": closed.pk, "note": "Collected."},
        "/close",
        {"status_id": closed.pk, "note": "Collected."},
    )


def test_reopening_writes_the_same_entry(pair, staff_client, api, statuses, staff_actor):
    from fixloop.repairs import services

    for work_order in pair:
        services.close(work_order, by=staff_actor)
    status = statuses[Phase.OPEN]
    act_on_both(
        pair,
        staff_client,
        api,
        "reopen/",
        {"reason": "Fault is back.", "status": status.pk},
        "/reopen",
        {"reason": "Fault is back.", "status_id": status.pk},
    )


def test_opening_writes_the_same_entry_and_notifies_the_same(
    staff_client, api, notified_customer, location, statuses
):
    staff_response = staff_client.post(
        f"/staff/customers/{notified_customer.number}/work-orders/new/",
        {"location": location.pk, "problem_description": "No power."},
    )
    assert staff_response.status_code == 302
    api_response = api.post(
        "/work-orders",
        {"customer_id": notified_customer.pk, "location_id": location.pk, "problem_description": "No power."},
    )
    by_staff, by_api = WorkOrder.objects.order_by("pk")
    assert by_api.pk == api_response.json()["id"]
    assert effects(by_staff, 0) == effects(by_api, 0)
    assert effects(by_api, 0)[1], "opening notified nobody"


def test_the_entry_names_the_integration_instead_of_a_staff_member(pair, api, statuses):
    api.post(f"/work-orders/{pair[1].pk}/status", {"status_id": statuses[Phase.IN_PROGRESS].pk})
    entry = TimelineEntry.objects.filter(work_order=pair[1], kind="status").get()
    assert (entry.actor, entry.actor_name, entry.user) == ("integration", "Dealer system", None)
