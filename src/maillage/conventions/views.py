"""Pages of a CTG: overview, identity, territory, signatories."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from maillage.accounts.http import AuthenticatedRequest
from maillage.core.formats import de
from maillage.core.once import creates_once, once
from maillage.organisations.models import Caf
from maillage.territories.selectors import commune_for_code

from . import services
from .context import CtgRequest, ctg_render, ctg_view
from .forms import AddCommuneForm, AddEpciForm, ConventionForm, SignatoryForm
from .history import convention_history
from .overview import OverviewScope, overview_panels
from .permissions import can_create_convention, convention_editable_fields
from .selectors import convention_overview, user_cafs

editable_view = ctg_view("can_edit")
"""Decorate a page that edits the CTG's identity, territory or signatories."""


@ctg_view(listing=True)
def detail(request: CtgRequest) -> HttpResponse:
    """The CTG's overview: identity, territory, members, and the panels other modules
    contribute (this year's COPIL, last year's report…)."""
    convention = convention_overview(request.ctg)
    scope = OverviewScope(convention=convention, user=request.user, today=timezone.localdate())
    return ctg_render(
        request,
        "conventions/detail.html",
        communes=convention.communes.only("code", "name", "population").order_by("name"),
        panels=[
            render_to_string(panel.template, {"convention": convention, **panel.context}, request)
            for panel in overview_panels(scope)
        ],
    )


@ctg_view("can_view_history")
def history(request: CtgRequest) -> HttpResponse:
    return ctg_render(request, "conventions/history.html", entries=convention_history(request.ctg))


@require_http_methods(["GET", "POST"])
@creates_once
def create(request: AuthenticatedRequest) -> HttpResponse:
    cafs = [caf for caf in user_cafs(request.user) if can_create_convention(request.user, caf)]
    if request.user.is_superuser and not cafs:
        cafs = list(Caf.objects.all()[:1])
    if not cafs:
        raise PermissionDenied
    caf = cafs[0]
    form = ConventionForm(request.POST or None, caf=caf)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with once(request):
                convention = services.convention_create(
                    caf=caf,
                    by=request.user,
                    name=data["name"],
                    epci=data["epci"],
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    signed_on=data["signed_on"],
                    renewal_in_progress=data["renewal_in_progress"],
                    cdt=data["cdt"],
                    themes=data["themes"],
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"La CTG « {convention.name} » a été créée.")
            return redirect("conventions:detail", convention_uuid=convention.uuid)
    return render(request, "conventions/form.html", {"form": form, "caf": caf, "creating": True})


@require_http_methods(["GET", "POST"])
@editable_view
def edit(request: CtgRequest) -> HttpResponse:
    convention = request.ctg
    form = ConventionForm(
        request.POST or None,
        instance=convention,
        caf=convention.caf,
        editable=convention_editable_fields(request.user, convention),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes = data.pop("themes")
        try:
            services.convention_update(
                convention=convention, by=request.user, themes=themes, **data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "La CTG a été mise à jour.")
            return redirect("conventions:detail", convention_uuid=convention.uuid)
    return ctg_render(request, "conventions/form.html", form=form, caf=convention.caf)


@require_http_methods(["GET", "POST"])
@editable_view
def territory(request: CtgRequest) -> HttpResponse:
    convention = request.ctg
    epci_form = AddEpciForm(caf=convention.caf, prefix="epci")
    commune_form = AddCommuneForm(prefix="commune")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add_epci":
            epci_form = AddEpciForm(request.POST, caf=convention.caf, prefix="epci")
            if epci_form.is_valid():
                epci = epci_form.cleaned_data["epci"]
                added = services.convention_add_epci_communes(
                    convention=convention, epci=epci, by=request.user
                )
                messages.success(request, f"{added} commune(s) {de(str(epci))} ajoutée(s).")
                return redirect("conventions:territory", convention_uuid=convention.uuid)
        elif action == "add_commune":
            commune_form = AddCommuneForm(request.POST, prefix="commune")
            if commune_form.is_valid():
                commune = commune_for_code(commune_form.cleaned_data["code"])
                if commune is None or commune.departement_id != convention.caf.departement_id:
                    commune_form.add_error(
                        "code", "Aucune commune de ce département ne porte ce code INSEE."
                    )
                else:
                    services.convention_add_communes(
                        convention=convention, communes=[commune], by=request.user
                    )
                    messages.success(request, f"{commune.name} ajoutée au territoire.")
                    return redirect("conventions:territory", convention_uuid=convention.uuid)
        elif action == "remove":
            codes = request.POST.getlist("communes")
            communes = list(convention.communes.filter(code__in=codes))
            if communes:
                services.convention_remove_communes(
                    convention=convention, communes=communes, by=request.user
                )
                messages.success(request, f"{len(communes)} commune(s) retirée(s).")
            else:
                messages.error(request, "Sélectionnez au moins une commune à retirer.")
            return redirect("conventions:territory", convention_uuid=convention.uuid)
        else:
            messages.error(request, "Action inconnue.")
    communes = list(convention.communes.select_related("epci").order_by("name"))
    population = sum(c.population for c in communes)
    return ctg_render(
        request,
        "conventions/territory.html",
        communes=communes,
        population=population,
        epci_form=epci_form,
        commune_form=commune_form,
    )


@require_http_methods(["GET", "POST"])
@editable_view
@creates_once
def signatories(request: CtgRequest) -> HttpResponse:
    convention = request.ctg
    form = SignatoryForm(request.POST or None, caf=convention.caf)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with once(request):
                signatory = services.signatory_add(
                    convention=convention,
                    by=request.user,
                    role=data["role"],
                    organisation=data["organisation"],
                    new_name=data["new_name"],
                    new_kind=data["new_kind"],
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{signatory.organisation} ajoutée.")
            return redirect("conventions:signatories", convention_uuid=convention.uuid)
    return ctg_render(
        request,
        "conventions/signatories.html",
        form=form,
        signatories=convention.signatories.select_related("organisation"),
    )


@require_POST
@editable_view
def signatory_remove(request: CtgRequest, signatory_uuid: uuid.UUID) -> HttpResponse:
    convention = request.ctg
    signatory = get_object_or_404(convention.signatories, uuid=signatory_uuid)
    services.signatory_remove(signatory=signatory, by=request.user)
    messages.success(request, f"{signatory.organisation} retirée des signataires.")
    return redirect("conventions:signatories", convention_uuid=convention.uuid)
