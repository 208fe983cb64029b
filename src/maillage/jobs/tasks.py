"""The jobs' tasks: running a job, and the periodic recovery and clean-up."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from maillage.core.periodic import periodic

from .execution import execute_job as _execute
from .execution import keep_until, setting
from .models import Job, JobStatus

KEEP_TASK_RESULTS = datetime.timedelta(days=7)
INTERRUPTED = (
    "Le traitement a été interrompu à plusieurs reprises (arrêt du serveur). Rien n'a été "
    "modifié. Relancez-le."
)


@task()
def run_job(job_id: int) -> None:
    """Run one job (see :func:`maillage.jobs.services.start_job`)."""
    _execute(job_id)


def recover_stalled_jobs(now: datetime.datetime | None = None) -> int:
    """Start again the jobs whose worker stopped beating (a crash, a restart).

    After ``JOBS_MAX_ATTEMPTS`` runs the job fails with a French message. Returns how many
    jobs were started again.
    """
    now = now or timezone.now()
    stale = now - setting("JOBS_STALE_AFTER", datetime.timedelta(minutes=2))
    limit = setting("JOBS_MAX_ATTEMPTS", 3)
    stalled = Job.objects.filter(status=JobStatus.RUNNING).filter(
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True)
    )
    restarted = 0
    for job in stalled:
        if job.attempts >= limit:
            Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
                status=JobStatus.FAILED,
                message=INTERRUPTED,
                finished_at=now,
                expires_at=keep_until(now),
            )
            continue
        requeued = Job.objects.filter(
            pk=job.pk, status=JobStatus.RUNNING, heartbeat_at=job.heartbeat_at
        ).update(status=JobStatus.QUEUED, step="Reprise après une interruption")
        if requeued:
            restarted += 1
            run_job.enqueue(job.pk)
    return restarted


def remove_expired_jobs(now: datetime.datetime | None = None) -> int:
    """Delete finished jobs past their keeping time, with their files. Returns how many."""
    now = now or timezone.now()
    for job in Job.objects.filter(expires_at__lt=now).exclude(file="", input=""):
        job.file.delete(save=False)
        job.input.delete(save=False)
    count, _ = Job.objects.filter(expires_at__lt=now).delete()
    # The task backend's own records of finished tasks: kept as long as the jobs' files.
    DBTaskResult.objects.filter(finished_at__lt=now - KEEP_TASK_RESULTS).delete()
    return count


@periodic(every=datetime.timedelta(minutes=1))
@task()
def recover_stalled() -> int:
    """Every minute: start again the jobs of a worker that died."""
    return recover_stalled_jobs()


@periodic(every=datetime.timedelta(hours=1))
@task()
def remove_expired() -> int:
    """Every hour: delete the finished jobs past their keeping time, with their files."""
    return remove_expired_jobs()
