"""The annual activity report: list, writing with the facts beside, workflow, exports;
the Caf's due dates and the state of its CTGs' reports."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.conventions.context import (
    CafRequest,
    CtgRequest,
    caf_render,
    caf_view,
    ctg_render,
    ctg_view,
)
from maillage.conventions.jobs import start_ctg_job
from maillage.conventions.models import Convention
from maillage.core.downloads import document_attachment, require_format
from maillage.core.params import parse_int
from maillage.core.referentiel import SECTION_BY_KEY, SECTIONS
from maillage.core.versioning import StaleEdit, add_version_field, posted_version, show_stale

from . import documents, selectors, services
from .charts import time_chart_svg
from .enums import ReportStatus
from .forms import (
    DueDateForm,
    RemarkForm,
    ReportStartForm,
    ReturnForm,
    SectionForm,
    TransmitForm,
)
from .models import ActivityReport, ReportDueDate, ReportSection
from .permissions import report_permissions

reports_view = ctg_view("can_open_reports")
"""Decorate a page of the CTG's reports: its CDCs, élus and the Caf's roles open them."""


def _report(request: CtgRequest, report_uuid: uuid.UUID) -> ActivityReport:
    return selectors.get_report_for_user(request.user, request.ctg, report_uuid)


def _detail_url(report: ActivityReport, anchor: str = "") -> str:
    url = reverse("activity:report_detail", args=[report.convention.uuid, report.uuid])
    return f"{url}#{anchor}" if anchor else url


@require_GET
@reports_view
def report_list(request: CtgRequest) -> HttpResponse:
    convention = request.ctg
    today = timezone.localdate()
    reports = list(selectors.reports_for_user(request.user, convention))
    mine = {r.year for r in reports if r.author_id == request.user.pk}
    can_start = request.ctg_perms["can_keep_journal"]  # a CDC of the CTG writes its reports
    return ctg_render(
        request,
        "activity/report_list.html",
        tab="activity",
        subnav="reports",
        reports=reports,
        can_start=can_start,
        start_form=ReportStartForm(
            initial={"year": today.year - 1 if today.month <= 3 else today.year}
        ),
        startable_years=[y for y in (today.year, today.year - 1) if y not in mine],
        due_dates=list(
            ReportDueDate.objects.filter(caf_id=convention.caf_id, year__gte=today.year - 2)
        ),
    )


@require_POST
@reports_view
def report_start(request: CtgRequest) -> HttpResponse:
    convention = request.ctg
    form = ReportStartForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez une année entre 2000 et 2100.")
        return redirect("activity:report_list", convention.uuid)
    try:
        report = services.report_start(
            convention=convention, by=request.user, year=form.cleaned_data["year"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("activity:report_list", convention.uuid)
    messages.success(request, f"Rapport d'activité {report.year} commencé.")
    return redirect(_detail_url(report))


def _section_form(section: ReportSection, key: str) -> SectionForm:
    form = SectionForm(initial={"text": section.text}, prefix=key)
    add_version_field(form, section)
    return form


def _section_blocks(
    report: ActivityReport, permissions: dict[str, bool], refused: SectionForm | None = None
) -> list[dict]:
    """Each section with its facts and, for its writers, its form (``refused``: the one
    sent back with its refusal)."""
    facts = services.report_facts_for(report)
    sections = {s.key: s for s in report.sections.all()}
    live = services.facts_are_live(report)
    blocks = []
    for definition in SECTIONS:
        section = sections.get(definition.key)
        if section is None:
            continue
        blocks.append(
            {
                "definition": definition,
                "section": section,
                "facts": facts.get(definition.key, []),
                "stale": [i for i in services.section_insertions(section, facts) if i.stale]
                if live
                else [],
                "form": (
                    refused
                    if refused is not None and refused.prefix == definition.key
                    else _section_form(section, definition.key)
                )
                if permissions["can_write"]
                else None,
            }
        )
    return blocks


@require_GET
@reports_view
def report_detail(request: CtgRequest, report_uuid: uuid.UUID) -> HttpResponse:
    return _detail(request, _report(request, report_uuid))


def _detail(
    request: CtgRequest,
    report: ActivityReport,
    refused: SectionForm | None = None,
    transmit_form: TransmitForm | None = None,
) -> HttpResponse:
    permissions = report_permissions(request.user, report)
    year = report.year
    totals = services.report_totals(report)
    blocks = _section_blocks(report, permissions, refused)
    remarks = selectors.report_remarks(request.user, report)
    for block in blocks:  # the élus' remarks beside their section
        block["remarks"] = [r for r in remarks if r.section_key == block["definition"].key]
    return ctg_render(
        request,
        "activity/report_detail.html",
        tab="activity",
        subnav="reports",
        report=report,
        blocks=blocks,
        stale=[(b["definition"], i) for b in blocks for i in b["stale"]],
        remarks=remarks,
        overall_remarks=[r for r in remarks if not r.section_key],
        open_remarks=[r for r in remarks if r.is_open],
        remark_form=RemarkForm(),
        events=list(report.events.select_related("by")),
        due=selectors.due_date(report.convention.caf_id, year),
        chart=time_chart_svg(totals.by_attendu, f"Temps par attendu en {year}"),
        totals=totals,
        transmit_form=transmit_form or TransmitForm(),
        live=services.facts_are_live(report),
        **permissions,
    )


@require_POST
@reports_view
def section_save(request: CtgRequest, report_uuid: uuid.UUID, key: str) -> HttpResponse:
    report = _report(request, report_uuid)
    section = _section(report, key)
    form = SectionForm(request.POST, prefix=key)
    add_version_field(form, section)
    if not form.is_valid():
        messages.error(request, "Le texte d'une section est limité à 50 000 caractères.")
        return redirect(_detail_url(report, f"section-{key}"))
    try:
        services.section_save(
            section=section,
            by=request.user,
            text=form.cleaned_data["text"],
            expected_version=posted_version(form),
        )
    except StaleEdit as exc:
        show_stale(form, exc)
        return _detail(request, report, refused=form)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Section « {SECTION_BY_KEY[key].title} » enregistrée.")
    return redirect(_detail_url(report, f"section-{key}"))


def _section(report: ActivityReport, key: str) -> ReportSection:
    if key not in SECTION_BY_KEY:
        raise Http404
    try:
        return report.sections.get(key=key)
    except ReportSection.DoesNotExist as exc:
        raise Http404 from exc


@require_POST
@reports_view
def section_insert(request: CtgRequest, report_uuid: uuid.UUID, key: str) -> HttpResponse:
    report = _report(request, report_uuid)
    section = _section(report, key)
    key_of_fact = request.POST.get("fait", "")[:100] or None
    try:
        services.section_insert_facts(section=section, by=request.user, key=key_of_fact)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Faits insérés dans le texte : relisez-les et complétez.")
    return redirect(_detail_url(report, f"section-{key}"))


@require_POST
@reports_view
def section_refresh(request: CtgRequest, report_uuid: uuid.UUID, key: str) -> HttpResponse:
    """Rewrite the section's stale inserted facts (one, or all) as they read today."""
    report = _report(request, report_uuid)
    section = _section(report, key)
    try:
        count = services.section_refresh_facts(
            section=section, by=request.user, key=request.POST.get("fait", "")[:100] or None
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            "Fait mis à jour dans le texte."
            if count == 1
            else f"{count} faits mis à jour dans le texte.",
        )
    return redirect(_detail_url(report, f"section-{key}"))


