"""Running one job: claim it, do its work beside a heartbeat, record its outcome."""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.db.models import F
from django.utils import timezone

from .models import Job, JobStatus
from .registry import KINDS, FileOutput, JobError, Output, Progress

logger = logging.getLogger(__name__)

UNEXPECTED = (
    "Le traitement a échoué à cause d'une erreur inattendue. Rien n'a été modifié. "
    "Réessayez ; si l'erreur se reproduit, signalez-la à votre Caf."
)


def setting(name: str, default: Any) -> Any:
    """A jobs setting (``JOBS_*``), or its default."""
    return getattr(settings, name, default)


def keep_until(now: datetime.datetime) -> datetime.datetime:
    """When a job finished now is removed, with its file."""
    return now + setting("JOBS_KEEP", datetime.timedelta(hours=24))


@contextmanager
def _heartbeat(job_id: int) -> Iterator[None]:
    """Beat while the job runs, from a thread of its own: a job whose worker died stops
    beating and is started again by :func:`recover_stalled_jobs`."""
    stop = threading.Event()
    interval = setting("JOBS_HEARTBEAT_SECONDS", 10)

    def beat() -> None:
        try:
            while not stop.wait(interval):
                try:
                    Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except Exception:  # a busy database: the next beat will do
                    logger.warning("Job %s: heartbeat not written", job_id, exc_info=True)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def execute_job(job_id: int) -> None:
    """Run a queued job once: claim it, do its work, record its outcome.

    Two workers given the same job cannot both run it: the claim is a conditional update.
    """
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        heartbeat_at=now,
    )
    if not claimed:
        return
    job = Job.objects.select_related("owner").get(pk=job_id)
    kind = KINDS.get(job.kind)
    with _heartbeat(job.pk):
        try:
            if kind is None:
                raise JobError("Ce traitement n'existe plus. Relancez-le depuis sa page.")
            output = kind.run(job, Progress(job))
        except JobError as exc:
            _fail(job, str(exc))
        except Exception:
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
            _fail(job, UNEXPECTED)
        else:
            _finish(job, output)
        finally:
            # What the job was given (a workbook, the rows of a file) served its run only.
            if job.input:
                job.input.delete(save=False)
            Job.objects.filter(pk=job.pk).update(input="", params={})


def _finish(job: Job, output: Output) -> None:
    now = timezone.now()
    job.refresh_from_db(fields=["done", "total", "step"])
    job.status = JobStatus.DONE
    job.finished_at = now
    job.expires_at = keep_until(now)
    job.done = job.total = max(job.total, job.done, 1)
    if isinstance(output, FileOutput):
        job.filename = output.filename[:200]
        job.content_type = output.content_type[:120]
        job.message = output.summary
        job.file.save(output.filename, ContentFile(output.content), save=False)
    else:
        job.message = output.summary
        job.result = {"ok": output.ok, **output.data}
        job.result_url = output.url[:500]
    job.save()


def _fail(job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED,
        message=message,
        finished_at=timezone.now(),
        expires_at=keep_until(timezone.now()),
    )
