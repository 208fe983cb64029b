"""Jobs about a CTG: started from one of its pages, run with its owner's rights checked again.

A page starts the job and sends its user to the job's progress page::

    return start_ctg_job(request, kind="plans.import", title="Import du plan d'actions",
                         back=request.path, input_file=upload)

The job's function finds the CTG again with :func:`job_ctg`, which refuses if the user
has lost access (or the right the job needs) between the click and the run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files import File
from django.http import HttpResponseRedirect
from django.shortcuts import redirect

from maillage.accounts.models import User
from maillage.jobs.models import Job
from maillage.jobs.registry import JobError
from maillage.jobs.services import start_job

from .context import CtgRequest
from .models import Convention

LOST_ACCESS = "Vous n'avez plus accès à cette CTG ou à cette action : rien n'a été fait."


def start_ctg_job(
    request: CtgRequest,
    *,
    kind: str,
    title: str,
    back: str,
    params: dict[str, Any] | None = None,
    input_file: File | None = None,
) -> HttpResponseRedirect:
    """Start a job about the request's CTG; the user is sent to its progress page.

    ``back`` is the address of the page the progress page links back to.
    """
    convention = request.ctg
    job = start_job(
        owner=request.user,
        kind=kind,
        title=title,
        scope=convention.name,
        params={"convention": str(convention.uuid), **(params or {})},
        back_url=back,
        input_file=input_file,
    )
    return redirect("jobs:detail", job_uuid=job.uuid)


def job_ctg(job: Job, allowed: Callable[[User, Convention], Any] | None = None) -> Convention:
    """The job's CTG as its owner sees it now (with the listing's figures), or a JobError
    if the owner lost access to it or the right ``allowed`` checks."""
    convention = (
        Convention.objects.visible_to(job.owner)
        .for_listing()
        .filter(uuid=job.params.get("convention"))
        .first()
    )
    if convention is None or (allowed is not None and not allowed(job.owner, convention)):
        raise JobError(LOST_ACCESS)
    return convention
