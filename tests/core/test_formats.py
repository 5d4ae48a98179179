"""One date and one date-time format per language (fixloop/formats/, core/formats.py), the same on
staff pages, in messages and in PDFs; numbers in the language's shape."""

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from fixloop.core.formats import date_text, datetime_text, money_text
from fixloop.documents import pdf
from fixloop.messaging.context import work_order_context
from fixloop.repairs import services

# 20:59 in Berlin
EVENING = datetime(2026, 12, 6, 19, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "day", "moment"),
    [("en", "06 Dec 2026", "06 Dec 2026 20:59"), ("de", "06.12.2026", "06.12.2026 20:59")],
)
def test_one_date_and_one_date_time_shape_per_language(language, day, moment, settings):
    with translation.override(language):
        assert date_text(date(2026, 12, 6)) == day
        assert datetime_text(EVENING, ZoneInfo("Europe/Berlin")) == moment


def test_money_follows_the_language():
    with translation.override("de"):
        assert money_text(Decimal("1234.5")) == "1.234,50"
    with translation.override("en"):
        assert money_text(Decimal("1234.5")) == "1,234.50"


@pytest.fixture
def opened_in_the_evening(customer, unit, location, statuses, staff_actor, shop, time_machine):
    time_machine.move_to(EVENING, tick=False)
    return services.open_work_order(
        customer=customer, unit=unit, location=location, problem_description="Flickers.", by=staff_actor
    )


def test_a_german_staff_page_shows_the_german_date_time(client, advisor, opened_in_the_evening):
    client.force_login(advisor)
    client.cookies["django_language"] = "de"
    page = client.get(f"/staff/work-orders/{opened_in_the_evening.number}/?tab=timeline").content.decode()
    assert ">06.12.2026 20:59</time>" in page
    assert "Dezember" not in page


def test_a_message_writes_the_promised_date_in_the_customers_language(opened_in_the_evening):
    opened_in_the_evening.promised_date = date(2026, 12, 6)
    assert work_order_context(opened_in_the_evening, "en")["promised_date"] == "06 Dec 2026"
    assert work_order_context(opened_in_the_evening, "de")["promised_date"] == "06.12.2026"


@pytest.mark.parametrize(("language", "opened"), [("en", "06 Dec 2026 20:59"), ("de", "06.12.2026 20:59")])
def test_the_pdf_gets_the_same_date_time(opened_in_the_evening, language, opened):
    with translation.override(language):
        facts = dict(pdf.work_order_report_data(opened_in_the_evening, language)["facts"])
    assert opened in facts.values()


def test_the_template_filters_write_numbers_as_core_formats_does():
    template = Template("{% load fixloop_formats %}{{ amount|money }} · {{ hours|number }}")
    with translation.override("de"):
        assert template.render(Context({"amount": Decimal("1231.65"), "hours": "1.50"})) == "1.231,65 · 1,5"
    with translation.override("en"):
        assert template.render(Context({"amount": "1231.65", "hours": Decimal("2")})) == "1,231.65 · 2"
