"""The Caf's view of its département: the map of its CTGs, its contacts."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from maillage.accounts.models import User
from maillage.conventions.context import CafRequest, caf_render, caf_view
from maillage.core.formats import de

from . import services
from .forms import CafContactsForm
from .maps import caf_map
from .selectors import (
    caf_colleagues_ids,
    caf_colleagues_two_factor,
    caf_contacts,
    detail_visible_ids,
)


@require_GET
@caf_view()
def map_view(request: CafRequest) -> HttpResponse:
    result = caf_map(request.user, request.caf)
    return caf_render(
        request,
        "departement/map.html",
        map=result,
        # Every text in the SVG is escaped where it is drawn (maps.py).
        svg=mark_safe(result.svg),  # noqa: S308
        uncovered_population=sum(p for _, _, p in result.uncovered),
    )


@require_GET
@caf_view()
def contacts(request: CafRequest) -> HttpResponse:
    return caf_render(
        request,
        "departement/contacts.html",
        visible=detail_visible_ids(request.user, request.caf),
        can_edit=request.caf_perms["can_edit_caf_contacts"],
        **caf_contacts(request.caf),
    )


@require_http_methods(["GET", "POST"])
@caf_view("can_edit_caf_contacts")
def contacts_edit(request: CafRequest) -> HttpResponse:
    caf = request.caf
    conseillers = caf_contacts(caf)["conseillers"]
    form = CafContactsForm(request.POST or None, instance=caf, conseillers=conseillers)
    if request.method == "POST" and form.is_valid():
        try:
            services.caf_contacts_update(
                caf=caf,
                by=request.user,
                shared_mailbox=form.cleaned_data["shared_mailbox"],
                contacts_note=form.cleaned_data["contacts_note"],
                themes=form.themes(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Contacts de la Caf enregistrés.")
            return redirect("departement:contacts", caf_uuid=caf.uuid)
    return caf_render(request, "departement/contacts_form.html", form=form)


@require_GET
@caf_view("can_edit_caf_contacts")
def team_two_factor(request: CafRequest) -> HttpResponse:
    """The responsable sees the second factor of the Caf's people, and who reset it."""
    return caf_render(
        request,
        "departement/team_two_factor.html",
        colleagues=caf_colleagues_two_factor(request.caf),
    )


@require_http_methods(["GET", "POST"])
@caf_view("can_edit_caf_contacts")
def team_two_factor_reset(request: CafRequest, user_uuid: uuid.UUID) -> HttpResponse:
    """Confirm, then reset a colleague's second factor (they enrol again at next login)."""
    caf = request.caf
    colleague = get_object_or_404(User, uuid=user_uuid)
    if colleague.pk not in caf_colleagues_ids(caf):
        raise Http404
    if request.method == "POST":
        services.colleague_two_factor_reset(caf=caf, user=colleague, by=request.user)
        messages.success(
            request,
            f"La double authentification {de(str(colleague))} est réinitialisée : "
            "elle devra être réactivée à la prochaine connexion.",
        )
        return redirect("departement:team_two_factor", caf_uuid=caf.uuid)
    return caf_render(request, "departement/team_two_factor_reset.html", colleague=colleague)
