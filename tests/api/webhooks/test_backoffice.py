"""The back-office pages of webhook endpoints: only administrators; the secret shown once; field
errors for bad input with nothing written; the delivery log with the receiver's answers; send again;
rotation; German."""

import html

import pytest

from fixloop.api.models import WebhookDelivery, WebhookEndpoint
from fixloop.api.webhooks import signing
from fixloop.messaging.tasks import deliver_due
from fixloop.repairs import services as repairs

LIST = "/staff/integrations/webhooks/"
NEW = "/staff/integrations/webhooks/new/"


def endpoint_pages(endpoint, delivery=None) -> list[tuple[str, str]]:
    base = f"{LIST}{endpoint.pk}/"
    pages = [("get", LIST), ("get", NEW), ("post", NEW), ("get", base), ("get", f"{base}edit/"),
             ("post", f"{base}edit/"), ("post", f"{base}rotate/")]  # fmt: skip
    if delivery is not None:
        pages.append(("post", f"{base}deliveries/{delivery.pk}/send-again/"))
    return pages


@pytest.fixture
def admin_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def delivered(subscribe, receiver, work_order, statuses, staff_actor):
    """An endpoint with one delivery, refused once with 500 and taken on the retry."""
    endpoint, _secret = subscribe("work_order.status_changed.v1")
    receiver.answers = [(500, "Internal error: queue full")]
    repairs.change_status(work_order, statuses["in_progress"], by=staff_actor)
    deliver_due()
    return endpoint, WebhookDelivery.objects.get()


def page_text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("role", ["advisor", "technician"])
def test_only_administrators_may_open_or_change_webhook_endpoints(client, delivered, role, request):
    endpoint, delivery = delivered
    client.force_login(request.getfixturevalue(role))
    for method, path in endpoint_pages(endpoint, delivery):
        assert getattr(client, method)(path).status_code == 403, path
    endpoint.refresh_from_db()
    assert WebhookEndpoint.objects.count() == 1 and WebhookDelivery.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, delivered):
    endpoint, _delivery = delivered
    for method, path in endpoint_pages(endpoint):
        response = getattr(client, method)(path)
        assert response.status_code == 302 and "/staff/sign-in/" in response["Location"], path


def test_the_menu_shows_integrations_to_administrators_only(admin_client, advisor, client):
    assert "Webhooks" in page_text(admin_client.get("/staff/"))
    client.force_login(advisor)
    assert "Webhooks" not in page_text(client.get("/staff/"))


def test_creating_an_endpoint_shows_its_secret_once(admin_client, receiver):
    response = admin_client.post(
        NEW, {"name": "ERP", "url": receiver.url, "events": ["estimate.decided.v1", "booking.changed.v1"]}
    )

    assert response.status_code == 200
    endpoint = WebhookEndpoint.objects.get()
    secret = signing.decrypt(endpoint.secret)
    assert secret in page_text(response)
    assert endpoint.events == ["estimate.decided.v1", "booking.changed.v1"]
    assert endpoint.active
    assert secret not in page_text(admin_client.get(f"{LIST}{endpoint.pk}/"))
    assert secret not in page_text(admin_client.get(f"{LIST}{endpoint.pk}/edit/"))


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://erp.example.com/hook", "Use an https:// address"),
        ("ftp://erp.example.com/hook", "Enter a valid address"),
        ("https://user:pw@erp.example.com/hook", "Leave user name and password out"),
        ("not an address", "Enter a valid address"),
        ("https://erp.example.com:99999/", "Enter a valid address"),
    ],
)
def test_a_bad_address_is_a_field_error_and_nothing_is_written(admin_client, settings, url, message):
    settings.WEBHOOKS_ALLOW_HTTP = True
    response = admin_client.post(NEW, {"name": "ERP", "url": url, "events": ["estimate.decided.v1"]})

    assert response.status_code == 422
    assert message in page_text(response)
    assert "url" in response.context["form"].errors
    assert not WebhookEndpoint.objects.exists()


