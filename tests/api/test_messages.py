"""Messages over the API: the deliveries log with attempts and events and its filters, and a free
message to a work order's customer through the outbox — the same message the back office's "Send a
message" queues — with the scopes, 404s, idempotency and field-naming problems."""

from datetime import timedelta

from django.utils import timezone

from fixloop.customers.models import CustomerAccount
from fixloop.messaging.models import Attempt, Message, MessageEvent
from fixloop.repairs import services as repair_services


def send(api, work_order, text="Your part has arrived.", **extra):
    return api.post(
        "/messages", {"work_order_id": work_order.pk, "message": text, **extra.pop("body", {})}, **extra
    )


def test_a_free_message_is_queued_to_the_customer(api, work_order):
    response = send(api, work_order)
    assert response.status_code == 201, response.content
    message = Message.objects.get(pk=response.json()["id"])
    assert (message.kind, message.channel, message.state) == ("workorder.message", "email", "queued")
    assert message.recipient == "anna@example.com"
    assert "Your part has arrived." in message.body_text


def test_a_message_is_sent_as_sms_when_asked(api, work_order, customer):
    customer.mobile = "+49 151 23456789"
    customer.save()
    response = send(api, work_order, body={"channel": "sms"})
    assert response.json()["channel"] == "sms"


def test_a_message_to_a_customer_without_an_address_is_kept_as_not_sent(api, location, statuses, staff_actor):
    nobody = CustomerAccount.objects.create(number="C9", name="No Mail")
    work_order = repair_services.open_work_order(
        customer=nobody, location=location, problem_description="x", by=staff_actor
    )
    body = send(api, work_order).json()
    assert body["state"] == "suppressed"
    assert body["state_reason"]


def test_the_same_key_queues_one_message(api, work_order):
    key = {"Idempotency-Key": "message-1"}
    first, again = send(api, work_order, headers=key), send(api, work_order, headers=key)
    assert again.json() == first.json()
    assert Message.objects.filter(kind="workorder.message").count() == 1


def test_an_empty_text_names_the_field_and_queues_nothing(api, work_order):
    response = send(api, work_order, text="   ")
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["message"]
    assert not Message.objects.filter(kind="workorder.message").exists()


def test_an_unknown_channel_names_the_field(api, work_order):
    response = send(api, work_order, body={"channel": "fax"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "channel"


def test_an_unknown_work_order_names_the_field(api, work_order):
    response = api.post("/messages", {"work_order_id": work_order.pk + 100, "message": "Hello"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "work_order_id"


def test_sending_needs_the_messages_write_scope(api_for, work_order):
    response = send(api_for(["messages:read", "work_orders:write"]), work_order)
    assert response.status_code == 403
    assert not Message.objects.filter(kind="workorder.message").exists()


def test_reading_needs_the_messages_read_scope(api_for, work_order):
    assert api_for(["work_orders:read"]).get("/messages").status_code == 403


def test_a_message_is_read_with_its_attempts_and_events(api, work_order):
    message = Message.objects.get(pk=send(api, work_order).json()["id"])
    now = timezone.now()
    Attempt.objects.create(
        message=message, number=1, started_at=now, finished_at=now, outcome="transient", error="421"
    )
    MessageEvent.objects.create(message=message, kind="deferred", source="dsn", reason="Mailbox busy")
    body = api.get(f"/messages/{message.pk}").json()
    assert body["kind_name"] == "Message from staff"
    assert [(a["number"], a["outcome"], a["error"]) for a in body["attempts"]] == [(1, "transient", "421")]
    assert [(e["kind"], e["reason"]) for e in body["events"]] == [("deferred", "Mailbox busy")]


def test_an_unknown_message_is_404(api, work_order):
    message_id = send(api, work_order).json()["id"]
    assert api.get(f"/messages/{message_id + 100}").status_code == 404


def test_the_log_is_filtered_by_work_order_customer_and_state(
    api, work_order, other_customer, location, staff_actor
):
    other = repair_services.open_work_order(
        customer=other_customer, location=location, problem_description="x", by=staff_actor
    )
    mine, theirs = send(api, work_order).json()["id"], send(api, other).json()["id"]
    Message.objects.filter(pk=theirs).update(state="failed")

    def ids(**query):
        return [item["id"] for item in api.get("/messages", query).json()["items"]]

    assert mine in ids(work_order_id=work_order.pk) and theirs not in ids(work_order_id=work_order.pk)
    assert ids(customer_id=other_customer.pk) == [theirs]
    assert ids(state="failed") == [theirs]


def test_an_unknown_state_names_the_query_parameter(api, work_order):
    response = api.get("/messages", {"state": "lost"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "state"


def test_updated_since_finds_a_message_with_a_later_delivery_event(api, work_order):
    first, second = send(api, work_order).json()["id"], send(api, work_order, text="Again").json()["id"]
    later = timezone.now() + timedelta(minutes=5)
    Message.objects.filter(pk__in=[first, second]).update(created_at=timezone.now() - timedelta(hours=1))
    MessageEvent.objects.create(message_id=first, kind="delivered", source="dsn", recorded_at=later)
    since = (later - timedelta(minutes=1)).isoformat()
    assert [item["id"] for item in api.get("/messages", {"updated_since": since}).json()["items"]] == [first]


def test_the_log_is_paged_with_a_cursor(api, work_order):
    sent = [send(api, work_order, text=f"Note {n}").json()["id"] for n in range(3)]
    first = api.get("/messages", {"limit": 2, "work_order_id": work_order.pk}).json()
    rest = api.get(
        "/messages", {"limit": 2, "cursor": first["next_cursor"], "work_order_id": work_order.pk}
    ).json()
    seen = [item["id"] for item in first["items"] + rest["items"]]
    assert set(sent) <= set(seen) and len(seen) == len(set(seen))


def test_the_api_queues_the_same_message_as_the_back_office(client, advisor, api, work_order):
    client.force_login(advisor)
    staff = client.post(
        f"/staff/work-orders/{work_order.number}/messages/", {"channel": "email", "message": "Ready Friday."}
    )
    assert staff.status_code == 302, staff.content
    send(api, work_order, text="Ready Friday.")
    by_staff, by_api = Message.objects.filter(kind="workorder.message").order_by("pk")

    def content(message):
        return (
            message.kind,
            message.channel,
            message.recipient,
            message.state,
            message.subject,
            message.body_text,
        )

    assert content(by_api) == content(by_staff)
    assert (by_staff.purpose, by_api.purpose) == (work_order, work_order)
