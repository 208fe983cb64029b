"""The Caf's compliance table of its CTGs, on screen and in Excel."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from maillage.conventions.context import CafRequest, caf_render, caf_view
from maillage.conventions.enums import CafRole, ConventionStatus
from maillage.conventions.models import CafMembership
from maillage.core.downloads import attachment, download_name
from maillage.governance.enums import CopilStatus

from .compliance import ComplianceFilters, compliance_rows, compliance_xlsx, report_year

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


@require_GET
@compliance_view
def compliance_export(request: CafRequest) -> HttpResponse:
    """The table as filtered on screen, in an Excel workbook."""
    caf = request.caf
    rows = compliance_rows(request.user, caf, ComplianceFilters.from_query(request.GET))
    return attachment(
        compliance_xlsx(rows), filename=download_name(caf.name, "ctg", "xlsx"), content_type=XLSX
    )
