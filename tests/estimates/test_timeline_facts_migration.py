"""Estimate entries written before the timeline stored facts only: the data migration gives them the
facts their sentence held (the amount sent, the state after a decision) and drops the sentence."""

import importlib

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from fixloop.backoffice.timeline import describe
from fixloop.repairs.models import TimelineEntry
from fixloop.repairs.timeline import record
from tests.estimates.fixtures import decide_all

migration = importlib.import_module("fixloop.estimates.migrations.0002_timeline_facts_not_sentences")


def old_entry(of, by, text: str, **data) -> TimelineEntry:
    """An entry as it was written before: a sentence, and fewer facts."""
    return record(of.work_order, TimelineEntry.Kind.ESTIMATE, by, public=True, text=text, data=data)


def test_old_estimate_entries_get_their_facts_and_lose_their_sentence(
    sent_estimate, staff_actor, customer_actor
):
    version = sent_estimate.current_version
    sent = old_entry(
        sent_estimate, staff_actor, "Estimate version 1 sent: 550.35 EUR.",
        event="submitted", estimate=sent_estimate.pk, version=1, hash=version.content_hash,
    )  # fmt: skip
    decide_all(sent_estimate, customer_actor, "approved")
    new = TimelineEntry.objects.filter(data__event="decided").get()
    decided = old_entry(
        sent_estimate, customer_actor, "Estimate version 1 approved: 2 approved, 0 declined, 0 disputed.",
        **{key: value for key, value in new.data.items() if key != "state"},
    )  # fmt: skip
    acknowledged = old_entry(
        sent_estimate, staff_actor, "Die Werkstatt hat den Eingang der Beanstandung bestätigt.",
        event="dispute_acknowledged", estimate=sent_estimate.pk,
    )  # fmt: skip
    comment = record(
        sent_estimate.work_order, TimelineEntry.Kind.COMMENT, staff_actor, public=True, text="Hi"
    )

    state = MigrationExecutor(connection).loader.project_state(
        ("estimates", "0002_timeline_facts_not_sentences")
    )
    migration.facts_not_sentences(state.apps, None)

    sent, decided, acknowledged, comment = (
        TimelineEntry.objects.get(pk=entry.pk) for entry in (sent, decided, acknowledged, comment)
    )
    assert (sent.text, sent.data["total"], sent.data["currency"]) == ("", "550.35", "EUR")
    assert (decided.text, decided.data["state"]) == ("", "approved")
    assert acknowledged.text == "" and comment.text == "Hi"  # what a person wrote stays
    with translation.override("en"):
        assert describe(sent) == "Estimate version 1 sent: 550.35 EUR."
        assert describe(decided).startswith(
            "Estimate version 1 approved: 2 approved, 0 declined, 0 disputed."
        )
        assert describe(acknowledged).startswith("The shop acknowledged the dispute")
