"""The pages of the jobs: the user's list, one job's progress, its file."""

from __future__ import annotations

import uuid

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from maillage.accounts.http import AuthenticatedRequest
from maillage.core.downloads import private

from .models import JobStatus
from .registry import KINDS
from .selectors import get_job_for_user, jobs_of

POLL_SECONDS = 1


@require_GET
def job_list(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(jobs_of(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "jobs/list.html", {"page": page})


@require_GET
def job_detail(request: AuthenticatedRequest, job_uuid: uuid.UUID) -> HttpResponse:
    """The job's progress; htmx asks again for the fragment until the job is finished."""
    job = get_job_for_user(request.user, job_uuid)
    kind = KINDS.get(job.kind)
    context = {
        "job": job,
        "result_template": kind.result_template if kind else None,
        "poll_seconds": POLL_SECONDS,
    }
    if request.htmx:
        return render(request, "jobs/_progress.html", context)
    return render(request, "jobs/detail.html", context)


@require_GET
def job_file(request: AuthenticatedRequest, job_uuid: uuid.UUID) -> FileResponse:
    job = get_job_for_user(request.user, job_uuid)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404("Ce fichier n'est pas disponible.")
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Ce fichier n'est plus disponible.") from exc
    return private(
        FileResponse(
            handle, as_attachment=True, filename=job.filename, content_type=job.content_type
        )
    )
