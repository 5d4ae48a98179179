"""A contact change undone from the previous address's link stored its explanation as a sentence in
the language of that moment; now the entry says so with an event and the back office words it."""

from django.db import migrations

SENTENCES = (  # what such entries stored, in English and in German
    "Reported as not made by the customer, from the link sent to the previous contact details: "
    "the previous contact details are back.",
    "Über den Link an die bisherigen Kontaktdaten als nicht vom Kunden gemeldet: "
    "die bisherigen Kontaktdaten gelten wieder.",
)


def facts_not_sentences(apps, schema_editor):
    TimelineEntry = apps.get_model("repairs", "TimelineEntry")
    for entry in TimelineEntry.objects.filter(kind="contact", text__in=SENTENCES).iterator():
        # Timeline entries are append-only for the product; this is the one rewrite of old rows.
        TimelineEntry.objects.filter(pk=entry.pk).update(
            data={**entry.data, "event": "reported_not_theirs"}, text=""
        )


class Migration(migrations.Migration):
    dependencies = [("repairs", "0006_status_customer_names")]

    operations = [migrations.RunPython(facts_not_sentences, migrations.RunPython.noop)]
