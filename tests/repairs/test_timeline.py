"""The timeline is append-only: what happened stays as it was recorded."""

import pytest

from fixloop.repairs.models import TimelineEntry


@pytest.fixture
def entry(work_order):
    return work_order.timeline.get()


def test_saving_an_existing_entry_again_is_refused(entry):
    entry.text = "rewritten history"

    with pytest.raises(TypeError, match="append-only"):
        entry.save()

    assert TimelineEntry.objects.get(pk=entry.pk).text == ""


def test_deleting_an_entry_is_refused(entry):
    with pytest.raises(TypeError, match="append-only"):
        entry.delete()

    assert TimelineEntry.objects.filter(pk=entry.pk).exists()


def test_updating_entries_in_bulk_is_refused(entry):
    with pytest.raises(TypeError, match="append-only"):
        TimelineEntry.objects.filter(pk=entry.pk).update(public=False)

    assert TimelineEntry.objects.get(pk=entry.pk).public is True


def test_deleting_entries_in_bulk_is_refused(entry):
    with pytest.raises(TypeError, match="append-only"):
        TimelineEntry.objects.filter(pk=entry.pk).delete()

    assert TimelineEntry.objects.filter(pk=entry.pk).exists()


def test_deleting_all_entries_through_the_manager_is_refused(entry):
    with pytest.raises(TypeError, match="append-only"):
        TimelineEntry.objects.all().delete()

    assert TimelineEntry.objects.count() == 1


def test_a_new_entry_can_be_added(work_order, entry):
    TimelineEntry.objects.create(work_order=work_order, kind=TimelineEntry.Kind.SYSTEM, actor="system")

    assert work_order.timeline.count() == 2


def test_public_lists_only_customer_visible_entries(work_order, entry):
    hidden = TimelineEntry.objects.create(
        work_order=work_order, kind=TimelineEntry.Kind.COMMENT, actor="system", public=False
    )

    assert list(work_order.timeline.public()) == [entry]
    assert hidden not in work_order.timeline.public()
