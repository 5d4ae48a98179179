from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_api_tokens_and_idempotency"),
        ("api", "0001_webhooks"),
    ]

    operations = []
