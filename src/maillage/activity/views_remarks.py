"""The élu référent's remarks on a report before approving it: written, corrected or
withdrawn by their author beside the sections, marked treated by the CDC who writes it."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from maillage.conventions.context import CtgRequest, ctg_render
from maillage.core.params import parse_choice
from maillage.core.referentiel import SECTION_BY_KEY

from . import selectors, services
from .forms import RemarkEditForm, RemarkForm
from .models import ActivityReport, ReportRemark
from .permissions import can_change_remark, can_remark_report, can_treat_remark
from .views_reports import _detail_url, _report, reports_view


def _anchor(remark: ReportRemark) -> str:
    return f"remarque-{remark.uuid}"


def _form_page(
    request: CtgRequest,
    report: ActivityReport,
    form: RemarkForm | RemarkEditForm,
    *,
    title: str,
    action: str,
    remark: ReportRemark | None = None,
) -> HttpResponse:
    return ctg_render(
        request,
        "activity/remark_form.html",
        tab="activity",
        subnav="reports",
        report=report,
        form=form,
        title=title,
        action=action,
        remark=remark,
    )


@require_POST
@reports_view
def remark_add(request: CtgRequest, report_uuid: uuid.UUID) -> HttpResponse:
    report = _report(request, report_uuid)
    if not can_remark_report(request.user, report):
        raise PermissionDenied
    form = RemarkForm(request.POST)
    if form.is_valid():
        try:
            remark = services.remark_add(report=report, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, "Remarque enregistrée. Le chargé de coopération en est prévenu."
            )
            return redirect(_detail_url(report, _anchor(remark)))
    # Refused: the remark stays on its own page, to correct and send again.
    return _form_page(
        request, report, form, title="Votre remarque sur le rapport", action=request.path
    )


@require_http_methods(["GET", "POST"])
@reports_view
def remark_edit(
    request: CtgRequest, report_uuid: uuid.UUID, remark_uuid: uuid.UUID
) -> HttpResponse:
    report = _report(request, report_uuid)
    remark = selectors.get_remark(request.user, report, remark_uuid)
    if not can_change_remark(request.user, remark):
        raise PermissionDenied
    form = RemarkEditForm(request.POST or None, initial={"text": remark.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.remark_update(remark=remark, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Remarque modifiée.")
            return redirect(_detail_url(report, _anchor(remark)))
    where = (
        f"la section « {SECTION_BY_KEY[remark.section_key].title} »"
        if remark.section_key in SECTION_BY_KEY
        else "l'ensemble du rapport"
    )
    return _form_page(
        request,
        report,
        form,
        title=f"Modifier votre remarque sur {where}",
        action=request.path,
        remark=remark,
    )


@require_POST
@reports_view
def remark_delete(
    request: CtgRequest, report_uuid: uuid.UUID, remark_uuid: uuid.UUID
) -> HttpResponse:
    report = _report(request, report_uuid)
    remark = selectors.get_remark(request.user, report, remark_uuid)
    services.remark_delete(remark=remark, by=request.user)
    messages.success(request, "Remarque supprimée.")
    return redirect(_detail_url(report, "remarques"))


@require_POST
@reports_view
def remark_treat(
    request: CtgRequest, report_uuid: uuid.UUID, remark_uuid: uuid.UUID
) -> HttpResponse:
    report = _report(request, report_uuid)
    remark = selectors.get_remark(request.user, report, remark_uuid)
    if not can_treat_remark(request.user, remark):
        raise PermissionDenied
    state = parse_choice(request.POST.get("etat"), ("traitee", "ouverte"))
    if not state:
        messages.error(request, "Rien n'a changé : choisissez « traitée » ou « à traiter ».")
    else:
        services.remark_mark(remark=remark, by=request.user, treated=state == "traitee")
        messages.success(
            request,
            "Remarque marquée traitée." if state == "traitee" else "Remarque de nouveau à traiter.",
        )
    return redirect(_detail_url(report, _anchor(remark)))
