"""Correcting what was entered on a fiche: its steps (edit, delete, reorder), its budget
lines (edit) and its notes (edit, delete, by their author)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods, require_POST

from maillage.conventions.context import CtgRequest, ctg_render
from maillage.core.params import parse_choice

from . import services
from .forms import BudgetLineForm, NoteForm, StepEditForm
from .models import Action
from .permissions import can_change_note
from .views import _back, _detail_url, _editable_fiche, _fiche, plan_view


def _form_page(request: CtgRequest, action: Action, title: str, form: Any) -> HttpResponse:
    return ctg_render(
        request, "plans/simple_form.html", form=form, title=title, cancel_url=_detail_url(action)
    )


@require_http_methods(["GET", "POST"])
@plan_view()
def step_edit(request: CtgRequest, action_uuid: uuid.UUID, step_uuid: uuid.UUID) -> HttpResponse:
    action = _editable_fiche(request, action_uuid)
    step = get_object_or_404(action.steps, uuid=step_uuid)
    form = StepEditForm(
        request.POST or None,
        initial={"name": step.name, "due_date": step.due_date, "done": step.done},
    )
    if request.method == "POST" and form.is_valid():
        services.step_update(step=step, by=request.user, **form.cleaned_data)
        messages.success(request, "Étape enregistrée.")
        return _back(request.ctg, action)
    return _form_page(request, action, f"Modifier l'étape de la fiche {action.reference}", form)


@require_POST
@plan_view()
def step_delete(request: CtgRequest, action_uuid: uuid.UUID, step_uuid: uuid.UUID) -> HttpResponse:
    action = _editable_fiche(request, action_uuid)
    step = get_object_or_404(action.steps, uuid=step_uuid)
    services.step_delete(step=step, by=request.user)
    messages.success(request, f"Étape « {step.name} » supprimée.")
    return _back(request.ctg, action)


@require_POST
@plan_view()
def step_move(request: CtgRequest, action_uuid: uuid.UUID, step_uuid: uuid.UUID) -> HttpResponse:
    action = _editable_fiche(request, action_uuid)
    step = get_object_or_404(action.steps, uuid=step_uuid)
    direction = parse_choice(request.POST.get("sens"), ("haut", "bas"))
    if not direction:
        messages.error(request, "Rien n'a été déplacé : choisissez de monter ou de descendre.")
    else:
        services.step_move(step=step, by=request.user, up=direction == "haut")
    return _back(request.ctg, action)


@require_http_methods(["GET", "POST"])
@plan_view()
def budget_edit(request: CtgRequest, action_uuid: uuid.UUID, line_uuid: uuid.UUID) -> HttpResponse:
    action = _editable_fiche(request, action_uuid)
    line = get_object_or_404(action.budget_lines, uuid=line_uuid)
    form = BudgetLineForm(
        request.POST or None,
        convention=request.ctg,
        initial={
            "year": line.year,
            "nature": line.nature,
            "label": line.label,
            "financeur": line.financeur_id,
            "forecast": line.forecast,
            "actual": line.actual,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.budget_line_update(line=line, by=request.user, **form.cleaned_data)
        messages.success(request, "Ligne budgétaire enregistrée.")
        return _back(request.ctg, action)
    return _form_page(
        request, action, f"Modifier une ligne budgétaire de la fiche {action.reference}", form
    )


def _own_note(request: CtgRequest, action_uuid: uuid.UUID, note_uuid: uuid.UUID) -> Any:
    action = _fiche(request, action_uuid)
    note = get_object_or_404(action.notes, uuid=note_uuid)
    if not can_change_note(request.user, note):
        raise PermissionDenied
    return action, note


@require_http_methods(["GET", "POST"])
@plan_view()
def note_edit(request: CtgRequest, action_uuid: uuid.UUID, note_uuid: uuid.UUID) -> HttpResponse:
    action, note = _own_note(request, action_uuid, note_uuid)
    form = NoteForm(request.POST or None, initial={"text": note.text})
    if request.method == "POST" and form.is_valid():
        services.note_update(note=note, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, "Note enregistrée.")
        return _back(request.ctg, action)
    return _form_page(request, action, f"Modifier votre note sur la fiche {action.reference}", form)


@require_POST
@plan_view()
def note_delete(request: CtgRequest, action_uuid: uuid.UUID, note_uuid: uuid.UUID) -> HttpResponse:
    action, note = _own_note(request, action_uuid, note_uuid)
    services.note_delete(note=note, by=request.user)
    messages.success(request, "Note supprimée.")
    return _back(request.ctg, action)
