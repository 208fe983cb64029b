"""The outbox's background tasks: send what is due (after each commit that queues a
message, and every minute for the retries), and forget old messages."""

from __future__ import annotations

import datetime

from django_tasks import task

from maillage.core.periodic import periodic

from . import sending


@periodic(every=datetime.timedelta(minutes=1))
@task()
def send_pending() -> int:
    """Send the due messages of the outbox; returns how many left."""
    return sending.send_due()


@periodic(every=datetime.timedelta(days=1))
@task()
def purge_outbox() -> int:
    """Delete the messages kept long enough."""
    return sending.purge()
