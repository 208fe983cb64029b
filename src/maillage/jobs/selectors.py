"""Reading jobs: only their owner sees them."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from maillage.accounts.models import User

from .models import Job


def jobs_of(user: User) -> QuerySet[Job]:
    """The user's jobs, newest first."""
    return Job.objects.of(user).order_by("-created_at", "-pk")


def get_job_for_user(user: User, job_uuid: uuid.UUID) -> Job:
    """The user's job, or 404 for a missing job and for someone else's alike."""
    job = Job.objects.of(user).filter(uuid=job_uuid).first()
    if job is None:
        raise Http404("Traitement introuvable.")
    return job
