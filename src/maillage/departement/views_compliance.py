"""The Caf's compliance table of its CTGs, on screen and in Excel."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from maillage.conventions.context import CafRequest, caf_render, caf_view
from maillage.conventions.enums import CafRole, ConventionStatus
from maillage.conventions.models import CafMembership
from maillage.core.downloads import attachment, download_name
from maillage.governance.enums import CopilStatus

from .compliance import ComplianceFilters, ComplianceRow, compliance_rows, report_year

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = [
    ("nom", "CTG"),
    ("debut", "Début"),
    ("fin", "Fin"),
    ("statut", "Statut"),
    ("cdt", "CDT référent"),
    ("copil", "COPIL"),
]


compliance_view = caf_view("can_view_compliance")


@require_GET
@compliance_view
def compliance(request: CafRequest) -> HttpResponse:
    caf = request.caf
    filters = ComplianceFilters.from_query(request.GET)
    rows = compliance_rows(request.user, caf, filters)
    cdts = (
        CafMembership.objects.filter(caf=caf, role=CafRole.CDT, is_active=True)
        .select_related("user")
        .order_by("user__full_name")
    )
    return caf_render(
        request,
        "departement/compliance.html",
        rows=rows,
        filters=filters,
        columns=COLUMNS,
        statuses=ConventionStatus.choices,
        copil_statuses=CopilStatus.choices,
        cdts=cdts,
        year=timezone.localdate().year,
        report_year=report_year(),
        query=request.GET.urlencode(),
    )


def _cells(row: ComplianceRow) -> list[object]:
    c = row.convention
    return [
        c.name,
        c.start_date,
        c.end_date,
        c.status_label,
        c.cdt.full_name if c.cdt else None,
        ", ".join(row.cdcs) or None,
        CopilStatus(c.copil_status).label,
        row.participation_rate / 100 if row.participation_rate is not None else None,
        row.report or None,
        row.plan.total,
        row.plan.done_share / 100 if row.plan.done_share is not None else None,
        row.plan.ongoing_share / 100 if row.plan.ongoing_share is not None else None,
        row.plan.late_share / 100 if row.plan.late_share is not None else None,
    ]


HEADERS = [
    "CTG",
    "Début",
    "Fin",
    "Statut",
    "CDT référent",
    "Chargé(s) de coopération",
    "COPIL de l'année",
    "Participation au réseau (12 mois)",
    "Rapport d'activité de l'année précédente",
    "Fiches actions",
    "Réalisées",
    "En cours",
    "En retard",
]


@require_GET
@compliance_view
def compliance_export(request: CafRequest) -> HttpResponse:
    """The table as filtered on screen, in an Excel workbook."""
    caf = request.caf
    rows = compliance_rows(request.user, caf, ComplianceFilters.from_query(request.GET))
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook has one worksheet
    ws.title = "CTG"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(_cells(row))
    for line in ws.iter_rows(min_row=2):
        line[1].number_format = line[2].number_format = "DD/MM/YYYY"
        for cell in (line[7], *line[10:13]):
            cell.number_format = "0%"
    widths = [34, 11, 11, 18, 22, 28, 16, 14, 14, 10, 10, 10, 10]
    for letter, width in zip("ABCDEFGHIJKLM", widths, strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "B2"
    out = io.BytesIO()
    wb.save(out)
    return attachment(
        out.getvalue(), filename=download_name(caf.name, "ctg", "xlsx"), content_type=XLSX
    )
