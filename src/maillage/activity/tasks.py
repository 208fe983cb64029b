"""The activity report's long work, run by a worker: its PDF, and the daily reminders."""

from __future__ import annotations

import datetime

from django.http import Http404
from django_tasks import task

from maillage.conventions.jobs import LOST_ACCESS, job_ctg
from maillage.core.periodic import periodic
from maillage.jobs.models import Job
from maillage.jobs.registry import FileOutput, JobError, Progress, document_file, job_kind

from . import documents
from .notifications import send_report_reminders
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


@periodic(every=datetime.timedelta(days=1))
@task()
def report_reminders() -> int:
    """Every day: remind the CDCs of the report's due date (14 and 3 days before, then once
    late; ``manage.py send_report_reminders`` does the same by hand)."""
    return send_report_reminders()
