"""The directory's long work, run by a worker: the import of a file of contacts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.conventions.jobs import job_ctg
from maillage.jobs.models import Job
from maillage.jobs.registry import Progress, ResultOutput, job_kind

from . import imports
from .permissions import can_edit_directory


@job_kind("network.contact_import", result_template="network/_import_job_result.html")
def contact_import_job(job: Job, progress: Progress) -> ResultOutput:
    """The rows checked again (the directory may have changed since), then written."""
    convention = job_ctg(job, can_edit_directory)
    table = imports.Table.load(job.params["table"])
    mapping: dict[str, int | None] = job.params["mapping"]
    progress(0, 2, "Vérification des lignes")
    checked = imports.check(table, mapping, convention)
    refused = "Le fichier contient des erreurs : corrigez-les, puis importez-le de nouveau."
    if checked.ok:
        decisions = {int(line): choice for line, choice in job.params["decisions"].items()}
        progress(1, 2, "Enregistrement des contacts")
        try:
            result = imports.apply(checked, decisions, convention, job.owner)
        except ValidationError as exc:
            checked.error(None, "import refusé : " + " ".join(exc.messages))
        else:
            return ResultOutput(
                f"Import terminé : {result.summary()}.",
                url=reverse("network:directory", args=[convention.uuid]),
            )
    errors = [{"row": e.row, "message": e.message} for e in checked.errors]
    if checked.more_errors:
        errors.append({"row": None, "message": checked.more_errors})
    return ResultOutput(
        refused, data={"errors": errors, "error_count": checked.error_count}, ok=False
    )
