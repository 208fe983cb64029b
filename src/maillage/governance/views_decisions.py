"""The relevé de décisions: add, edit, and apply a decision to the plan d'actions; a
decision's page, where the CTG's members comment it."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.conventions.context import CtgRequest, ctg_render
from maillage.core.once import creates_once, once
from maillage.core.versioning import StaleEdit, add_version_field, posted_version, show_stale
from maillage.plans.models import Action
from maillage.plans.selectors import visible_action_ids

from . import services
from .forms import ApplyForm, DecisionCommentForm, DecisionForm
from .models import Decision, DecisionComment, Meeting
from .permissions import can_change_decision_comment, can_comment_decision, can_read_decisions
from .selectors import (
    decision_history,
    fiche_changes_since,
    get_comment_for_user,
    get_decision_for_user,
)
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


# ---------------------------------------------------------------------------- comments


def _readable(request: CtgRequest, meeting_uuid: uuid.UUID, decision_uuid: uuid.UUID) -> Decision:
    """A decision the user sees (404 otherwise), whose meeting's decisions they may read
    yet (403 before the minutes are published, for one who does not manage)."""
    decision = get_decision_for_user(request.user, request.ctg, meeting_uuid, decision_uuid)
    if not can_read_decisions(request.user, decision.meeting):
        raise PermissionDenied
    return decision


def _own_comment(
    request: CtgRequest, meeting_uuid: uuid.UUID, decision_uuid: uuid.UUID, comment_uuid: uuid.UUID
) -> DecisionComment:
    comment = get_comment_for_user(_readable(request, meeting_uuid, decision_uuid), comment_uuid)
    if not can_change_decision_comment(request.user, comment):
        raise PermissionDenied
    return comment


def _decision_url(request: CtgRequest, decision: Decision) -> str:
    return reverse(
        "governance:decision_detail",
        args=[request.ctg.uuid, decision.meeting.uuid, decision.uuid],
    )


def _decision_page(
    request: CtgRequest, decision: Decision, form: DecisionCommentForm | None = None
) -> HttpResponse:
    can_comment = can_comment_decision(request.user, decision)
    return ctg_render(
        request,
        "governance/decision_detail.html",
        meeting=decision.meeting,
        decision=decision,
        comments=list(decision.comments.all()),
        history=decision_history(decision),
        comment_form=form or (DecisionCommentForm() if can_comment else None),
    )


@require_GET
@governance_view()
def decision_detail(
    request: CtgRequest, meeting_uuid: uuid.UUID, decision_uuid: uuid.UUID
) -> HttpResponse:
    """A decision with its comments and its history; the CTG's members comment it there."""
    return _decision_page(request, _readable(request, meeting_uuid, decision_uuid))


@require_POST
@governance_view("can_comment_decisions")
@creates_once
def decision_comment_add(
    request: CtgRequest, meeting_uuid: uuid.UUID, decision_uuid: uuid.UUID
) -> HttpResponse:
    decision = _readable(request, meeting_uuid, decision_uuid)
    form = DecisionCommentForm(request.POST)
    if form.is_valid():
        try:
            with once(request):
                services.decision_comment_add(
                    decision=decision, by=request.user, text=form.cleaned_data["text"]
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, "Votre commentaire est publié ; le chargé de coopération en est averti."
            )
            return HttpResponseRedirect(_decision_url(request, decision) + "#commentaires")
    return _decision_page(request, decision, form)


@require_http_methods(["GET", "POST"])
@governance_view("can_comment_decisions")
def decision_comment_edit(
    request: CtgRequest, meeting_uuid: uuid.UUID, decision_uuid: uuid.UUID, comment_uuid: uuid.UUID
) -> HttpResponse:
    """Its author corrects a comment (a form opened on an older version says what changed)."""
    comment = _own_comment(request, meeting_uuid, decision_uuid, comment_uuid)
    form = DecisionCommentForm(request.POST or None, initial={"text": comment.text})
    add_version_field(form, comment)
    back = _decision_url(request, comment.decision)
    if request.method == "POST" and form.is_valid():
        version = posted_version(form)
        try:
            services.decision_comment_update(
                comment=comment,
                by=request.user,
                text=form.cleaned_data["text"],
                expected_version=version,
            )
        except StaleEdit as exc:
            show_stale(form, exc)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Votre commentaire est corrigé.")
            return HttpResponseRedirect(back + "#commentaires")
    return ctg_render(
        request,
        "governance/form.html",
        form=form,
        title="Corriger votre commentaire",
        back_url=back,
    )


@require_POST
@governance_view("can_comment_decisions")
def decision_comment_delete(
    request: CtgRequest, meeting_uuid: uuid.UUID, decision_uuid: uuid.UUID, comment_uuid: uuid.UUID
) -> HttpResponse:
    comment = _own_comment(request, meeting_uuid, decision_uuid, comment_uuid)
    services.decision_comment_delete(comment=comment, by=request.user)
    messages.success(request, "Votre commentaire est supprimé.")
    return HttpResponseRedirect(_decision_url(request, comment.decision) + "#commentaires")
