"""Estimate entries of the timeline stored a sentence in the language of whoever acted; now they store
facts and the back office words them in the reader's language (backoffice/timeline.py). Existing
entries get the facts that were only in their sentence (the amount sent, the estimate's state after
a decision) and lose the sentence."""

from django.db import migrations

WORDED_AT_DISPLAY = ["submitted", "extended", "decided", "dispute_acknowledged", "links_revoked"]


def outcome(decisions: list[str]) -> str:
    # as estimates/services/decisions.py decides it
    if "disputed" in decisions:
        return "disputed"
    if all(decision == "approved" for decision in decisions):
        return "approved"
    if all(decision == "declined" for decision in decisions):
        return "declined"
    return "partly_approved"


def facts_not_sentences(apps, schema_editor):
    TimelineEntry = apps.get_model("repairs", "TimelineEntry")
    EstimateVersion = apps.get_model("estimates", "EstimateVersion")
    JobDecision = apps.get_model("estimates", "JobDecision")
    entries = TimelineEntry.objects.filter(kind="estimate", data__event__in=WORDED_AT_DISPLAY)
    for entry in entries.iterator():
        data = dict(entry.data)
        if data["event"] in ("submitted", "decided"):
            version = EstimateVersion.objects.filter(
                estimate_id=data["estimate"], number=data["version"]
            ).first()
            if version is None:
                continue  # keep the sentence: the facts are gone
            content = version.content
            if data["event"] == "submitted":
                total = content["total"]["gross" if content["prices_include_vat"] else "net"]
                data.update(total=total, currency=content["currency"])
            else:
                decided = JobDecision.objects.filter(version=version, decided_at__lte=data["decided_at"])
                data["state"] = outcome(list(decided.values_list("decision", flat=True)))
        # Timeline entries are append-only for the product; this is the one rewrite of old rows.
        TimelineEntry.objects.filter(pk=entry.pk).update(data=data, text="")


class Migration(migrations.Migration):
    dependencies = [
        ("estimates", "0001_initial"),
        ("repairs", "0006_status_customer_names"),
    ]

    operations = [migrations.RunPython(facts_not_sentences, migrations.RunPython.noop)]
