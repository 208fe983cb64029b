"""The organisations of the CTG's directory: list, add, page, edit, removal."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.conventions.context import CtgRequest, ctg_render
from maillage.core.enums import Theme
from maillage.core.once import creates_once, once
from maillage.core.versioning import StaleEdit, add_version_field, posted_version, show_stale
from maillage.organisations.enums import PartnerCategory

from . import selectors, services
from .forms import PartnerAddForm, PartnerForm
from .timeline import partner_timeline
from .views import _data, directory_view, log_url


@require_GET
@directory_view()
def partner_list(request: CtgRequest) -> HttpResponse:
    convention = request.ctg
    filters = selectors.DirectoryFilters.from_query(request.GET)
    partners = list(selectors.directory_partners(request.user, convention, filters))
    return ctg_render(
        request,
        "network/partner_list.html",
        partners=partners,
        filters=filters,
        categories=PartnerCategory.choices,
        themes=Theme.choices,
        subnav="partners",
    )


@require_http_methods(["GET", "POST"])
@directory_view("can_edit_directory")
@creates_once
def partner_create(request: CtgRequest) -> HttpResponse:
    convention = request.ctg
    form = PartnerAddForm(_data(request), convention=convention)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with once(request):
                organisation = data["organisation"] or services.organisation_create(
                    convention=convention,
                    by=request.user,
                    name=data["name"],
                    kind=data["kind"],
                    category=data["category"],
                )
                partner = services.partner_add(
                    convention=convention,
                    by=request.user,
                    organisation=organisation,
                    strategic=data["strategic"],
                    notes=data["notes"],
                    themes=data["themes"],
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"« {organisation.name} » est dans l'annuaire de la CTG.")
            return redirect(
                "network:partner_detail", convention_uuid=convention.uuid, partner_uuid=partner.uuid
            )
    return ctg_render(
        request, "network/partner_form.html", form=form, partner=None, subnav="partners"
    )


@require_GET
@directory_view()
def partner_detail(request: CtgRequest, partner_uuid: uuid.UUID) -> HttpResponse:
    convention = request.ctg
    partner = selectors.get_partner_for_user(request.user, convention, partner_uuid)
    organisation = partner.organisation
    contacts = selectors.organisation_contacts(request.user, convention, organisation)
    return ctg_render(
        request,
        "network/partner_detail.html",
        partner=partner,
        organisation=organisation,
        contacts=list(contacts.prefetch_related("themes")),
        timeline=partner_timeline(request.user, convention, partner),
        log_url=log_url(request, convention, organisation=partner.uuid),
        subnav="partners",
    )


@require_http_methods(["GET", "POST"])
@directory_view("can_edit_directory")
def partner_edit(request: CtgRequest, partner_uuid: uuid.UUID) -> HttpResponse:
    convention = request.ctg
    partner = selectors.get_partner_for_user(request.user, convention, partner_uuid)
    initial = {
        "strategic": partner.strategic,
        "notes": partner.notes,
        "themes": [t.theme for t in partner.themes.all()],
    }
    form = PartnerForm(_data(request), initial=initial)
    add_version_field(form, partner)
    if request.method == "POST" and form.is_valid():
        version = posted_version(form)
        try:
            services.partner_update(
                partner=partner, by=request.user, expected_version=version, **form.cleaned_data
            )
        except StaleEdit as exc:
            show_stale(form, exc)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"« {partner.organisation.name} » enregistrée.")
            return redirect(
                "network:partner_detail", convention_uuid=convention.uuid, partner_uuid=partner.uuid
            )
    return ctg_render(
        request,
        "network/partner_form.html",
        form=form,
        partner=partner,
        subnav="partners",
    )


@require_POST
@directory_view("can_edit_directory")
def partner_remove(request: CtgRequest, partner_uuid: uuid.UUID) -> HttpResponse:
    convention = request.ctg
    partner = selectors.get_partner_for_user(request.user, convention, partner_uuid)
    name = partner.organisation.name
    services.partner_remove(partner=partner, by=request.user)
    messages.success(request, f"« {name} » a été retirée de l'annuaire de la CTG.")
    return redirect("network:partner_list", convention_uuid=convention.uuid)


@require_GET
@directory_view("can_read_log")
def partner_silent(request: CtgRequest) -> HttpResponse:
    convention = request.ctg
    since, partners = selectors.silent_partners(convention)
    return ctg_render(
        request,
        "network/partner_silent.html",
        partners=partners,
        since=since,
        months=settings.MAILLAGE_PARTNER_SILENCE_MONTHS,
        subnav="silent",
    )
