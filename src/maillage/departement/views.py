"""The Caf's view of its département: the map of its CTGs."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from .maps import caf_map
from .selectors import get_caf_for_user


@require_GET
def map_view(request: HttpRequest, caf_uuid: uuid.UUID) -> HttpResponse:
    caf = get_caf_for_user(request.user, caf_uuid)
    result = caf_map(request.user, caf)
    return render(
        request,
        "departement/map.html",
        {
            "caf": caf,
            "map": result,
            # Every text in the SVG is escaped where it is drawn (maps.py).
            "svg": mark_safe(result.svg),  # noqa: S308
            "uncovered_population": sum(p for _, _, p in result.uncovered),
        },
    )
