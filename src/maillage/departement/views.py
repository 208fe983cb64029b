"""The Caf's view of its département: the map of its CTGs, its contacts."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from maillage.conventions.permissions import can_edit_caf_contacts

from . import services
from .forms import CafContactsForm
from .maps import caf_map
from .selectors import caf_contacts, detail_visible_ids, get_caf_for_user


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


@require_GET
def contacts(request: HttpRequest, caf_uuid: uuid.UUID) -> HttpResponse:
    caf = get_caf_for_user(request.user, caf_uuid)
    visible = detail_visible_ids(request.user, caf)
    return render(
        request,
        "departement/contacts.html",
        {
            "caf": caf,
            "visible": visible,
            "can_edit": can_edit_caf_contacts(request.user, caf),
            **caf_contacts(caf),
        },
    )


@require_http_methods(["GET", "POST"])
def contacts_edit(request: HttpRequest, caf_uuid: uuid.UUID) -> HttpResponse:
    caf = get_caf_for_user(request.user, caf_uuid)
    if not can_edit_caf_contacts(request.user, caf):
        raise PermissionDenied
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
    return render(request, "departement/contacts_form.html", {"caf": caf, "form": form})
