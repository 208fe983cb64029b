"""The activity module's panel on a CTG's overview: last year's report and its due date."""

from __future__ import annotations

from maillage.conventions.overview import OverviewScope, Panel, overview_panel
from maillage.conventions.permissions import can_open_reports

from .selectors import report_due


@overview_panel(order=20)
def annual_report(scope: OverviewScope) -> Panel:
    """The report the Caf expects this year, its status and due date."""
    return Panel(
        template="activity/_overview_report.html",
        context={
            "report_due": report_due(scope.convention, scope.today),
            "can_open_reports": can_open_reports(scope.user, scope.convention),
        },
    )
