"""Message templates: shipped defaults in both languages, checks on save, plain-dict rendering."""

import pytest
from django.core.exceptions import ValidationError

from fixloop.messaging import rendering
from fixloop.messaging.kinds import KINDS, for_people
from fixloop.messaging.models import MessageTemplate


@pytest.mark.parametrize("kind", sorted(for_people()))
@pytest.mark.parametrize("channel", ["email", "sms"])
@pytest.mark.parametrize("language", ["en", "de"])
def test_every_kind_ships_a_valid_default(kind, channel, language):
    subject, body = KINDS[kind].defaults[(channel, language)]
    rendering.check_template(kind, channel, subject, body)
    rendered = rendering.render(
        kind, channel, language, rendering.sample_context(kind), subject=subject, body=body
    )
    assert rendered.text
    assert "{{" not in rendered.text and "{%" not in rendered.text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Hello {{ nonsense }}", "Unknown placeholder: nonsense"),
        ("{% if nonsense %}x{% endif %}", "Unknown placeholder: nonsense"),
        ("{{ customer_name|safe }}", "This filter cannot be used: safe"),
        ("{{ unit|default:secret }}", "Unknown placeholder: secret"),
        ("{% for x in y %}{% endfor %}", "Only {{ placeholders }}"),
        ("{% include 'base.html' %}", "Only {{ placeholders }}"),
        ("{% load static %}", "syntax error"),
        ("Hello {{ customer_name", "is not closed"),
        ("{% if customer_name %}unclosed", "syntax error"),
        ("{{ customer_name.upper }}", "Unknown placeholder: customer_name.upper"),
    ],
)
def test_a_bad_template_is_refused_with_a_reason(body, message):
    with pytest.raises(ValidationError) as refused:
        rendering.check_template("workorder.message", "sms", "", body)
    assert message in " ".join(refused.value.message_dict["body"])


def test_an_email_template_needs_a_subject():
    with pytest.raises(ValidationError) as refused:
        rendering.check_template("workorder.message", "email", " ", "Hello {{ customer_name }}")
    assert "subject" in refused.value.message_dict


def test_the_shops_own_template_replaces_the_default(db):
    MessageTemplate.objects.create(
        kind="workorder.message",
        channel="email",
        language="en",
        subject="Hi {{ customer_name }}",
        body="{{ message }}",
    )
    rendered = rendering.render(
        "workorder.message", "email", "en", {"customer_name": "Anna", "message": "Ready."}
    )
    assert (rendered.subject, rendered.text) == ("Hi Anna", "Ready.")


def test_a_fax_uses_the_email_wording(db):
    subject, body = rendering.template_source("status_report", "fax", "de")
    assert (subject, body) == KINDS["status_report"].defaults[("email", "de")]


def test_placeholder_values_are_never_evaluated_as_template_code(db):
    rendered = rendering.render(
        "workorder.message",
        "sms",
        "en",
        {"shop_name": "Shop", "work_order_number": "1", "message": "{{ shop_name }}"},
    )
    assert rendered.text == "Shop (1): {{ shop_name }}"
