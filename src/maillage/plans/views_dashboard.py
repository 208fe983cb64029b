"""The plan's dashboard and timeline."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse

from .charts import budget_svg, timeline_svg
from .dashboard import plan_dashboard, plan_timeline
from .views import _plan, _render


def dashboard(request: HttpRequest, convention_uuid: uuid.UUID) -> HttpResponse:
    convention, plan = _plan(request, convention_uuid)
    data = plan_dashboard(request.user, plan)
    return _render(
        request,
        "plans/dashboard.html",
        convention,
        data=data,
        budget_chart=budget_svg(
            data.budget_by_year, "Budget prévisionnel (bleu) et réalisé (vert) par année"
        ),
    )


def timeline(request: HttpRequest, convention_uuid: uuid.UUID) -> HttpResponse:
    convention, plan = _plan(request, convention_uuid)
    data = plan_timeline(request.user, plan)
    return _render(
        request,
        "plans/timeline.html",
        convention,
        timeline=data,
        chart=timeline_svg(data, f"Calendrier des fiches actions — {convention.name}"),
    )
