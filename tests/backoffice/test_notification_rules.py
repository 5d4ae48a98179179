"""The back-office pages of client notifications: regions, a region's settings and events, one
event's rule; field messages with HTTP 422 and nothing saved; who may see and change them."""

import html

import pytest

from fixloop.messaging.models import Event, NotificationRule, RegionNotifications
from fixloop.repairs.models import Phase
from tests.messaging import notification_fixtures

region = notification_fixtures.region
notifying_region = notification_fixtures.notifying_region
notified_customer = notification_fixtures.notified_customer
open_for = notification_fixtures.open_for
notified_work_order = notification_fixtures.notified_work_order

REGION_URL = "/staff/notifications/berlin/"


@pytest.fixture
def admin_client(client, owner):
    client.force_login(owner)
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


def settings_post(**overrides) -> dict:
    data = {"active": "on", "reply_to": "berlin@werkstatt.example", "portal_url": "", "flip_flop_hours": "12"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def rule_post(**overrides) -> dict:
    data = {"active": "on", "follow_up_days": "7"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_messages_page_links_client_notifications(admin_client):
    assert 'href="/staff/notifications/"' in text(admin_client.get("/staff/messages/"))


def test_the_regions_are_listed_with_their_state(admin_client, notifying_region):
    page = text(admin_client.get("/staff/notifications/"))
    assert f'href="{REGION_URL}"' in page
    assert "Berlin" in page


def test_a_regions_page_lists_every_event(admin_client, region):
    response = admin_client.get(REGION_URL)
    assert response.status_code == 200
    page = text(response)
    for event in Event:
        assert str(event.label) in page
        assert f'href="{REGION_URL}{event.value}/"' in page


def test_an_administrator_switches_a_regions_notifications_on(admin_client, region, owner):
    response = admin_client.post(REGION_URL, settings_post())
    assert response.status_code == 302
    assert response["Location"] == REGION_URL
    saved = RegionNotifications.objects.get(region=region)
    assert saved.active and saved.reply_to == "berlin@werkstatt.example" and saved.updated_by == owner


def test_a_portal_address_without_a_scheme_is_read_as_https(admin_client, region):
    admin_client.post(REGION_URL, settings_post(portal_url="service.berlin.example"))
    assert RegionNotifications.objects.get().portal_url == "https://service.berlin.example"


def test_a_reply_to_that_is_not_an_email_address_is_refused_with_422(admin_client, region):
    response = admin_client.post(REGION_URL, settings_post(reply_to="service desk"))
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors["reply_to"][0].startswith("Enter a valid e-mail address")
    assert "Not saved:" in text(response)
    assert not RegionNotifications.objects.exists()


def test_an_administrator_sets_up_the_status_change_rule(admin_client, region, statuses):
    ready = statuses[Phase.READY]
    response = admin_client.post(
        f"{REGION_URL}{Event.STATUS_CHANGED}/", rule_post(statuses=[str(ready.pk)], body_en="", subject_en="")
    )
    assert response.status_code == 302
    rule = NotificationRule.objects.get(event=Event.STATUS_CHANGED)
    assert rule.active and list(rule.statuses.all()) == [ready]
    page = text(admin_client.get(REGION_URL))
    assert f"Statuses: {ready.name_en}" in page


def test_the_rule_page_offers_only_statuses_customers_see_and_that_are_in_use(admin_client, region, statuses):
    form = admin_client.get(f"{REGION_URL}{Event.STATUS_CHANGED}/").context["form"]
    offered = set(form.fields["statuses"].queryset)
    assert statuses[Phase.READY] in offered
    assert not offered & {statuses["internal"], statuses["inactive"], statuses[Phase.CLOSED]}


def test_the_rule_page_shows_the_shops_wording_as_the_default(admin_client, region):
    page = text(admin_client.get(f"{REGION_URL}{Event.WORK_ORDER_OPENED}/"))
    assert 'placeholder="Work order {{ work_order_number }} opened"' in page
    assert "{{ tracking_link }}" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("body_en", "Hello {{ nickname }}", "Unknown placeholder: nickname"),
        ("body_de", "Hallo {% if %}", "The template has a syntax error"),
    ],
)
def test_wording_that_does_not_render_is_refused_with_422(admin_client, region, field, value, message):
    subject_field = field.replace("body", "subject")
    response = admin_client.post(
        f"{REGION_URL}{Event.WORK_ORDER_OPENED}/", rule_post(**{subject_field: "Hi", field: value})
    )
    assert response.status_code == 422
    assert response.context["form"].errors[field][0].startswith(message)
    assert message in text(response)
    assert not NotificationRule.objects.exists()
    assert not RegionNotifications.objects.exists()


@pytest.mark.parametrize("days", ["0", "1000"])
def test_a_follow_up_outside_one_to_365_days_is_refused_with_422(admin_client, region, days):
    response = admin_client.post(f"{REGION_URL}{Event.FOLLOW_UP}/", rule_post(follow_up_days=days))
    assert response.status_code == 422
    assert "follow_up_days" in response.context["form"].errors
    assert not NotificationRule.objects.exists()


def test_closing_can_attach_the_report(admin_client, region):
    admin_client.post(f"{REGION_URL}{Event.WORK_ORDER_CLOSED}/", rule_post(attach_report="on"))
    assert NotificationRule.objects.get(event=Event.WORK_ORDER_CLOSED).attach_report


def test_an_unknown_region_or_event_is_not_found(admin_client, region):
    assert admin_client.get("/staff/notifications/nowhere/").status_code == 404
    assert admin_client.get(f"{REGION_URL}workorder.exploded/").status_code == 404


def test_an_advisor_sees_the_rules_but_cannot_change_them(client, advisor, region):
    client.force_login(advisor)
    assert client.get(REGION_URL).status_code == 200
    assert "Only administrators can change client notifications." in text(client.get(REGION_URL))
    assert client.post(REGION_URL, settings_post()).status_code == 403
    assert client.post(f"{REGION_URL}{Event.WORK_ORDER_OPENED}/", rule_post()).status_code == 403
    assert not RegionNotifications.objects.exists()


def test_a_technician_cannot_open_the_rules(client, technician, region):
    client.force_login(technician)
    assert client.get("/staff/notifications/").status_code == 403
    assert client.get(REGION_URL).status_code == 403


def test_the_work_order_page_shows_why_nothing_was_sent(admin_client, work_order):
    page = text(admin_client.get(f"/staff/work-orders/{work_order.number}/?tab=notifications"))
    assert 'id="notifications"' in page
    assert "The customer Anna Becker has no region, so no client notifications apply." in page


def test_the_work_order_page_links_the_message_that_was_queued(admin_client, notified_work_order):
    message = notified_work_order.messages.get()
    page = text(admin_client.get(f"/staff/work-orders/{notified_work_order.number}/?tab=notifications"))
    assert f'href="/staff/messages/{message.pk}/"' in page
    assert "Queued" in page
    assert f'href="{REGION_URL}"' in page
