"""The kinds of job an app can start, declared in the app's ``tasks`` module.

A kind is a function that does the work and returns what the owner gets at the end::

    @job_kind("plans.import")
    def import_plan_job(job: Job, progress: Progress) -> Output:
        ...
        progress(done, total, "Écriture des fiches")
        return ResultOutput(summary="12 fiches créées", url=...)

It reads its parameters from ``job.params`` (JSON), checks again that ``job.owner`` may
do it (rights can change between the click and the run), raises :class:`JobError` with a
French message for a failure the owner should read, and keeps its writes in one
``transaction.atomic()`` block so that a failure leaves the data as it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from .models import Job


class JobError(Exception):
    """A failure whose message, in French, is shown to the job's owner."""


@dataclass(frozen=True)
class FileOutput:
    """A file to download: a document, an export."""

    content: bytes
    filename: str
    content_type: str
    summary: str = ""


@dataclass(frozen=True)
class ResultOutput:
    """An outcome to read: a summary, details for the kind's template, a page to open."""

    summary: str
    data: dict[str, Any] = field(default_factory=dict)
    url: str = ""
    ok: bool = True  # False: the work was refused (the data says why), nothing changed


Output = FileOutput | ResultOutput


class Progress:
    """Tells the job's page how far the work is; cheap to call often (writes are spaced)."""

    INTERVAL = 0.5  # seconds between two writes of the same step

    def __init__(self, job: Job) -> None:
        self.job = job
        self._written_at = 0.0
        self._step = job.step

    def __call__(self, done: int, total: int | None = None, step: str | None = None) -> None:
        now = time.monotonic()
        changed_step = step is not None and step != self._step
        finished = total is not None and done >= total
        if not (changed_step or finished or now - self._written_at >= self.INTERVAL):
            return
        self._written_at = now
        values: dict[str, Any] = {"done": done, "heartbeat_at": timezone.now()}
        if total is not None:
            values["total"] = total
        if step is not None:
            values["step"] = step[:200]
            self._step = step
        Job.objects.filter(pk=self.job.pk).update(**values)


@dataclass(frozen=True)
class JobKind:
    name: str
    run: Callable[[Job, Progress], Output]
    result_template: str | None  # shows ResultOutput.data on the job's page


KINDS: dict[str, JobKind] = {}


def job_kind(
    name: str, *, result_template: str | None = None
) -> Callable[[Callable[[Job, Progress], Output]], Callable[[Job, Progress], Output]]:
    """Declare the function that runs the jobs of kind ``name``."""

    def register(run: Callable[[Job, Progress], Output]) -> Callable[[Job, Progress], Output]:
        KINDS[name] = JobKind(name=name, run=run, result_template=result_template)
        return run

    return register
