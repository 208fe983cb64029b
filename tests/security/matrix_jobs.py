"""Access-matrix rows of the jobs: a job is seen by the user who started it, nobody else.

In CTG A the job belongs to its CDC (the matrix's ``cdc``); in CTG B and C to that CTG's
CDC, outside the matrix's users. Anyone but the owner gets 404, as for a missing job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from maillage.conventions.models import ConventionMembership
from maillage.jobs.models import Job, JobStatus

from ..conftest import World
from .matrix_base import Global, Rule, s
from .matrix_base import ctg as _ctg


@dataclass(frozen=True)
class OwnerOnly(Rule):
    """Only the job's owner (the CDC of CTG A) sees it; 404 for everyone else."""

    def expected(self, role: str, target: str) -> int:
        if role == "anonymous":
            return 302
        return 200 if (role, target) == ("cdc", "own") else 404


OWNER = OwnerOnly(own=s("cdc"), other_ctg=s())


def _job(world: World, target: str) -> Job:
    """A finished document job of the target CTG's CDC, its file ready."""
    cache = world.__dict__.setdefault("_jobs", {})
    if target not in cache:
        convention = _ctg(world, target)
        cdc = ConventionMembership.objects.filter(convention=convention, role="cdc").first().user
        job = Job.objects.create(
            owner=cdc,
            kind="plans.document",
            title="Plan d'actions en PDF",
            scope=convention.name,
            status=JobStatus.DONE,
            filename="plan.pdf",
            content_type="application/pdf",
            finished_at=timezone.now(),
            expires_at=timezone.now() + timezone.timedelta(hours=24),
        )
        job.file.save("plan.pdf", ContentFile(b"%PDF-1.4\n%fin\n"))
        cache[target] = job
    return cache[target]


def _j(world: World, target: str) -> dict[str, Any]:
    return {"job_uuid": _job(world, target).uuid}


MATRIX: dict[str, dict[str, Any]] = {
    "jobs:list": {"GET": Global({"*": 200})},
    "jobs:detail": {"GET": OWNER},
    "jobs:file": {"GET": OWNER},
}
KWARGS: dict[str, Callable[[World, str], dict[str, Any]]] = {
    "jobs:list": lambda w, t: {},
    "jobs:detail": _j,
    "jobs:file": _j,
}
POST_DATA: dict[str, Callable[[World, str], dict[str, Any]]] = {}
REDIRECTS: dict[str, Any] = {}
TARGET_OBJECTS = [_job]
