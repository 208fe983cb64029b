"""Pages of the plan d'actions: tree, table, fiche, and the forms that change them."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from maillage.conventions.models import Convention
from maillage.conventions.permissions import convention_permissions
from maillage.conventions.selectors import get_convention_for_user
from maillage.core.enums import Theme

from . import services
from .enums import ActionStatus, Priority
from .forms import (
    ActionForm,
    AxisForm,
    BudgetLineForm,
    BulkForm,
    NoteForm,
    ObjectiveForm,
    StepForm,
)
from .history import action_history
from .models import Action, ActionPlan
from .permissions import can_comment_action, can_edit_action, can_edit_plan
from .selectors import (
    ActionFilters,
    get_action_for_user,
    get_axis,
    get_objective,
    plan_actions,
    plan_of,
    plan_pilots,
    plan_tree,
)


def _plan(
    request: HttpRequest, convention_uuid: uuid.UUID, *, edit: bool = False
) -> tuple[Convention, ActionPlan]:
    convention = get_convention_for_user(request.user, convention_uuid)
    if edit and not can_edit_plan(request.user, convention):
        raise PermissionDenied
    return convention, plan_of(convention)


def _context(request: HttpRequest, convention: Convention, **context: Any) -> dict[str, Any]:
    return {
        "convention": convention,
        "can_edit_plan": can_edit_plan(request.user, convention),
        **convention_permissions(request.user, convention),
        **context,
    }


def _render(
    request: HttpRequest, template: str, convention: Convention, **context: Any
) -> HttpResponse:
    return render(request, template, _context(request, convention, **context))


def _fiche(
    request: HttpRequest, convention_uuid: uuid.UUID, action_uuid: uuid.UUID
) -> tuple[Convention, Action]:
    convention = get_convention_for_user(request.user, convention_uuid)
    return convention, get_action_for_user(request.user, convention, action_uuid)


def _editable_fiche(
    request: HttpRequest, convention_uuid: uuid.UUID, action_uuid: uuid.UUID
) -> tuple[Convention, Action]:
    convention, action = _fiche(request, convention_uuid, action_uuid)
    if not can_edit_action(request.user, action):
        raise PermissionDenied
    return convention, action


def tree(request: HttpRequest, convention_uuid: uuid.UUID) -> HttpResponse:
    convention, plan = _plan(request, convention_uuid)
    return _render(request, "plans/tree.html", convention, axes=plan_tree(request.user, plan))


@require_http_methods(["GET", "POST"])
def axis_create(request: HttpRequest, convention_uuid: uuid.UUID) -> HttpResponse:
    convention, plan = _plan(request, convention_uuid, edit=True)
    form = AxisForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        axis = services.axis_create(plan=plan, by=request.user, **form.cleaned_data)
        messages.success(request, f"Axe {axis.reference} ajouté.")
        return redirect("plans:tree", convention_uuid=convention.uuid)
    return _render(request, "plans/simple_form.html", convention, form=form, title="Nouvel axe")


@require_http_methods(["GET", "POST"])
def axis_edit(
    request: HttpRequest, convention_uuid: uuid.UUID, axis_uuid: uuid.UUID
) -> HttpResponse:
    convention, plan = _plan(request, convention_uuid, edit=True)
    axis = get_axis(plan, axis_uuid)
    form = AxisForm(
        request.POST or None, initial={"title": axis.title, "description": axis.description}
    )
    if request.method == "POST" and form.is_valid():
        services.axis_update(axis=axis, by=request.user, **form.cleaned_data)
        messages.success(request, f"Axe {axis.reference} modifié.")
        return redirect("plans:tree", convention_uuid=convention.uuid)
    return _render(
        request,
        "plans/simple_form.html",
        convention,
        form=form,
        title=f"Modifier l'axe {axis.reference}",
    )


@require_POST
def axis_move(
    request: HttpRequest, convention_uuid: uuid.UUID, axis_uuid: uuid.UUID
) -> HttpResponse:
    convention, plan = _plan(request, convention_uuid, edit=True)
    axis = get_axis(plan, axis_uuid)
    services.axis_move(axis=axis, by=request.user, up=request.POST.get("sens") == "haut")
    return redirect("plans:tree", convention_uuid=convention.uuid)


@require_http_methods(["GET", "POST"])
def objective_create(
    request: HttpRequest, convention_uuid: uuid.UUID, axis_uuid: uuid.UUID
) -> HttpResponse:
    convention, plan = _plan(request, convention_uuid, edit=True)
    axis = get_axis(plan, axis_uuid)
    form = ObjectiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        objective = services.objective_create(axis=axis, by=request.user, **form.cleaned_data)
        messages.success(request, f"Objectif {objective.reference} ajouté.")
        return redirect("plans:tree", convention_uuid=convention.uuid)
    return _render(
        request,
        "plans/simple_form.html",
        convention,
        form=form,
        title=f"Nouvel objectif de l'axe {axis.reference}",
    )


@require_http_methods(["GET", "POST"])
def objective_edit(
    request: HttpRequest, convention_uuid: uuid.UUID, objective_uuid: uuid.UUID
) -> HttpResponse:
    convention, plan = _plan(request, convention_uuid, edit=True)
    objective = get_objective(plan, objective_uuid)
    form = ObjectiveForm(request.POST or None, initial={"title": objective.title})
    if request.method == "POST" and form.is_valid():
        services.objective_update(objective=objective, by=request.user, **form.cleaned_data)
        messages.success(request, f"Objectif {objective.reference} modifié.")
        return redirect("plans:tree", convention_uuid=convention.uuid)
    return _render(
        request,
        "plans/simple_form.html",
        convention,
        form=form,
        title=f"Modifier l'objectif {objective.reference}",
    )


@require_http_methods(["GET", "POST"])
def action_list(request: HttpRequest, convention_uuid: uuid.UUID) -> HttpResponse:
    convention, plan = _plan(request, convention_uuid)
    filters = ActionFilters.from_query(request.GET)
    actions = plan_actions(request.user, plan, filters)
    bulk = None
    if can_edit_plan(request.user, convention):
        bulk = BulkForm(request.POST or None, plan=plan, actions=plan.actions.all())
        if request.method == "POST":
            if bulk.is_valid():
                count = services.actions_bulk_update(
                    plan=plan,
                    by=request.user,
                    actions=bulk.cleaned_data["actions"],
                    status=bulk.cleaned_data["status"],
                    pilot=bulk.cleaned_data["pilot"],
                )
                messages.success(request, f"{count} fiche(s) modifiée(s).")
                return redirect(request.get_full_path())
            messages.error(
                request,
                "Rien n'a été modifié : "
                + " ".join(e for errors in bulk.errors.values() for e in errors),
            )
    elif request.method == "POST":
        raise PermissionDenied
    return _render(
        request,
        "plans/action_list.html",
        convention,
        actions=list(actions),
        filters=filters,
        bulk=bulk,
        statuses=ActionStatus.choices,
        themes=Theme.choices,
        priorities=Priority.choices,
        pilots=plan_pilots(convention),
        columns=COLUMNS,
    )


COLUMNS = [
    ("ref", "Réf."),
    ("titre", "Fiche"),
    ("statut", "Statut"),
    ("priorite", "Priorité"),
    ("pilote", "Pilote"),
    ("fin", "Fin prévue"),
    ("avancement", "Avancement"),
]


def _save_action_form(
    request: HttpRequest, form: ActionForm, plan: ActionPlan, action: Action | None
) -> Action | None:
    data = dict(form.cleaned_data)
    axis = data.pop("axis")
    try:
        if action is None:
            return services.action_create(plan=plan, by=request.user, axis=axis, **data)
        return services.action_update(action=action, by=request.user, axis=axis, **data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, convention_uuid: uuid.UUID) -> HttpResponse:
    convention, plan = _plan(request, convention_uuid, edit=True)
    if not plan.axes.exists():
        messages.error(request, "Créez d'abord un axe : chaque fiche appartient à un axe.")
        return redirect("plans:tree", convention_uuid=convention.uuid)
    form = ActionForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        action = _save_action_form(request, form, plan, None)
        if action is not None:
            messages.success(request, f"Fiche {action.reference} créée.")
            return redirect(
                "plans:action_detail", convention_uuid=convention.uuid, action_uuid=action.uuid
            )
    return _render(request, "plans/action_form.html", convention, form=form, action=None)


@require_http_methods(["GET", "POST"])
def action_edit(
    request: HttpRequest, convention_uuid: uuid.UUID, action_uuid: uuid.UUID
) -> HttpResponse:
    convention, action = _editable_fiche(request, convention_uuid, action_uuid)
    form = ActionForm(request.POST or None, instance=action, plan=action.plan)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_action_form(request, form, action.plan, action) is not None
    ):
        messages.success(request, f"Fiche {action.reference} enregistrée.")
        return redirect(
            "plans:action_detail", convention_uuid=convention.uuid, action_uuid=action.uuid
        )
    return _render(request, "plans/action_form.html", convention, form=form, action=action)


def action_detail(
    request: HttpRequest, convention_uuid: uuid.UUID, action_uuid: uuid.UUID
) -> HttpResponse:
    convention, action = _fiche(request, convention_uuid, action_uuid)
    editable = can_edit_action(request.user, action)
    return _render(
        request,
        "plans/action_detail.html",
        convention,
        action=action,
        objectives=action.objectives.select_related("axis"),
        copilots=action.copilots.all(),
        partners=action.partners.all(),
        publics=action.publics.all(),
        communes=action.communes.all(),
        steps=action.steps.all(),
        budget_lines=action.budget_lines.select_related("financeur"),
        notes=action.notes.select_related("author"),
        indicators=action.indicators.all(),
        documents=action.documents.select_related("uploaded_by"),
        history=action_history(action),
        can_edit_action=editable,
        can_comment=can_comment_action(request.user, action),
        step_form=StepForm(),
        note_form=NoteForm(),
        budget_form=BudgetLineForm(convention=convention) if editable else None,
    )


def _back(convention: Convention, action: Action) -> HttpResponse:
    return redirect("plans:action_detail", convention_uuid=convention.uuid, action_uuid=action.uuid)


def _form_errors(request: HttpRequest, form: Any) -> None:
    messages.error(
        request,
        "Rien n'a été enregistré : "
        + " ".join(
            f"{form.fields[f].label if f in form.fields else ''} : {e}".strip(" :")
            for f, errors in form.errors.items()
            for e in errors
        ),
    )


@require_POST
def step_add(
    request: HttpRequest, convention_uuid: uuid.UUID, action_uuid: uuid.UUID
) -> HttpResponse:
    convention, action = _editable_fiche(request, convention_uuid, action_uuid)
    form = StepForm(request.POST)
    if form.is_valid():
        services.step_add(action=action, by=request.user, **form.cleaned_data)
        messages.success(request, "Étape ajoutée.")
    else:
        _form_errors(request, form)
    return _back(convention, action)


@require_POST
def step_toggle(
    request: HttpRequest, convention_uuid: uuid.UUID, action_uuid: uuid.UUID, step_uuid: uuid.UUID
) -> HttpResponse:
    convention, action = _editable_fiche(request, convention_uuid, action_uuid)
    step = get_object_or_404(action.steps, uuid=step_uuid)
    services.step_toggle(step=step, by=request.user)
    if request.htmx:  # inline: only the step's line is redrawn
        return render(
            request,
            "plans/_step.html",
            {
                "s": step,
                "convention": convention,
                "action": action,
                "can_edit_action": True,
            },
        )
    return _back(convention, action)


@require_POST
def budget_add(
    request: HttpRequest, convention_uuid: uuid.UUID, action_uuid: uuid.UUID
) -> HttpResponse:
    convention, action = _editable_fiche(request, convention_uuid, action_uuid)
    form = BudgetLineForm(request.POST, convention=convention)
    if form.is_valid():
        services.budget_line_add(action=action, by=request.user, **form.cleaned_data)
        messages.success(request, "Ligne budgétaire ajoutée.")
    else:
        _form_errors(request, form)
    return _back(convention, action)


@require_POST
def budget_delete(
    request: HttpRequest, convention_uuid: uuid.UUID, action_uuid: uuid.UUID, line_uuid: uuid.UUID
) -> HttpResponse:
    convention, action = _editable_fiche(request, convention_uuid, action_uuid)
    line = get_object_or_404(action.budget_lines, uuid=line_uuid)
    services.budget_line_delete(line=line, by=request.user)
    messages.success(request, "Ligne budgétaire supprimée.")
    return _back(convention, action)


@require_POST
def note_add(
    request: HttpRequest, convention_uuid: uuid.UUID, action_uuid: uuid.UUID
) -> HttpResponse:
    convention, action = _fiche(request, convention_uuid, action_uuid)
    if not can_comment_action(request.user, action):
        raise PermissionDenied
    form = NoteForm(request.POST)
    if form.is_valid():
        services.note_add(action=action, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, "Note ajoutée.")
    else:
        _form_errors(request, form)
    return _back(convention, action)
