"""Excel export and import of the plan d'actions."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET, require_http_methods

from maillage.conventions.context import CtgRequest, ctg_render
from maillage.conventions.jobs import start_ctg_job
from maillage.core.downloads import attachment, download_name
from maillage.core.once import creates_once, once
from maillage.core.uploads import max_body

from .selectors import plan_of
from .spreadsheet import export_plan
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


@max_body(MAX_UPLOAD)
@require_http_methods(["GET", "POST"])
@plan_view("can_edit_plan")
@creates_once
def plan_import(request: CtgRequest) -> HttpResponseBase:
    """The workbook is checked and written by a worker; the user follows it on its page."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with once(request):  # sent twice, the workbook is imported once
            return start_ctg_job(
                request,
                kind="plans.import",
                title="Import du plan d'actions",
                back=request.path,
                input_file=form.cleaned_data["fichier"],
            )
    return ctg_render(request, "plans/import.html", form=form)
