"""Background tasks of the messaging engine, run by `fixloop worker`."""

from django_tasks import task


@task()
def deliver_messages() -> dict:
    """Send every message that is due (a wake-up: one task drains many messages)."""
    from fixloop.messaging.delivery import deliver_due

    return deliver_due()
