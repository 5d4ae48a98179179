"""Background tasks of the messaging engine, run by `fixloop worker`."""

from django_tasks import task

# Workers take waiting tasks by priority, then in order. Sending goes first: it is quick, and a
# message waits for its wake-up task, which would otherwise queue behind long work such as the
# chunks of a status report run (a minute or more of them for 10,000 accounts).
DELIVERY_PRIORITY = 10


@task(priority=DELIVERY_PRIORITY)
def deliver_messages() -> dict:
    """Send every message that is due (a wake-up: one task drains many messages)."""
    from fixloop.messaging.delivery import deliver_due

    return deliver_due()
