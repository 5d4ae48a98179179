from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # The "shared" cache (settings.CACHES) lives in the database, so every web server process
    # counts look-up tries together; `migrate` creates its table like any other.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
