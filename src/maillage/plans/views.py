"""Pages of the plan d'actions: tree, table, fiche, and the forms that change them."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from maillage.accounts.http import AuthenticatedRequest
from maillage.conventions.context import CtgRequest, Requirement, ctg_render, ctg_view
from maillage.conventions.models import Convention
from maillage.core.enums import Theme
from maillage.core.once import creates_once, once
from maillage.core.versioning import StaleEdit, posted_version, show_stale

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
from .models import Action
from .permissions import (
    ACTION_FIELDS,
    action_editable_fields,
    can_comment_action,
    can_edit_action,
    plan_permissions,
)
from .selectors import (
    ActionFilters,
    get_action_for_user,
    get_axis,
    get_objective,
    late_reason,
    plan_actions,
    plan_of,
    plan_pilots,
    plan_tree,
    step_date_bounds,
    steps_to_move,
)


def plan_view(require: Requirement = None, *, listing: bool = False) -> Any:
    """Decorate a page of the plan: its CTG resolved with the plan's flags (see
    ``conventions.context.ctg_view``)."""
    return ctg_view(require, flags=(plan_permissions,), listing=listing)


def _fiche(request: CtgRequest, action_uuid: uuid.UUID) -> Action:
    return get_action_for_user(request.user, request.ctg, action_uuid)


def _editable_fiche(request: CtgRequest, action_uuid: uuid.UUID) -> Action:
    action = _fiche(request, action_uuid)
    if not can_edit_action(request.user, action):
        raise PermissionDenied
    return action


@plan_view()
def tree(request: CtgRequest) -> HttpResponse:
    plan = plan_of(request.ctg)
    return ctg_render(request, "plans/tree.html", axes=plan_tree(request.user, plan))


@require_http_methods(["GET", "POST"])
@plan_view("can_edit_plan")
@creates_once
def axis_create(request: CtgRequest) -> HttpResponse:
    form = AxisForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = plan_of(request.ctg)
        with once(request):
            axis = services.axis_create(plan=plan, by=request.user, **form.cleaned_data)
        messages.success(request, f"Axe {axis.reference} ajouté.")
        return redirect("plans:tree", convention_uuid=request.ctg.uuid)
    return ctg_render(
        request, "plans/simple_form.html", form=form, title="Nouvel axe", creating=True
    )


@require_http_methods(["GET", "POST"])
@plan_view("can_edit_plan")
def axis_edit(request: CtgRequest, axis_uuid: uuid.UUID) -> HttpResponse:
    axis = get_axis(plan_of(request.ctg), axis_uuid)
    form = AxisForm(
        request.POST or None, initial={"title": axis.title, "description": axis.description}
    )
    if request.method == "POST" and form.is_valid():
        services.axis_update(axis=axis, by=request.user, **form.cleaned_data)
        messages.success(request, f"Axe {axis.reference} modifié.")
        return redirect("plans:tree", convention_uuid=request.ctg.uuid)
    return ctg_render(
        request,
        "plans/simple_form.html",
        form=form,
        title=f"Modifier l'axe {axis.reference}",
        delete_url=reverse("plans:axis_delete", args=[request.ctg.uuid, axis.uuid]),
        delete_label=f"Supprimer l'axe {axis.reference}",
        delete_help="Seul un axe sans fiche peut être supprimé ; ses objectifs le sont avec lui.",
    )


@require_POST
@plan_view("can_edit_plan")
def axis_delete(request: CtgRequest, axis_uuid: uuid.UUID) -> HttpResponse:
    axis = get_axis(plan_of(request.ctg), axis_uuid)
    return _delete(
        request,
        lambda: services.axis_delete(axis=axis, by=request.user),
        f"Axe {axis.reference} supprimé.",
    )


@require_POST
@plan_view("can_edit_plan")
def objective_delete(request: CtgRequest, objective_uuid: uuid.UUID) -> HttpResponse:
    objective = get_objective(plan_of(request.ctg), objective_uuid)
    return _delete(
        request,
        lambda: services.objective_delete(objective=objective, by=request.user),
        f"Objectif {objective.reference} supprimé.",
    )


@require_POST
@plan_view("can_edit_plan")
def action_delete(request: CtgRequest, action_uuid: uuid.UUID) -> HttpResponse:
    action = _fiche(request, action_uuid)
    try:
        services.action_delete(action=action, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(request.ctg, action)
    messages.success(request, f"Fiche {action.reference} supprimée.")
    return redirect("plans:tree", convention_uuid=request.ctg.uuid)


def _delete(request: CtgRequest, delete: Callable[[], None], done: str) -> HttpResponse:
    try:
        delete()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("plans:tree", convention_uuid=request.ctg.uuid)


@require_POST
@plan_view("can_edit_plan")
def axis_move(request: CtgRequest, axis_uuid: uuid.UUID) -> HttpResponse:
    axis = get_axis(plan_of(request.ctg), axis_uuid)
    services.axis_move(axis=axis, by=request.user, up=request.POST.get("sens") == "haut")
    return redirect("plans:tree", convention_uuid=request.ctg.uuid)


@require_http_methods(["GET", "POST"])
@plan_view("can_edit_plan")
@creates_once
def objective_create(request: CtgRequest, axis_uuid: uuid.UUID) -> HttpResponse:
    axis = get_axis(plan_of(request.ctg), axis_uuid)
    form = ObjectiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with once(request):
            objective = services.objective_create(axis=axis, by=request.user, **form.cleaned_data)
        messages.success(request, f"Objectif {objective.reference} ajouté.")
        return redirect("plans:tree", convention_uuid=request.ctg.uuid)
    return ctg_render(
        request,
        "plans/simple_form.html",
        form=form,
        title=f"Nouvel objectif de l'axe {axis.reference}",
        creating=True,
    )


@require_http_methods(["GET", "POST"])
@plan_view("can_edit_plan")
def objective_edit(request: CtgRequest, objective_uuid: uuid.UUID) -> HttpResponse:
    objective = get_objective(plan_of(request.ctg), objective_uuid)
    form = ObjectiveForm(request.POST or None, initial={"title": objective.title})
    if request.method == "POST" and form.is_valid():
        services.objective_update(objective=objective, by=request.user, **form.cleaned_data)
        messages.success(request, f"Objectif {objective.reference} modifié.")
        return redirect("plans:tree", convention_uuid=request.ctg.uuid)
    return ctg_render(
        request,
        "plans/simple_form.html",
        form=form,
        title=f"Modifier l'objectif {objective.reference}",
        delete_url=reverse("plans:objective_delete", args=[request.ctg.uuid, objective.uuid]),
        delete_label=f"Supprimer l'objectif {objective.reference}",
        delete_help="Seul un objectif qu'aucune fiche ne sert peut être supprimé.",
    )


@require_http_methods(["GET", "POST"])
@plan_view()
def action_list(request: CtgRequest) -> HttpResponse:
    plan = plan_of(request.ctg)
    filters = ActionFilters.from_query(request.GET)
    actions = plan_actions(request.user, plan, filters)
    bulk = None
    if request.ctg_perms["can_edit_plan"]:
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
                + " ".join(str(e) for errors in bulk.errors.values() for e in errors),
            )
    elif request.method == "POST":
        raise PermissionDenied
    return ctg_render(
        request,
        "plans/action_list.html",
        actions=list(actions),
        filters=filters,
        bulk=bulk,
        statuses=ActionStatus.choices,
        themes=Theme.choices,
        priorities=Priority.choices,
        pilots=plan_pilots(request.ctg),
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
    request: AuthenticatedRequest, form: ActionForm, action: Action
) -> Action | None:
    version = posted_version(form)
    data = dict(form.cleaned_data)
    axis = data.pop("axis", None)
    try:
        return services.action_update(
            action=action, by=request.user, axis=axis, expected_version=version, **data
        )
    except StaleEdit as exc:
        show_stale(form, exc)
        return None
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@require_http_methods(["GET", "POST"])
@plan_view("can_edit_plan")
@creates_once
def action_create(request: CtgRequest) -> HttpResponse:
    plan = plan_of(request.ctg)
    if not plan.axes.exists():
        messages.error(request, "Créez d'abord un axe : chaque fiche appartient à un axe.")
        return redirect("plans:tree", convention_uuid=request.ctg.uuid)
    form = ActionForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        axis = data.pop("axis")
        try:
            with once(request):
                action = services.action_create(plan=plan, by=request.user, axis=axis, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Fiche {action.reference} créée.")
            return _back(request.ctg, action)
    return ctg_render(request, "plans/action_form.html", form=form, action=None)


@require_http_methods(["GET", "POST"])
@plan_view()
def action_edit(request: CtgRequest, action_uuid: uuid.UUID) -> HttpResponse:
    action = _editable_fiche(request, action_uuid)
    editable = action_editable_fields(request.user, action)
    old_end = action.end_date
    form = ActionForm(request.POST or None, instance=action, plan=action.plan, editable=editable)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_action_form(request, form, action) is not None
    ):
        messages.success(request, f"Fiche {action.reference} enregistrée.")
        if _offers_to_move_steps(action, old_end):
            url = reverse("plans:step_reschedule", args=[request.ctg.uuid, action.uuid])
            return redirect(f"{url}?ancienne_fin={old_end:%Y-%m-%d}" if old_end else url)
        return _back(request.ctg, action)
    return ctg_render(
        request,
        "plans/action_form.html",
        form=form,
        action=action,
        steered=editable != ACTION_FIELDS.names,
        can_delete=request.ctg_perms["can_edit_plan"],
    )


def _offers_to_move_steps(action: Action, old_end: datetime.date | None) -> bool:
    """A new planned end, with steps overdue or after it, and dates left to move them to."""
    today = timezone.localdate()
    if action.end_date is None or action.end_date == old_end:
        return False
    first, last = step_date_bounds(action, today)
    return first <= last and bool(steps_to_move(action, action.steps.all(), today))


@plan_view()
def action_detail(request: CtgRequest, action_uuid: uuid.UUID) -> HttpResponse:
    action = _fiche(request, action_uuid)
    editable = can_edit_action(request.user, action)
    steps = list(action.steps.all())
    today = timezone.localdate()
    first, last = step_date_bounds(action, today)
    return ctg_render(
        request,
        "plans/action_detail.html",
        action=action,
        late_reason=late_reason(action, steps, today),
        steps_to_move=len(steps_to_move(action, steps, today)) if editable and first <= last else 0,
        objectives=action.objectives.select_related("axis"),
        copilots=action.copilots.all(),
        partners=action.partners.all(),
        publics=action.publics.all(),
        communes=action.communes.all(),
        steps=steps,
        budget_lines=action.budget_lines.select_related("financeur"),
        notes=action.notes.select_related("author"),
        indicators=action.indicators.all(),
        documents=action.documents.select_related("uploaded_by"),
        history=action_history(action),
        can_edit_action=editable,
        can_comment=can_comment_action(request.user, action),
        step_form=StepForm(),
        note_form=NoteForm(),
        budget_form=BudgetLineForm(convention=request.ctg) if editable else None,
    )


def _detail_url(action: Action) -> str:
    return reverse("plans:action_detail", args=[action.plan.convention.uuid, action.uuid])


def _back(convention: Convention, action: Action) -> HttpResponse:
    return redirect("plans:action_detail", convention_uuid=convention.uuid, action_uuid=action.uuid)


def _form_errors(request: AuthenticatedRequest, form: Any) -> None:
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
@plan_view()
@creates_once
def step_add(request: CtgRequest, action_uuid: uuid.UUID) -> HttpResponse:
    action = _editable_fiche(request, action_uuid)
    form = StepForm(request.POST)
    if form.is_valid():
        with once(request):
            services.step_add(action=action, by=request.user, **form.cleaned_data)
        messages.success(request, "Étape ajoutée.")
    else:
        _form_errors(request, form)
    return _back(request.ctg, action)


@require_POST
@plan_view()
def step_toggle(request: CtgRequest, action_uuid: uuid.UUID, step_uuid: uuid.UUID) -> HttpResponse:
    action = _editable_fiche(request, action_uuid)
    step = get_object_or_404(action.steps, uuid=step_uuid)
    services.step_toggle(step=step, by=request.user)
    if request.htmx:  # inline: only the step's line is redrawn
        return render(
            request,
            "plans/_step.html",
            {"s": step, "convention": request.ctg, "action": action, "can_edit_action": True},
        )
    return _back(request.ctg, action)


@require_POST
@plan_view()
@creates_once
def budget_add(request: CtgRequest, action_uuid: uuid.UUID) -> HttpResponse:
    action = _editable_fiche(request, action_uuid)
    form = BudgetLineForm(request.POST, convention=request.ctg)
    if form.is_valid():
        with once(request):
            services.budget_line_add(action=action, by=request.user, **form.cleaned_data)
        messages.success(request, "Ligne budgétaire ajoutée.")
    else:
        _form_errors(request, form)
    return _back(request.ctg, action)


@require_POST
@plan_view()
def budget_delete(
    request: CtgRequest, action_uuid: uuid.UUID, line_uuid: uuid.UUID
) -> HttpResponse:
    action = _editable_fiche(request, action_uuid)
    line = get_object_or_404(action.budget_lines, uuid=line_uuid)
    services.budget_line_delete(line=line, by=request.user)
    messages.success(request, "Ligne budgétaire supprimée.")
    return _back(request.ctg, action)


@require_POST
@plan_view()
@creates_once
def note_add(request: CtgRequest, action_uuid: uuid.UUID) -> HttpResponse:
    action = _fiche(request, action_uuid)
    if not can_comment_action(request.user, action):
        raise PermissionDenied
    form = NoteForm(request.POST)
    if form.is_valid():
        with once(request):
            services.note_add(action=action, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, "Note ajoutée.")
    else:
        _form_errors(request, form)
    return _back(request.ctg, action)
