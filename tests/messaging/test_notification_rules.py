"""Setting up a region's client notifications: bad input is refused with a message on its field and
nothing is saved."""

import pytest
from django.core.exceptions import ValidationError

from fixloop.messaging import rules
from fixloop.messaging.models import Event, NotificationRule, RegionNotifications
from fixloop.repairs.models import Phase
from tests.messaging import notification_fixtures

region = notification_fixtures.region


def refused(call, **kwargs) -> dict:
    with pytest.raises(ValidationError) as raised:
        call(**kwargs)
    return raised.value.message_dict


def save_rule(region, event, by, **kwargs):
    kwargs.setdefault("active", True)
    return rules.save_rule(region, event, by=by, **kwargs)


def nothing_saved() -> bool:
    return not RegionNotifications.objects.exists() and not NotificationRule.objects.exists()


def test_settings_and_rules_are_saved(region, owner, statuses):
    rules.save_settings(
        region,
        active=True,
        reply_to=" Service@Werkstatt.example ",
        portal_url="https://service.example/",
        flip_flop_hours=6,
        by=owner,
    )
    rule = save_rule(region, Event.STATUS_CHANGED, owner, statuses=[statuses[Phase.READY]])
    saved = RegionNotifications.objects.get(region=region)
    assert (saved.active, saved.reply_to, saved.portal_url, saved.flip_flop_hours) == (
        True,
        "Service@werkstatt.example",
        "https://service.example/",
        6,
    )
    assert saved.updated_by == owner
    assert list(rule.statuses.all()) == [statuses[Phase.READY]]
    assert [r.event for r in rules.rules_of(saved)] == Event.values


def test_a_region_without_settings_has_everything_off(region):
    region_settings = rules.settings_of(region)
    assert region_settings.pk is None and not region_settings.active
    assert [(rule.event, rule.active) for rule in rules.rules_of(region_settings)] == [
        (event, False) for event in Event.values
    ]


@pytest.mark.parametrize("reply_to", ["not an e-mail", "anna@", "anna@@example.com", "@example.com"])
def test_a_reply_to_that_is_not_an_email_address_is_refused(region, owner, reply_to):
    errors = refused(
        rules.save_settings,
        region=region,
        active=True,
        reply_to=reply_to,
        portal_url="",
        flip_flop_hours=12,
        by=owner,
    )
    assert errors["reply_to"][0].startswith("Enter a valid e-mail address")
    assert nothing_saved()


def test_a_portal_address_that_is_not_a_web_address_is_refused(region, owner):
    errors = refused(
        rules.save_settings,
        region=region,
        active=True,
        reply_to="",
        portal_url="ftp://files.example.com/",
        flip_flop_hours=12,
        by=owner,
    )
    assert errors["portal_url"] == ["Enter an address that starts with https://."]
    assert nothing_saved()


def test_a_portal_address_that_is_not_a_url_is_refused(region, owner):
    errors = refused(
        rules.save_settings,
        region=region,
        active=True,
        reply_to="",
        portal_url="service desk",
        flip_flop_hours=12,
        by=owner,
    )
    assert errors["portal_url"] == ["Enter a valid URL."]
    assert nothing_saved()


def test_a_window_longer_than_a_week_is_refused(region, owner):
    errors = refused(
        rules.save_settings,
        region=region,
        active=True,
        reply_to="",
        portal_url="",
        flip_flop_hours=169,
        by=owner,
    )
    assert "flip_flop_hours" in errors


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (0, "Ensure this value is greater than or equal to 1."),
        (1000, "Ensure this value is less than or equal to 365."),
    ],
)
def test_a_follow_up_outside_one_to_365_days_is_refused(region, owner, days, message):
    errors = refused(save_rule, region=region, event=Event.FOLLOW_UP, by=owner, follow_up_days=days)
    assert errors["follow_up_days"] == [message]
    assert nothing_saved()


@pytest.mark.parametrize("days", [1, 365])
def test_a_follow_up_of_one_to_365_days_is_accepted(region, owner, days):
    assert save_rule(region, Event.FOLLOW_UP, owner, follow_up_days=days).follow_up_days == days


def test_wording_with_an_unknown_placeholder_is_refused_on_its_field(region, owner):
    errors = refused(
        save_rule,
        region=region,
        event=Event.WORK_ORDER_OPENED,
        by=owner,
        wording={"subject_de": "Auftrag {{ work_order_number }}", "body_de": "Hallo {{ kunde }}"},
    )
    assert errors == {"body_de": ["Unknown placeholder: kunde"]}
    assert nothing_saved()


def test_wording_that_does_not_parse_is_refused_on_its_field(region, owner):
    errors = refused(
        save_rule,
        region=region,
        event=Event.WORK_ORDER_CLOSED,
        by=owner,
        wording={"subject_en": "Done {% if unit %}", "body_en": "Done."},
    )
    assert list(errors) == ["subject_en"]
    assert errors["subject_en"][0].startswith("The template has a syntax error")


def test_a_text_message_with_a_placeholder_of_another_event_is_refused(region, owner):
    errors = refused(
        save_rule,
        region=region,
        event=Event.SERVICE_REQUEST_REJECTED,
        by=owner,
        wording={"sms_en": "{{ shop_name }}: {{ work_order_number }}"},
    )
    assert errors == {"sms_en": ["Unknown placeholder: work_order_number"]}


def test_an_email_wording_needs_a_subject_and_a_text(region, owner):
    errors = refused(
        save_rule, region=region, event=Event.WORK_ORDER_OPENED, by=owner, wording={"body_en": "Hello."}
    )
    assert errors == {"subject_en": ["An e-mail needs a subject."]}


def test_a_tag_that_is_not_allowed_is_refused(region, owner):
    errors = refused(
        save_rule,
        region=region,
        event=Event.WORK_ORDER_OPENED,
        by=owner,
        wording={"subject_en": "Hi", "body_en": "{% load static %}{% static 'x' %}"},
    )
    assert "body_en" in errors


def test_a_status_change_rule_needs_a_status(region, owner):
    errors = refused(save_rule, region=region, event=Event.STATUS_CHANGED, by=owner, statuses=[])
    assert errors == {"statuses": ["Choose at least one status, or switch the event off."]}


def test_a_status_change_rule_can_be_switched_off_without_statuses(region, owner):
    assert not save_rule(region, Event.STATUS_CHANGED, owner, active=False).active


@pytest.mark.parametrize("key", ["internal", "inactive", Phase.CLOSED])
def test_only_statuses_in_use_and_shown_to_customers_can_be_chosen(region, owner, statuses, key):
    errors = refused(save_rule, region=region, event=Event.STATUS_CHANGED, by=owner, statuses=[statuses[key]])
    assert errors == {"statuses": ["Choose statuses that are in use and shown to customers."]}


def test_a_refused_change_leaves_the_saved_rule_as_it_was(region, owner):
    save_rule(
        region, Event.FOLLOW_UP, owner, follow_up_days=14, wording={"subject_en": "Hi", "body_en": "Hello."}
    )
    refused(
        save_rule,
        region=region,
        event=Event.FOLLOW_UP,
        by=owner,
        follow_up_days=30,
        wording={"subject_en": "Hi", "body_en": "{{ nope }}"},
    )
    rule = NotificationRule.objects.get()
    assert (rule.follow_up_days, rule.body_en) == (14, "Hello.")
