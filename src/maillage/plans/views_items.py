"""Correcting what was entered on a fiche: its steps (edit, delete, reorder, move the late
ones at once), its budget lines (edit) and its notes (edit, delete, by their author)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from maillage.conventions.context import CtgRequest, ctg_render
from maillage.core.params import parse_choice, parse_date
from maillage.core.versioning import VERSION_FIELD, StaleEdit, posted_version

from . import services
from .forms import BudgetLineForm, NoteForm, StepEditForm, StepRescheduleForm
from .models import Action, Step
from .permissions import can_change_note
from .selectors import end_shift, step_date_bounds, step_moves, step_moves_title, steps_to_move
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


def _posted_steps(action: Action, values: list[str]) -> list[Step]:
    """The fiche's steps a form names; 404 for one that is not this fiche's."""
    try:
        wanted = {uuid.UUID(value) for value in values}
    except ValueError as exc:
        raise Http404("Étape introuvable.") from exc
    steps = list(action.steps.filter(uuid__in=wanted))
    if len(steps) != len(wanted):
        raise Http404("Étape introuvable.")
    return steps


def _current_versions(form: StepRescheduleForm, action: Action) -> None:
    """Give the re-shown ``form`` the versions stored now, the user's input kept: sent again,
    it applies knowingly over what changed."""
    data = QueryDict(mutable=True)
    data.update(form.data)
    data[form.add_prefix(VERSION_FIELD)] = str(
        Action.objects.values_list("version", flat=True).get(pk=action.pk)
    )
    shown = [m.step.pk for m in form.moves]
    for key, version in Step.objects.filter(pk__in=shown).values_list("uuid", "version"):
        data[form.add_prefix(f"version-{key.hex}")] = str(version)
    form.data = data


@require_http_methods(["GET", "POST"])
@plan_view()
def step_reschedule(request: CtgRequest, action_uuid: uuid.UUID) -> HttpResponse:
    """« 3 étapes en retard : les reporter ? » — offered when a fiche's planned end moves, and
    from a late fiche's page: each step with a proposed date to correct, moved at once.

    ``?ancienne_fin=`` is the planned end before the change: the dates proposed move as it
    moved (see ``selectors.proposed_due_date``).
    """
    action = _editable_fiche(request, action_uuid)
    today = timezone.localdate()
    posted = request.method == "POST"
    if posted:
        steps = _posted_steps(action, request.POST.getlist("etape"))
        shift = datetime.timedelta(0)
    else:
        steps = steps_to_move(action, action.steps.all(), today)
        shift = end_shift(parse_date(request.GET.get("ancienne_fin")), action.end_date)
    moves = step_moves(action, steps, today, shift)
    first, last = step_date_bounds(action, today)
    form = StepRescheduleForm(
        request.POST if posted else None, action=action, moves=moves, bounds=(first, last)
    )
    if posted and form.is_valid():
        version = posted_version(form)
        try:
            count = services.steps_reschedule(
                action=action,
                by=request.user,
                expected_version=version,
                moves=[services.StepDate(s, day, v) for s, day, v in form.chosen()],
            )
        except StaleEdit as exc:
            _current_versions(form, action)
            form.add_error(None, exc)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if count:
                plural = "s" if count > 1 else ""
                messages.success(request, f"{count} étape{plural} reportée{plural}.")
            else:
                messages.info(request, "Aucune échéance n'a changé.")
            return _back(request.ctg, action)
    return ctg_render(
        request,
        "plans/step_reschedule.html",
        form=form,
        action=action,
        title=step_moves_title(moves),
        first=first,
        last=last,
        end_passed=last < first,
        shift_days=shift.days,
        shift_abs=abs(shift.days),
    )


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
