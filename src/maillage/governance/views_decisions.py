"""The relevé de décisions: add, edit, and apply a decision to the plan d'actions."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from maillage.conventions.context import CtgRequest, ctg_render
from maillage.core.once import creates_once, once
from maillage.plans.models import Action
from maillage.plans.selectors import visible_action_ids

from . import services
from .forms import ApplyForm, DecisionForm
from .models import Decision, Meeting
from .selectors import fiche_changes_since
from .views import _meeting, governance_view


def _decision(meeting: Meeting, decision_uuid: uuid.UUID) -> Decision:
    return get_object_or_404(
        meeting.decisions.select_related("owner", "meeting__body__convention"),
        uuid=decision_uuid,
    )


def _visible_links(request: CtgRequest, decision: Decision) -> QuerySet[Action]:
    """The decision's fiches the user may see (the save keeps the others)."""
    return decision.actions.filter(pk__in=visible_action_ids(request.user, request.ctg))


@require_http_methods(["GET", "POST"])
@governance_view()
@creates_once
def decision_add(request: CtgRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    owner, meeting = _meeting(request, meeting_uuid)
    form = DecisionForm(request.POST or None, convention=request.ctg, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with once(request):
                services.decision_add(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Décision ajoutée au relevé de décisions.")
            return owner.back(meeting, "decisions")
    return ctg_render(
        request,
        "governance/form.html",
        form=form,
        title=f"Nouvelle décision — {meeting.title}",
        back=meeting,
        creating=True,
    )


@require_http_methods(["GET", "POST"])
@governance_view()
def decision_edit(
    request: CtgRequest, meeting_uuid: uuid.UUID, decision_uuid: uuid.UUID
) -> HttpResponse:
    owner, meeting = _meeting(request, meeting_uuid)
    decision = _decision(meeting, decision_uuid)
    initial = {
        "text": decision.text,
        "owner": decision.owner,
        "due_date": decision.due_date,
        "status": decision.status,
        "actions": list(_visible_links(request, decision)),
    }
    form = DecisionForm(
        request.POST or None, initial=initial, convention=request.ctg, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_update(decision=decision, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Décision modifiée.")
            return owner.back(meeting, "decisions")
    return ctg_render(
        request,
        "governance/form.html",
        form=form,
        title="Modifier la décision",
        back=meeting,
    )


@require_http_methods(["GET", "POST"])
@governance_view()
def decision_apply(
    request: CtgRequest, meeting_uuid: uuid.UUID, decision_uuid: uuid.UUID
) -> HttpResponse:
    """Apply a decision to the plan: the change and its confirmation in one submission.

    When the fiche changed after the decision was recorded, the changes are shown and a
    second confirmation is asked before anything is written.
    """
    owner, meeting = _meeting(request, meeting_uuid)
    decision = _decision(meeting, decision_uuid)
    linked = list(_visible_links(request, decision))
    initial: dict[str, Any] = {"action": linked[0] if linked else None}
    form = ApplyForm(
        request.POST or None, initial=initial, convention=request.ctg, user=request.user
    )
    changed_since: list[Any] = []
    if request.method == "POST" and not decision.applied_at and form.is_valid():
        data = dict(form.cleaned_data)
        action = data.get("action")
        if action is not None:
            changed_since = fiche_changes_since(action, decision.created_at)
        if changed_since and request.POST.get("confirmer_malgre_changements") != "1":
            form.add_error(
                None,
                "La fiche a changé depuis que la décision a été prise : vérifiez les "
                "changements ci-dessous et confirmez à nouveau.",
            )
        else:
            data.pop("confirm")
            try:
                result = services.decision_apply(decision=decision, by=request.user, **data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, f"Décision appliquée au plan d'actions (fiche {result.reference})."
                )
                return owner.back(meeting, "decisions")
    return ctg_render(
        request,
        "governance/decision_apply.html",
        meeting=meeting,
        decision=decision,
        form=form,
        changed_since=changed_since,
        linked=linked,
    )
