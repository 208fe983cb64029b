"""The CTG overview shows the panels that modules above conventions contribute."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.html import strip_tags

from maillage.conventions import overview
from maillage.conventions.overview import OverviewScope, Panel, overview_panel, overview_panels


def test_the_overview_shows_the_copil_and_report_panels_of_governance_and_activity(world):
    response = world.client("cdc").get(reverse("conventions:detail", args=[world.a.uuid]))

    html = strip_tags(response.content.decode())  # « COPIL » is explained in an <abbr>
    assert "COPIL de l'année" in html
    assert "Rapport d'activité" in html
    assert html.index("COPIL de l'année") < html.index("Rapport d'activité")


def test_a_registered_panel_is_shown_in_its_order_and_none_shows_nothing(world, monkeypatch):
    monkeypatch.setattr(overview, "_CONTRIBUTORS", list(overview._CONTRIBUTORS))

    @overview_panel(order=15)
    def between(scope: OverviewScope) -> Panel:
        return Panel(template="conventions/_test_panel.html", context={"who": scope.user})

    @overview_panel(order=1)
    def nothing(scope: OverviewScope) -> None:
        return None

    scope = OverviewScope(
        convention=world.a, user=world.users["cdc"], today=datetime.date(2026, 11, 29)
    )
    templates = [panel.template for panel in overview_panels(scope)]

    assert templates == [
        "governance/_overview_copil.html",
        "conventions/_test_panel.html",
        "activity/_overview_report.html",
    ]