def test_plain_http_to_loopback_needs_the_setting(admin_client, settings):
    settings.WEBHOOKS_ALLOW_HTTP = False
    data = {"name": "ERP", "url": "http://127.0.0.1:9/hook", "events": ["estimate.decided.v1"]}

    assert admin_client.post(NEW, data).status_code == 422
    settings.WEBHOOKS_ALLOW_HTTP = True
    assert admin_client.post(NEW, data).status_code == 200


def test_an_endpoint_without_events_or_with_an_unknown_event_is_refused(admin_client, receiver):
    for events in ([], ["estimate.eaten.v1"]):
        response = admin_client.post(NEW, {"name": "ERP", "url": receiver.url, "events": events})
        assert response.status_code == 422
        assert "events" in response.context["form"].errors
    assert not WebhookEndpoint.objects.exists()


def test_the_delivery_log_shows_each_attempt_with_the_receivers_answer(admin_client, delivered):
    endpoint, delivery = delivered

    text = page_text(admin_client.get(f"{LIST}{endpoint.pk}/"))

    assert "Work order status changed" in text
    assert delivery.event.event_id in text
    assert "HTTP 500" in text
    assert "Internal error: queue full" in text
    assert "Waiting to retry" in text
    assert str(delivery.delivery_id) in text


def test_send_again_queues_a_new_delivery_of_the_same_event(admin_client, delivered, receiver):
    endpoint, delivery = delivered
    deliver_due()  # nothing due yet: the first delivery waits for its retry
    delivery.message.state = "failed"  # as after giving up (set directly: the test's shortcut)
    delivery.message.save(update_fields=["state"])

    response = admin_client.post(f"{LIST}{endpoint.pk}/deliveries/{delivery.pk}/send-again/")
    deliver_due()

    assert response.status_code == 302
    again = WebhookDelivery.objects.exclude(pk=delivery.pk).get()
    assert again.event == delivery.event and again.again_of == delivery
    assert receiver.received[-1].headers["Fixloop-Delivery"] == str(again.delivery_id)


def test_send_again_of_another_endpoints_delivery_is_404(admin_client, delivered, subscribe):
    _endpoint, delivery = delivered
    other, _secret = subscribe("booking.changed.v1", name="Other")

    response = admin_client.post(f"{LIST}{other.pk}/deliveries/{delivery.pk}/send-again/")

    assert response.status_code == 404
    assert WebhookDelivery.objects.count() == 1


def test_rotating_shows_the_new_secret_and_when_the_previous_one_stops(admin_client, delivered):
    endpoint, _delivery = delivered

    response = admin_client.post(f"{LIST}{endpoint.pk}/rotate/")

    endpoint.refresh_from_db()
    text = page_text(response)
    assert signing.decrypt(endpoint.secret) in text
    assert "The previous secret keeps signing" in text
    assert endpoint.rotation_running()


def test_switching_an_endpoint_off_from_its_page(admin_client, delivered):
    endpoint, _delivery = delivered
    data = {"name": "ERP", "url": endpoint.url, "events": endpoint.events}  # "active" unticked

    response = admin_client.post(f"{LIST}{endpoint.pk}/edit/", data)

    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert not endpoint.active


def test_the_pages_are_in_german(admin_client, delivered):
    endpoint, _delivery = delivered
    admin_client.cookies["django_language"] = "de"

    text = page_text(admin_client.get(f"{LIST}{endpoint.pk}/", HTTP_ACCEPT_LANGUAGE="de"))

    assert "Zustellprotokoll" in text
    assert "Auftragsstatus geändert" in text


def test_webhook_deliveries_are_not_in_the_deliveries_log(admin_client, delivered):
    _endpoint, delivery = delivered

    listed = admin_client.get("/staff/messages/")

    assert delivery.message not in listed.context["page"].object_list
    assert admin_client.get(f"/staff/messages/{delivery.message.pk}/").status_code == 404
    assert admin_client.post(f"/staff/messages/{delivery.message.pk}/resend/").status_code == 404
    assert admin_client.post(f"/staff/messages/{delivery.message.pk}/cancel/").status_code == 404


def test_webhook_deliveries_have_no_template_to_edit(admin_client):
    assert "Webhook delivery" not in page_text(admin_client.get("/staff/templates/"))
    assert admin_client.get("/staff/templates/webhook/email/en/").status_code == 404
