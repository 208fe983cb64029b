"""The CTG's network map, with its links as a table."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from maillage.core.enums import Theme

from .graph import GraphFilters, links_rows, network_map
from .views import _render
from .views_interactions import _log_convention


@require_GET
def network_graph(request: HttpRequest, convention_uuid: uuid.UUID) -> HttpResponse:
    convention = _log_convention(request, convention_uuid)
    filters = GraphFilters.from_query(request.GET)
    result = network_map(request.user, convention, filters)
    return _render(
        request,
        "network/graph.html",
        convention,
        result=result,
        svg=mark_safe(result.svg),  # noqa: S308 — every text is escaped where it is drawn
        link_rows=links_rows(result.links),
        filters=filters,
        themes=Theme.choices,
        subnav="graph",
    )
