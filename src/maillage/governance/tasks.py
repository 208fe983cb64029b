"""Governance's scheduled work: the reminders of the meetings that start soon."""

from __future__ import annotations

import datetime

from django_tasks import task

from maillage.core.periodic import periodic

from .services import send_due_reminders


@periodic(every=datetime.timedelta(hours=1))
@task()
def meeting_reminders() -> int:
    """Every hour: remind the invitees of the convened meetings of the next two days (each
    meeting once; ``manage.py send_meeting_reminders`` does the same by hand)."""
    return send_due_reminders(days=2)
