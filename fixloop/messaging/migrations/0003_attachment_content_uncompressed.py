"""On PostgreSQL, attachment contents are stored out of line without compression: they are PDFs and
images, compressed already, and compressing them again cost the database about three times as long
as the write itself (measured with bench/status_reports.py)."""

from django.db import migrations


def store_uncompressed(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE messaging_messageattachment ALTER COLUMN content SET STORAGE EXTERNAL"
        )


def store_default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE messaging_messageattachment ALTER COLUMN content SET STORAGE EXTENDED"
        )


class Migration(migrations.Migration):
    dependencies = [("messaging", "0002_client_notifications")]

    operations = [migrations.RunPython(store_uncompressed, store_default, elidable=False)]
