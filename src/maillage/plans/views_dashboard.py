"""The plan's dashboard and timeline."""

from __future__ import annotations

from django.http import HttpResponse

from maillage.conventions.context import CtgRequest, ctg_render

from .charts import budget_svg, timeline_svg
from .dashboard import plan_dashboard, plan_timeline
from .selectors import plan_of
from .views import plan_view


@plan_view()
def dashboard(request: CtgRequest) -> HttpResponse:
    data = plan_dashboard(request.user, plan_of(request.ctg))
    return ctg_render(
        request,
        "plans/dashboard.html",
        data=data,
        budget_chart=budget_svg(
            data.budget_by_year, "Budget prévisionnel (bleu) et réalisé (vert) par année"
        ),
    )


@plan_view()
def timeline(request: CtgRequest) -> HttpResponse:
    data = plan_timeline(request.user, plan_of(request.ctg))
    return ctg_render(
        request,
        "plans/timeline.html",
        timeline=data,
        chart=timeline_svg(data, f"Calendrier des fiches actions — {request.ctg.name}"),
    )
