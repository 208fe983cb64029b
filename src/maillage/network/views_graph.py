"""The CTG's network map, with its links as a table."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from maillage.conventions.context import CtgRequest, ctg_render
from maillage.core.enums import Theme

from .graph import GraphFilters, links_rows, network_map
from .views import directory_view


@require_GET
@directory_view("can_read_log")
def network_graph(request: CtgRequest) -> HttpResponse:
    convention = request.ctg
    filters = GraphFilters.from_query(request.GET)
    result = network_map(request.user, convention, filters)
    return ctg_render(
        request,
        "network/graph.html",
        result=result,
        svg=mark_safe(result.svg),  # noqa: S308 — every text is escaped where it is drawn
        link_rows=links_rows(result.links),
        filters=filters,
        themes=Theme.choices,
        subnav="graph",
    )
