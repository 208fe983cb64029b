"""The CTG's directory: contacts, searched and filtered; one contact's page; edits."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.accounts.http import AuthenticatedRequest
from maillage.conventions.context import CtgRequest, Requirement, ctg_render, ctg_view
from maillage.conventions.models import Convention
from maillage.core.enums import Theme
from maillage.core.once import creates_once, once
from maillage.core.params import next_param, safe_next
from maillage.core.versioning import StaleEdit, posted_version, show_stale
from maillage.organisations.enums import PartnerCategory
from maillage.organisations.models import Organisation

from . import services
from .forms import ContactForm
from .models import Contact, Partner
from .permissions import directory_permissions
from .selectors import DirectoryFilters, directory_contacts, get_contact_for_user
from .timeline import contact_timeline

# Contacts per page of the directory: a page stays short enough to scan on a phone.
DIRECTORY_PAGE = 50


def directory_view(require: Requirement = None) -> Any:
    """Decorate a page of the directory: its CTG resolved with the directory's flags (see
    ``conventions.context.ctg_view``)."""
    return ctg_view(require, flags=(directory_permissions,))


def log_url(request: AuthenticatedRequest, convention: Convention, **prefill: uuid.UUID) -> str:
    """The quick-entry form's address, prefilled, coming back to the current page."""
    query = urlencode({**{k: str(v) for k, v in prefill.items()}, "suivant": request.path})
    return reverse("network:interaction_create", args=[convention.uuid]) + "?" + query


def _data(request: AuthenticatedRequest) -> Any:
    """The submitted data on a POST (even empty: the form is then bound and refused)."""
    return request.POST if request.method == "POST" else None


@require_GET
@directory_view()
def directory(request: CtgRequest) -> HttpResponse:
    convention = request.ctg
    filters = DirectoryFilters.from_query(request.GET)
    page = Paginator(
        directory_contacts(request.user, convention, filters), DIRECTORY_PAGE
    ).get_page(request.GET.get("page"))
    return ctg_render(
        request,
        "network/directory.html",
        contacts=page.object_list,
        page=page,
        filters=filters,
        categories=PartnerCategory.choices,
        themes=Theme.choices,
        subnav="contacts",
    )


@require_GET
@directory_view()
def contact_detail(request: CtgRequest, contact_uuid: uuid.UUID) -> HttpResponse:
    convention = request.ctg
    contact = get_contact_for_user(request.user, convention, contact_uuid)
    partner = (
        Partner.objects.filter(convention=convention, organisation_id=contact.organisation_id)
        .only("uuid")
        .first()
        if contact.organisation_id
        else None
    )
    return ctg_render(
        request,
        "network/contact_detail.html",
        contact=contact,
        partner=partner,
        timeline=contact_timeline(request.user, convention, contact),
        log_url=log_url(request, convention, contact=contact.uuid),
        subnav="contacts",
    )


def _save(
    request: AuthenticatedRequest,
    form: ContactForm,
    convention: Convention,
    contact: Contact | None,
) -> Contact | None:
    if not form.is_valid():
        return None
    version = posted_version(form)
    data = dict(form.cleaned_data)
    themes = data.pop("themes")
    try:
        if contact is None:
            with once(request):
                return services.contact_create(
                    convention=convention, by=request.user, themes=themes, **data
                )
        return services.contact_update(
            contact=contact, by=request.user, themes=themes, expected_version=version, **data
        )
    except StaleEdit as exc:
        show_stale(form, exc)
        return None
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@require_http_methods(["GET", "POST"])
@directory_view("can_edit_directory")
@creates_once  # its creation form (``contact_create``)
def contact_edit(request: CtgRequest, contact_uuid: uuid.UUID | None = None) -> HttpResponse:
    convention = request.ctg
    contact = get_contact_for_user(request.user, convention, contact_uuid) if contact_uuid else None
    initial = _prefilled(request, convention) if contact is None else {}
    form = ContactForm(
        request.POST or None, instance=contact, convention=convention, initial=initial
    )
    if request.method == "POST":
        saved = _save(request, form, convention, contact)
        if saved is not None:
            messages.success(request, f"Contact « {saved.full_name} » enregistré.")
            detail = reverse("network:contact_detail", args=[convention.uuid, saved.uuid])
            return HttpResponseRedirect(safe_next(request, next_param(request), detail))
    return ctg_render(
        request,
        "network/contact_form.html",
        form=form,
        contact=contact,
        subnav="contacts",
        next_url=safe_next(request, next_param(request), ""),
    )


def _prefilled(request: CtgRequest, convention: Convention) -> dict[str, Any]:
    """A new contact's organisation, named by the link that opens the form
    (``?organisation=<uuid>``, e.g. from a meeting whose member organisation has no contact):
    one of the Caf's organisations, else nothing."""
    try:
        chosen = uuid.UUID(request.GET.get("organisation", ""))
    except ValueError:
        return {}
    organisation = Organisation.objects.filter(caf_id=convention.caf_id, uuid=chosen).first()
    return {"organisation": organisation} if organisation is not None else {}


@require_POST
@directory_view("can_erase_personal_data")
def contact_erase(request: CtgRequest, contact_uuid: uuid.UUID) -> HttpResponse:
    convention = request.ctg
    contact = get_contact_for_user(request.user, convention, contact_uuid)
    name = contact.full_name
    services.contact_erase(contact=contact, by=request.user)
    messages.success(request, f"{name} a été effacé·e de l'annuaire, historique compris.")
    return redirect("network:directory", convention_uuid=convention.uuid)
