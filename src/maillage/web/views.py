"""Home page, the user's own page and the public pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from maillage.accounts import services as account_services
from maillage.accounts.forms import PreferencesForm
from maillage.accounts.http import AuthenticatedRequest
from maillage.conventions.enums import CafRole, ConventionStatus
from maillage.conventions.models import CafMembership, Convention
from maillage.conventions.permissions import can_view_cdc_network, convention_permissions
from maillage.conventions.selectors import (
    ConventionFilters,
    caf_conventions,
    header_cafs,
    user_cafs,
    user_conventions,
)
from maillage.core.glossary import GLOSSARY
from maillage.departement.network import own_participation
from maillage.governance.selectors import with_copil_status

from .help import help_content
from .home import home_agenda

COLUMNS = [
    ("nom", "CTG"),
    ("epci", "EPCI"),
    ("population", "Population"),
    ("debut", "Début"),
    ("fin", "Fin"),
    ("statut", "Statut"),
    ("cdt", "CDT référent"),
]


def home(request: AuthenticatedRequest) -> HttpResponse:
    """What needs doing, per role and per CTG; « Mes CTG »; the Caf's table for CAF roles."""
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
        table = list(with_copil_status(caf_conventions(user, caf, filters)))
        cdts = list(
            CafMembership.objects.filter(caf=caf, role=CafRole.CDT, is_active=True)
            .select_related("user")
            .order_by("user__full_name")
        )
    if request.htmx and table is not None:
        return render(
            request,
            "web/_caf_table.html",
            {"caf": caf, "table": table, "filters": filters, "columns": COLUMNS},
        )
    return render(
        request,
        "web/home.html",
        {
            "agenda": home_agenda(user),
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
    return render(request, "web/accessibility.html")


def help_page(request: AuthenticatedRequest) -> HttpResponse:
    """« Aide »: the référentiel's sphères, missions and attendus, and where each lives in
    Maillage; linked to the user's CTG when there is one, to the Caf's network page when
    the user may open it."""
    user = request.user
    ctgs = list(user_conventions(user).only("uuid", "name", "caf_id")[:2])
    ctg = ctgs[0] if len(ctgs) == 1 else None
    cafs = header_cafs(user)
    caf = next((c for c in cafs if getattr(c, "has_caf_role", False)), cafs[0] if cafs else None)
    if caf is not None and not can_view_cdc_network(user, caf):
        caf = None
    journal = bool(ctg is not None and convention_permissions(user, ctg)["can_keep_journal"])
    return render(
        request,
        "web/help.html",
        {
            "ctg": ctg,
            "several_ctgs": len(ctgs) > 1,
            "help_caf": caf,
            "glossary": sorted(GLOSSARY.items(), key=lambda item: item[0].lower()),
            **help_content(ctg=ctg, caf=caf, journal=journal),
        },
    )


@require_http_methods(["GET", "POST"])
def preferences(request: AuthenticatedRequest) -> HttpResponse:
    """« Mon compte »: name, phone, e-mail notifications, and the CDC's network participation."""
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        account_services.user_update_preferences(user=request.user, **form.cleaned_data)
        messages.success(request, "Vos préférences sont enregistrées.")
        return redirect("web:preferences")
    return render(
        request,
        "web/preferences.html",
        {"form": form, "participation": own_participation(request.user)},
    )
