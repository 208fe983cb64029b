"""The plan's long work, run by a worker: the whole plan as a document, the Excel import."""

from __future__ import annotations

from django.urls import reverse

from maillage.conventions.jobs import job_ctg
from maillage.jobs.models import Job
from maillage.jobs.registry import FileOutput, Progress, ResultOutput, document_file, job_kind

from . import documents
from .permissions import can_edit_plan
from .selectors import plan_of, visible_action_count
from .spreadsheet import import_plan, iter_errors


@job_kind("plans.document")
def plan_document_job(job: Job, progress: Progress) -> FileOutput:
    """The whole plan as its owner sees it, in the format asked for."""
    convention = job_ctg(job)
    progress(0, 2, "Lecture du plan")
    document = documents.plan_document(job.owner, convention)
    progress(1, 2, "Mise en page du document")
    count = visible_action_count(job.owner, convention)
    return document_file(
        document, job.params["fmt"], summary=f"{count} fiche{'s' if count > 1 else ''}."
    )


@job_kind("plans.import", result_template="plans/_import_job_result.html")
def plan_import_job(job: Job, progress: Progress) -> ResultOutput:
    """The Excel workbook into the plan, all rows or nothing (see ``spreadsheet``)."""
    convention = job_ctg(job, can_edit_plan)
    progress(0, None, "Lecture du classeur")
    with job.input.open("rb") as handle:
        report = import_plan(
            plan_of(convention),
            job.owner,
            handle,
            progress=lambda done, total: progress(done, total, "Écriture des fiches"),
        )
    if report.ok:
        return ResultOutput(
            f"Import terminé : {report.summary()}.",
            url=reverse("plans:tree", kwargs={"convention_uuid": convention.uuid}),
        )
    errors = [
        {"sheet": e.sheet, "row": e.row, "message": e.message}
        for e in iter_errors(report)  # already capped, with the « et N autres » line
    ]
    return ResultOutput(
        "Le classeur contient des erreurs : corrigez-les, puis importez-le de nouveau.",
        data={"errors": errors, "error_count": report.error_count},
        ok=False,
    )
