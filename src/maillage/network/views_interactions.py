"""The interaction log: the CTG's latest contact moments, quick entry, edit, removal."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.accounts.http import AuthenticatedRequest
from maillage.conventions.context import CtgRequest, ctg_render
from maillage.conventions.models import Convention
from maillage.core.once import creates_once, once
from maillage.core.params import next_param, safe_next

from . import selectors, services
from .enums import InteractionKind
from .forms import InteractionForm
from .models import Contact, Interaction, Partner
from .views import _data, directory_view


@require_GET
@directory_view("can_read_log")
def interaction_list(request: CtgRequest) -> HttpResponse:
    convention = request.ctg
    filters = selectors.LogFilters.from_query(request.GET)
    return ctg_render(
        request,
        "network/interaction_list.html",
        interactions=selectors.interaction_log(request.user, convention, filters),
        filters=filters,
        kinds=InteractionKind.choices,
        subnav="log",
    )


def _next_url(request: AuthenticatedRequest, convention: Convention) -> str:
    return safe_next(
        request, next_param(request), reverse("network:interaction_list", args=[convention.uuid])
    )


def _initial(request: AuthenticatedRequest, convention: Convention) -> dict[str, object]:
    """Prefill from a contact's or an organisation's page (?contact=… or ?organisation=…)."""
    initial: dict[str, object] = {"date": timezone.localdate(), "kind": InteractionKind.APPEL}
    try:
        if request.GET.get("contact"):
            contact = Contact.objects.get(
                convention=convention, uuid=uuid.UUID(request.GET["contact"])
            )
            initial["contacts"] = [contact.pk]
            if contact.organisation_id:
                initial["organisations"] = [contact.organisation_id]
        if request.GET.get("organisation"):
            partner = Partner.objects.get(
                convention=convention, uuid=uuid.UUID(request.GET["organisation"])
            )
            initial["organisations"] = [partner.organisation_id]
    except (ValueError, Contact.DoesNotExist, Partner.DoesNotExist):
        pass  # a stale or foreign link: an empty form, nothing revealed
    return initial


def _save(
    request: AuthenticatedRequest,
    form: InteractionForm,
    convention: Convention,
    interaction: Interaction | None,
) -> Interaction | None:
    if not form.is_valid():
        return None
    data = dict(form.cleaned_data)
    try:
        if interaction is None:
            with once(request):
                return services.interaction_create(convention=convention, by=request.user, **data)
        return services.interaction_update(interaction=interaction, by=request.user, **data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@require_http_methods(["GET", "POST"])
@directory_view("can_edit_directory")
@creates_once  # its creation form (``interaction_create``)
def interaction_edit(
    request: CtgRequest, interaction_uuid: uuid.UUID | None = None
) -> HttpResponse:
    convention = request.ctg
    interaction = (
        selectors.get_interaction_for_user(request.user, convention, interaction_uuid)
        if interaction_uuid
        else None
    )
    form = InteractionForm(
        _data(request),
        instance=interaction,
        initial=None if interaction else _initial(request, convention),
        convention=convention,
        user=request.user,
    )
    if request.method == "POST":
        saved = _save(request, form, convention, interaction)
        if saved is not None:
            messages.success(request, f"Interaction « {saved.subject} » enregistrée.")
            return redirect(_next_url(request, convention))
    return ctg_render(
        request,
        "network/interaction_form.html",
        form=form,
        interaction=interaction,
        next_url=_next_url(request, convention),
        subnav="log",
    )


@require_POST
@directory_view("can_edit_directory")
def interaction_delete(request: CtgRequest, interaction_uuid: uuid.UUID) -> HttpResponse:
    convention = request.ctg
    interaction = selectors.get_interaction_for_user(request.user, convention, interaction_uuid)
    services.interaction_delete(interaction=interaction, by=request.user)
    messages.success(request, f"Interaction « {interaction.subject} » supprimée du journal.")
    return redirect("network:interaction_list", convention_uuid=convention.uuid)
