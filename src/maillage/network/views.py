"""The CTG's directory: contacts, searched and filtered; one contact's page; edits."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.conventions.models import Convention
from maillage.conventions.permissions import convention_permissions
from maillage.conventions.selectors import get_convention_for_user
from maillage.core.enums import Theme
from maillage.organisations.enums import PartnerCategory

from . import services
from .forms import ContactForm
from .models import Contact, Partner
from .permissions import can_edit_directory, directory_permissions
from .selectors import DirectoryFilters, directory_contacts, get_contact_for_user
from .timeline import contact_timeline


def _render(
    request: HttpRequest, template: str, convention: Convention, **context: object
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "convention": convention,
            **convention_permissions(request.user, convention),
            **directory_permissions(request.user, convention),
            **context,
        },
    )


def log_url(request: HttpRequest, convention: Convention, **prefill: uuid.UUID) -> str:
    """The quick-entry form's address, prefilled, coming back to the current page."""
    query = urlencode({**{k: str(v) for k, v in prefill.items()}, "suivant": request.path})
    return reverse("network:interaction_create", args=[convention.uuid]) + "?" + query


def _data(request: HttpRequest) -> Any:
    """The submitted data on a POST (even empty: the form is then bound and refused)."""
    return request.POST if request.method == "POST" else None


def _convention(
    request: HttpRequest, convention_uuid: uuid.UUID, *, edit: bool = False
) -> Convention:
    convention = get_convention_for_user(request.user, convention_uuid)
    if edit and not can_edit_directory(request.user, convention):
        raise PermissionDenied
    return convention


@require_GET
def directory(request: HttpRequest, convention_uuid: uuid.UUID) -> HttpResponse:
    convention = _convention(request, convention_uuid)
    filters = DirectoryFilters.from_query(request.GET)
    contacts = list(directory_contacts(request.user, convention, filters))
    return _render(
        request,
        "network/directory.html",
        convention,
        contacts=contacts,
        filters=filters,
        categories=PartnerCategory.choices,
        themes=Theme.choices,
        subnav="contacts",
    )


@require_GET
def contact_detail(
    request: HttpRequest, convention_uuid: uuid.UUID, contact_uuid: uuid.UUID
) -> HttpResponse:
    convention = _convention(request, convention_uuid)
    contact = get_contact_for_user(request.user, convention, contact_uuid)
    partner = (
        Partner.objects.filter(convention=convention, organisation_id=contact.organisation_id)
        .only("uuid")
        .first()
        if contact.organisation_id
        else None
    )
    return _render(
        request,
        "network/contact_detail.html",
        convention,
        contact=contact,
        partner=partner,
        timeline=contact_timeline(request.user, convention, contact),
        log_url=log_url(request, convention, contact=contact.uuid),
        subnav="contacts",
    )


def _save(
    request: HttpRequest, form: ContactForm, convention: Convention, contact: Contact | None
) -> Contact | None:
    if not form.is_valid():
        return None
    data = dict(form.cleaned_data)
    themes = data.pop("themes")
    try:
        if contact is None:
            return services.contact_create(
                convention=convention, by=request.user, themes=themes, **data
            )
        return services.contact_update(contact=contact, by=request.user, themes=themes, **data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@require_http_methods(["GET", "POST"])
def contact_edit(
    request: HttpRequest, convention_uuid: uuid.UUID, contact_uuid: uuid.UUID | None = None
) -> HttpResponse:
    convention = _convention(request, convention_uuid, edit=True)
    contact = get_contact_for_user(request.user, convention, contact_uuid) if contact_uuid else None
    form = ContactForm(request.POST or None, instance=contact, convention=convention)
    if request.method == "POST":
        saved = _save(request, form, convention, contact)
        if saved is not None:
            messages.success(request, f"Contact « {saved.full_name} » enregistré.")
            return redirect(
                "network:contact_detail", convention_uuid=convention.uuid, contact_uuid=saved.uuid
            )
    return _render(
        request,
        "network/contact_form.html",
        convention,
        form=form,
        contact=contact,
        subnav="contacts",
    )


@require_POST
def contact_erase(
    request: HttpRequest, convention_uuid: uuid.UUID, contact_uuid: uuid.UUID
) -> HttpResponse:
    convention = _convention(request, convention_uuid, edit=True)
    contact = get_contact_for_user(request.user, convention, contact_uuid)
    name = contact.full_name
    services.contact_erase(contact=contact, by=request.user)
    messages.success(request, f"{name} a été effacé·e de l'annuaire, historique compris.")
    return redirect("network:directory", convention_uuid=convention.uuid)
