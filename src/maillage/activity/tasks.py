"""The activity report's long work, run by a worker: its PDF."""

from __future__ import annotations

from django.http import Http404

from maillage.conventions.jobs import LOST_ACCESS, job_ctg
from maillage.jobs.models import Job
from maillage.jobs.registry import FileOutput, JobError, Progress, document_file, job_kind

from . import documents
from .selectors import get_report_for_user


@job_kind("activity.report_document")
def report_document_job(job: Job, progress: Progress) -> FileOutput:
    """The report, if its owner may still read it, in the format asked for."""
    convention = job_ctg(job)
    try:
        report = get_report_for_user(job.owner, convention, job.params["report"])
    except Http404 as exc:
        raise JobError(LOST_ACCESS) from exc
    progress(0, 2, "Rassemblement des faits de l'année")
    document = documents.report_document(report)
    progress(1, 2, "Mise en page du document")
    return document_file(document, job.params["fmt"])