@require_POST
@reports_view
def report_approve(request: CtgRequest, report_uuid: uuid.UUID) -> HttpResponse:
    report = _report(request, report_uuid)
    services.report_approve(report=report, by=request.user)
    messages.success(request, "Vous avez approuvé le rapport.")
    return redirect(_detail_url(report))


@require_POST
@reports_view
def report_transmit(request: CtgRequest, report_uuid: uuid.UUID) -> HttpResponse:
    report = _report(request, report_uuid)
    form = TransmitForm(request.POST)
    valid = form.is_valid()
    note = form.cleaned_data["note"] if valid else ""
    confirmed = bool(form.cleaned_data["stale_confirmed"]) if valid else False
    try:
        services.report_transmit(
            report=report, by=request.user, note=note, stale_confirmed=confirmed
        )
    except ValidationError as exc:
        # The page again, with the message the CDC wrote, and why it was not sent.
        form.add_error(None, exc)
        return _detail(request, report, transmit_form=form)
    messages.success(request, "Rapport transmis à la Caf. Son CDT référent est prévenu.")
    return redirect(_detail_url(report))


@require_http_methods(["GET", "POST"])
@reports_view
def report_return(request: CtgRequest, report_uuid: uuid.UUID) -> HttpResponse:
    report = _report(request, report_uuid)
    if not report_permissions(request.user, report)["can_review"]:
        raise PermissionDenied
    sections = list(report.sections.all())
    form = ReturnForm(
        request.POST if request.method == "POST" else None,
        initial={f"comment_{s.key}": s.comment for s in sections},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.report_return(
                report=report,
                by=request.user,
                comments=form.comments(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, "Rapport renvoyé pour compléments. Le chargé de coopération est prévenu."
            )
            return redirect(_detail_url(report))
    pairs = [
        (SECTION_BY_KEY[s.key], s, form[f"comment_{s.key}"])
        for s in sections
        if s.key in SECTION_BY_KEY
    ]
    return ctg_render(
        request,
        "activity/report_return.html",
        tab="activity",
        subnav="reports",
        report=report,
        form=form,
        pairs=pairs,
    )


@require_POST
@reports_view
def report_validate(request: CtgRequest, report_uuid: uuid.UUID) -> HttpResponse:
    report = _report(request, report_uuid)
    form = TransmitForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    services.report_validate(report=report, by=request.user, note=note)
    messages.success(request, "Rapport validé. Le chargé de coopération est prévenu.")
    return redirect(_detail_url(report))


@require_GET
@reports_view
def report_export(request: CtgRequest, report_uuid: uuid.UUID, fmt: str) -> HttpResponse:
    report = _report(request, report_uuid)
    if fmt == "synthese":
        # The summary for élus: one page, in PDF only.
        return document_attachment(documents.summary_document(report), "pdf")
    require_format(fmt)
    if fmt in REPORT_JOB_FORMATS:
        return start_ctg_job(
            request,
            kind="activity.report_document",
            title=f"Rapport d'activité {report.year} en {fmt.upper()}",
            back=_detail_url(report),
            params={"report": str(report.uuid), "fmt": fmt},
        )
    return document_attachment(documents.report_document(report), fmt)


# ----------------------------------------------------------------------------- the Caf


# The report's PDF takes about two seconds to lay out, whatever its length (the facts of
# the year, then WeasyPrint): a worker writes it. Word and ODT come at once.
REPORT_JOB_FORMATS = {"pdf"}

caf_reports_view = caf_view("can_view_compliance")
"""Decorate a page of the Caf's reports: its roles follow them."""


@require_http_methods(["GET", "POST"])
@caf_reports_view
def caf_reports(request: CafRequest) -> HttpResponse:
    """The Caf's due dates (set by its responsables) and where its CTGs' reports stand."""
    caf = request.caf
    can_edit = request.caf_perms["can_edit_caf_contacts"]
    today = timezone.localdate()
    year = parse_int(request.GET.get("annee"), minimum=2000, maximum=today.year) or today.year - 1
    form = DueDateForm(
        request.POST if request.method == "POST" else None, initial={"year": today.year}
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                record = services.due_date_set(caf=caf, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, f"Échéance des rapports {record.year} : {record.due_date:%d/%m/%Y}."
                )
                return redirect("activity:caf_reports", caf.uuid)
    conventions = list(Convention.objects.visible_to(request.user).filter(caf=caf).order_by("name"))
    statuses = selectors.report_status_by_convention([c.pk for c in conventions], year)
    return caf_render(
        request,
        "activity/caf_reports.html",
        tab="reports",
        can_edit=can_edit,
        form=form,
        due_dates=list(ReportDueDate.objects.filter(caf=caf)),
        year=year,
        years=list(range(today.year, today.year - 4, -1)),
        due=selectors.due_date(caf.pk, year),
        rows=[
            (c, ReportStatus(statuses[c.pk]).label if c.pk in statuses else "") for c in conventions
        ],
    )


@require_POST
@caf_reports_view
def caf_due_date_delete(request: CafRequest, year: int) -> HttpResponse:
    caf = request.caf
    record = ReportDueDate.objects.filter(caf=caf, year=year).first()
    if record is None:
        raise Http404
    services.due_date_delete(record=record, by=request.user)
    messages.success(request, f"Échéance des rapports {year} supprimée.")
    return redirect("activity:caf_reports", caf.uuid)
