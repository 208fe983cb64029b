"""Excel export and import of the plan d'actions."""

from __future__ import annotations

from collections.abc import Generator, Iterator

from django import forms
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods

from maillage.conventions.context import CtgRequest, ctg_context, ctg_render
from maillage.core.downloads import attachment, download_name

from .selectors import plan_of
from .spreadsheet import ImportReport, Progress, export_plan, iter_errors, iter_import
from .views import plan_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD = 5 * 1024 * 1024


class ImportForm(forms.Form):
    fichier = forms.FileField(
        label="Classeur Excel (.xlsx)",
        help_text="Au plus 5 Mo, dans le modèle du fichier exporté.",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx," + XLSX},
        ),
    )

    def clean_fichier(self) -> UploadedFile:
        upload = self.cleaned_data["fichier"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Choisissez un classeur Excel au format .xlsx.")
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("Le fichier dépasse 5 Mo.")
        return upload


@require_GET
@plan_view()
def plan_export(request: CtgRequest) -> HttpResponse:
    return attachment(
        export_plan(plan_of(request.ctg), request.user),
        filename=download_name(request.ctg.name, "plan-d-actions", "xlsx"),
        content_type=XLSX,
    )


@require_http_methods(["GET", "POST"])
@plan_view("can_edit_plan")
def plan_import(request: CtgRequest) -> HttpResponseBase:
    plan = plan_of(request.ctg)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    error_count = 0
    if request.method == "POST" and form.is_valid():
        steps = iter_import(plan, request.user, form.cleaned_data["fichier"])
        first = next(steps)
        if isinstance(first, Progress) and first.total >= STREAM_FROM:
            return _stream_import(request, first, steps)
        report = first if isinstance(first, ImportReport) else _report(steps)
        if report.ok:
            messages.success(request, f"Import terminé : {report.summary()}.")
            return redirect("plans:tree", convention_uuid=request.ctg.uuid)
        errors = list(iter_errors(report))
        error_count = report.error_count
    return ctg_render(
        request, "plans/import.html", form=form, errors=errors, error_count=error_count
    )


# From this many fiches the import writes for several seconds: the page shows its progress.
STREAM_FROM = 40
# Marks where the progress and the result go in the streamed page.
PROGRESS_MARK = "<!-- import-progress -->"


def _report(steps: Generator[Progress | ImportReport, None, None]) -> ImportReport:
    for step in steps:
        if isinstance(step, ImportReport):
            return step
    raise AssertionError("iter_import always ends with its report")  # pragma: no cover


def _stream_import(
    request: CtgRequest, first: Progress, steps: Generator[Progress | ImportReport, None, None]
) -> StreamingHttpResponse:
    """Answer at once with the page, then the progress as the fiches are written, then
    the result: the browser shows each part as it arrives, without any script."""
    convention = request.ctg
    page = render_to_string("plans/import_progress.html", ctg_context(request), request=request)
    head, tail = page.split(PROGRESS_MARK)

    def chunks() -> Iterator[str]:
        yield head
        yield render_to_string("plans/_import_progress.html", {"progress": first})
        try:
            yield from _parts(steps)
        finally:
            steps.close()  # a browser gone before the end: roll the import back now
        yield tail

    def _parts(steps: Generator[Progress | ImportReport, None, None]) -> Iterator[str]:
        shown = 0
        for step in steps:
            if isinstance(step, Progress):
                if step.percent >= shown + 5 or step.done == step.total:
                    shown = step.percent
                    yield render_to_string("plans/_import_progress.html", {"progress": step})
                continue
            yield render_to_string(
                "plans/_import_result.html",
                {
                    "convention": convention,
                    "report": step,
                    "errors": list(iter_errors(step)),
                    "error_count": step.error_count,
                },
            )

    response = StreamingHttpResponse(chunks(), content_type="text/html; charset=utf-8")
    response["X-Accel-Buffering"] = "no"  # a reverse proxy must pass each part on at once
    return response
