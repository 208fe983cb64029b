"""Excel export and import of the plan d'actions."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from .excel import export_plan, import_plan, iter_errors
from .views import _plan, _render

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

    def clean_fichier(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["fichier"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Choisissez un classeur Excel au format .xlsx.")
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("Le fichier dépasse 5 Mo.")
        return upload


@require_GET
def plan_export(request: HttpRequest, convention_uuid: uuid.UUID) -> HttpResponse:
    convention, plan = _plan(request, convention_uuid)
    response = HttpResponse(export_plan(plan, request.user), content_type=XLSX)
    filename = f"plan-actions-{slugify(convention.name) or 'ctg'}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest, convention_uuid: uuid.UUID) -> HttpResponse:
    convention, plan = _plan(request, convention_uuid, edit=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        report = import_plan(plan, request.user, form.cleaned_data["fichier"])
        if report.ok:
            messages.success(request, f"Import terminé : {report.summary()}.")
            return redirect("plans:tree", convention_uuid=convention.uuid)
        errors = list(iter_errors(report))
    return _render(request, "plans/import.html", convention, form=form, errors=errors)
