"""The interaction log: the CTG's latest contact moments, quick entry, edit, removal."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.conventions.models import Convention

from . import selectors, services
from .enums import InteractionKind
from .forms import InteractionForm
from .models import Contact, Interaction, Partner
from .permissions import can_read_log
from .views import _convention, _data, _render


def _log_convention(request: HttpRequest, convention_uuid: uuid.UUID) -> Convention:
    convention = _convention(request, convention_uuid)
    if not can_read_log(request.user, convention):
        raise PermissionDenied
    return convention


@require_GET
def interaction_list(request: HttpRequest, convention_uuid: uuid.UUID) -> HttpResponse:
    convention = _log_convention(request, convention_uuid)
    filters = selectors.LogFilters.from_query(request.GET)
    return _render(
        request,
        "network/interaction_list.html",
        convention,
        interactions=selectors.interaction_log(request.user, convention, filters),
        filters=filters,
        kinds=InteractionKind.choices,
        subnav="log",
    )


def _next_url(request: HttpRequest, convention: Convention) -> str:
    target = request.POST.get("suivant") or request.GET.get("suivant") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("network:interaction_list", args=[convention.uuid])


def _initial(request: HttpRequest, convention: Convention) -> dict[str, object]:
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
    request: HttpRequest,
    form: InteractionForm,
    convention: Convention,
    interaction: Interaction | None,
) -> Interaction | None:
    if not form.is_valid():
        return None
    data = dict(form.cleaned_data)
    try:
        if interaction is None:
            return services.interaction_create(convention=convention, by=request.user, **data)
        return services.interaction_update(interaction=interaction, by=request.user, **data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@require_http_methods(["GET", "POST"])
def interaction_edit(
    request: HttpRequest, convention_uuid: uuid.UUID, interaction_uuid: uuid.UUID | None = None
) -> HttpResponse:
    convention = _convention(request, convention_uuid, edit=True)
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
    return _render(
        request,
        "network/interaction_form.html",
        convention,
        form=form,
        interaction=interaction,
        next_url=_next_url(request, convention),
        subnav="log",
    )


@require_POST
def interaction_delete(
    request: HttpRequest, convention_uuid: uuid.UUID, interaction_uuid: uuid.UUID
) -> HttpResponse:
    convention = _convention(request, convention_uuid, edit=True)
    interaction = selectors.get_interaction_for_user(request.user, convention, interaction_uuid)
    services.interaction_delete(interaction=interaction, by=request.user)
    messages.success(request, f"Interaction « {interaction.subject} » supprimée du journal.")
    return redirect("network:interaction_list", convention_uuid=convention.uuid)
