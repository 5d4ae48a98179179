import pytest
from django.core.exceptions import ValidationError

from fixloop.repairs import services, signals
from fixloop.repairs.models import TimelineEntry, WorkOrder
from tests.factories import BROWSER, CUSTOMER_IP, STAFF_IP


def test_a_staff_comment_is_recorded_with_the_staff_member(work_order, staff_actor, advisor):
    entry = services.add_comment(work_order, "Ordered a new panel.", public=False, by=staff_actor)

    entry.refresh_from_db()
    assert entry.kind == TimelineEntry.Kind.COMMENT
    assert entry.work_order == work_order
    assert entry.text == "Ordered a new panel."
    assert (entry.actor, entry.user, entry.actor_name) == ("staff", advisor, "Anton Advisor")
    assert (entry.ip, entry.user_agent) == (STAFF_IP, BROWSER)
    assert entry.data == {}


def test_an_internal_comment_is_not_public(work_order, staff_actor):
    entry = services.add_comment(work_order, "Customer was rude.", public=False, by=staff_actor)

    assert TimelineEntry.objects.get(pk=entry.pk).public is False


def test_a_comment_for_the_customer_is_public(work_order, staff_actor):
    entry = services.add_comment(work_order, "Your part has arrived.", public=True, by=staff_actor)

    assert TimelineEntry.objects.get(pk=entry.pk).public is True


def test_a_customer_comment_records_the_customers_name_address_and_browser(work_order, customer_actor):
    entry = services.add_comment(work_order, "Please call me first.", public=True, by=customer_actor)

    entry.refresh_from_db()
    assert entry.actor == "customer"
    assert entry.user is None
    assert entry.actor_name == "Anna Becker"
    assert entry.ip == CUSTOMER_IP
    assert entry.user_agent == BROWSER


def test_a_comment_is_stripped_of_surrounding_white_space(work_order, staff_actor):
    entry = services.add_comment(work_order, "\n  Checked the fan.  \n", public=False, by=staff_actor)

    assert TimelineEntry.objects.get(pk=entry.pk).text == "Checked the fan."


def test_a_comment_sends_comment_added(work_order, staff_actor, capture_signal):
    received = capture_signal(signals.comment_added)

    entry = services.add_comment(work_order, "Ordered a new panel.", public=False, by=staff_actor)

    assert [(call["sender"], call["work_order"], call["entry"]) for call in received] == [
        (WorkOrder, work_order, entry)
    ]


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_an_empty_comment_is_refused(work_order, staff_actor, snapshot, text):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.add_comment(work_order, text, public=True, by=staff_actor)

    assert set(refused.value.message_dict) == {"text"}
    assert snapshot() == before


def test_a_comment_over_the_length_limit_is_refused(work_order, staff_actor, snapshot):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.add_comment(work_order, "x" * (services.COMMENT_MAX_LENGTH + 1), public=True, by=staff_actor)

    assert set(refused.value.message_dict) == {"text"}
    assert snapshot() == before


def test_a_comment_of_exactly_the_length_limit_is_kept(work_order, staff_actor):
    entry = services.add_comment(work_order, "x" * services.COMMENT_MAX_LENGTH, public=True, by=staff_actor)

    assert len(TimelineEntry.objects.get(pk=entry.pk).text) == services.COMMENT_MAX_LENGTH
