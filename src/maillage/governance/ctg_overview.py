"""Governance's panel on a CTG's overview: this year's COPIL."""

from __future__ import annotations

from maillage.conventions.overview import OverviewScope, Panel, overview_panel

from .selectors import copil_status


@overview_panel(order=10)
def copil_of_the_year(scope: OverviewScope) -> Panel:
    """Whether this year's COPIL is held, planned or missing (one query)."""
    return Panel(
        template="governance/_overview_copil.html",
        context={"copil": copil_status(scope.convention, scope.today.year)},
    )
