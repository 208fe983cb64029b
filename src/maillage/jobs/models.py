"""A job: long work run by a worker, followed by its owner on a progress page."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class JobStatus(models.TextChoices):
    QUEUED = "en_attente", "En attente"
    RUNNING = "en_cours", "En cours"
    DONE = "termine", "Terminé"
    FAILED = "echec", "Échec"


def _job_path(job: Job, filename: str) -> str:
    # A generated name: the file's own name is only given back in the download's header.
    return f"taches/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class JobQuerySet(models.QuerySet["Job"]):
    def of(self, user: object) -> JobQuerySet:
        """The jobs the user started: nobody else sees them."""
        return self.filter(owner=user)

    def unfinished(self) -> JobQuerySet:
        return self.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])


class Job(models.Model):
    """Long work (a document, an import, a mailing) run out of the request.

    Its owner follows it on a progress page, then downloads its file or reads its result.
    A job's writes are all or nothing: a job that fails leaves the data as it was.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField("nature", max_length=80)
    title = models.CharField("intitulé", max_length=200)
    scope = models.CharField("concerne", max_length=200, blank=True)  # the CTG or the Caf
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs"
    )
    params = models.JSONField(default=dict)
    status = models.CharField(
        "état", max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    step = models.CharField("étape", max_length=200, blank=True)
    message = models.TextField("message", blank=True)
    result = models.JSONField(default=dict, blank=True)
    back_url = models.CharField(max_length=500, blank=True)  # the page it was started from
    result_url = models.CharField(max_length=500, blank=True)  # where its outcome is seen
    # A file the job reads (an uploaded workbook), removed once the job has finished.
    input = models.FileField(upload_to=_job_path, max_length=200, blank=True)
    file = models.FileField(upload_to=_job_path, max_length=200, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = "traitement"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="job_owner_recent"),
            models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat"),
            models.Index(fields=["expires_at"], name="job_expiry"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int | None:
        """How far the job is, or None while its size is unknown."""
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)


class PeriodicRun(models.Model):
    """When a periodic task was last enqueued: claimed by one worker per period."""

    name = models.CharField(max_length=200, unique=True)
    last_run_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name
