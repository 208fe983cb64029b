"""Home page and the public pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.conventions.enums import CafRole, ConventionStatus
from maillage.conventions.models import CafMembership, Convention
from maillage.conventions.selectors import (
    ConventionFilters,
    caf_conventions,
    user_cafs,
)

COLUMNS = [
    ("nom", "CTG"),
    ("epci", "EPCI"),
    ("population", "Population"),
    ("debut", "Début"),
    ("fin", "Fin"),
    ("statut", "Statut"),
    ("cdt", "CDT référent"),
]


def home(request: HttpRequest) -> HttpResponse:
    """« Mes CTG » for collectivité roles; the Caf's table of CTGs for CAF roles."""
    user = request.user
    own = (
        Convention.objects.filter(memberships__user=user, memberships__is_active=True)
        .for_listing()
        .annotate_role(user)
        .order_by("name")
    )
    cafs = list(user_cafs(user))
    caf = None
    table = None
    filters = ConventionFilters.from_query(request.GET)
    cdts = []
    if cafs:
        caf = cafs[0]
        table = list(caf_conventions(user, caf, filters))
        cdts = list(
            CafMembership.objects.filter(caf=caf, role=CafRole.CDT, is_active=True)
            .select_related("user")
            .order_by("user__full_name")
        )
    template = "core/_caf_table.html" if request.htmx and table is not None else "core/home.html"
    return render(
        request,
        template,
        {
            "own_conventions": list(own),
            "caf": caf,
            "table": table,
            "filters": filters,
            "statuses": ConventionStatus.choices,
            "cdts": cdts,
            "columns": COLUMNS,
        },
    )


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")
