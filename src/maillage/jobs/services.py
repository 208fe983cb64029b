"""Starting jobs, and the clock that enqueues the periodic tasks."""

from __future__ import annotations

import datetime
import logging
import threading
from typing import Any

from django.core.files import File
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from maillage.accounts.models import User
from maillage.core.periodic import SCHEDULE

from .models import Job, PeriodicRun
from .registry import KINDS
from .tasks import run_job

logger = logging.getLogger(__name__)


def start_job(
    *,
    owner: User,
    kind: str,
    title: str,
    params: dict[str, Any] | None = None,
    scope: str = "",
    back_url: str = "",
    input_file: File | None = None,
) -> Job:
    """Record a job and hand it to the workers; its page follows it from there.

    With the database backend the job's task is stored in the caller's transaction, so a
    rolled-back request starts nothing. With the immediate backend (tests) it runs now.
    ``input_file`` (an uploaded workbook) is kept for the job, which reads it as
    ``job.input``, and removed once the job has finished.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown job kind {kind!r}")
    job = Job.objects.create(
        owner=owner,
        kind=kind,
        title=title[:200],
        scope=scope[:200],
        params=params or {},
        back_url=back_url[:500],
    )
    if input_file is not None:
        job.input.save(input_file.name or "fichier", input_file, save=True)
    run_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


def enqueue_due_periodic_tasks(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue each periodic task whose period has passed; returns their names.

    Every worker calls this; the compare-and-set on ``PeriodicRun.last_run_at`` lets
    exactly one of them enqueue a given run.
    """
    now = now or timezone.now()
    enqueued = []
    for name, entry in SCHEDULE.items():
        run, created = PeriodicRun.objects.get_or_create(
            name=name, defaults={"last_run_at": now - entry.every}
        )
        if run.last_run_at > now - entry.every:
            continue
        with transaction.atomic():
            won = PeriodicRun.objects.filter(pk=run.pk, last_run_at=run.last_run_at).update(
                last_run_at=now
            )
            if won:
                entry.task.enqueue()
                enqueued.append(name)
    return enqueued


class Scheduler(threading.Thread):
    """A worker's clock: every ``interval`` seconds, enqueue the periodic tasks due."""

    def __init__(self, interval: float = 30.0) -> None:
        super().__init__(name="periodic-tasks", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.is_set():
                close_old_connections()
                try:
                    enqueue_due_periodic_tasks()
                except Exception:
                    logger.exception("Periodic tasks not enqueued")
                self.stopped.wait(self.interval)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join()
