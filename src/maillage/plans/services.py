"""Writes on the plan d'actions. Every write records its author in the history."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from maillage.conventions.permissions import is_elu
from maillage.core.uploads import check_upload
from maillage.core.versioning import Change, StaleEdit, claim
from maillage.organisations.models import Organisation

from .history import FICHE_FIELDS
from .models import (
    Action,
    ActionDocument,
    ActionPlan,
    ActionPublic,
    ActionTheme,
    Axis,
    BudgetLine,
    Note,
    Objective,
    Step,
)
from .notifications import assignees, notify_new_assignees, notify_note
from .permissions import (
    ACTION_FIELDS,
    action_editable_fields,
    can_change_note,
    can_comment_action,
    can_edit_action,
    can_edit_plan,
)
from .selectors import step_date_bounds

if TYPE_CHECKING:
    from maillage.accounts.models import User


def _next(qs: Any, field: str) -> int:
    return (qs.aggregate(m=Max(field))["m"] or 0) + 1


def _save(obj: Any, by: User) -> Any:
    obj._history_user = by
    obj.full_clean()
    obj.save()
    return obj


_Child = TypeVar("_Child", ActionTheme, ActionPublic)


def _set_children(action: Action, model: type[_Child], field: str, values: Iterable[str]) -> None:
    wanted = set(values)
    manager = getattr(action, "themes" if model is ActionTheme else "publics")
    current = set(manager.values_list(field, flat=True))
    manager.filter(**{f"{field}__in": current - wanted}).delete()
    model.objects.bulk_create(
        [model(action=action, **{field: v}) for v in sorted(wanted - current)]
    )


@transaction.atomic
def axis_create(*, plan: ActionPlan, by: User, title: str, description: str = "") -> Axis:
    """Add an axis at the end of the plan; its number (reference « A<n> ») never changes."""
    axis = Axis(
        plan=plan,
        title=title,
        description=description,
        number=_next(plan.axes.all(), "number"),
        position=_next(plan.axes.all(), "position"),
    )
    return _save(axis, by)


@transaction.atomic
def axis_update(*, axis: Axis, by: User, title: str, description: str = "") -> Axis:
    """Rename or describe an axis."""
    axis.title, axis.description = title, description
    return _save(axis, by)


@transaction.atomic
def axis_move(*, axis: Axis, by: User, up: bool) -> None:
    """Swap an axis with its neighbour; references stay as they are."""
    _swap(list(axis.plan.axes.all()), axis, by=by, up=up)


def _swap(items: list[Any], item: Any, *, by: User, up: bool) -> None:
    """Swap ``item`` with its neighbour in ``items`` (before if ``up``) and renumber the
    positions that changed; nothing at either end."""
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, each in enumerate(items, start=1):
        if each.position != position:
            each.position = position
            _save(each, by)


def _delete(obj: Any, by: User) -> None:
    """Delete ``obj`` with ``by`` as the author of its history's last record."""
    obj._history_user = by
    obj.delete()


def _cited_by(obj: Axis | Objective | Action) -> list[str]:
    """What other modules' records cite ``obj`` (decisions, interactions, journal…): a record
    cited elsewhere is kept, so that those records keep their meaning."""
    labels = []
    for relation in type(obj)._meta.related_objects:
        if relation.related_model._meta.app_label == "plans":
            continue
        related = getattr(obj, relation.get_accessor_name() or "")
        if related.exists():
            labels.append(str(relation.related_model._meta.verbose_name_plural))
    return sorted(labels)


def _refuse_if_cited(obj: Axis | Objective | Action, subject: str) -> None:
    cited = _cited_by(obj)
    if cited:
        raise ValidationError(
            f"Suppression impossible : d'autres enregistrements citent {subject} "
            f"({', '.join(cited)}) et doivent rester lisibles. Pour une fiche, choisissez "
            "plutôt le statut « abandonnée »."
        )


@transaction.atomic
def axis_delete(*, axis: Axis, by: User) -> None:
    """Delete an axis created by mistake: only one with no fiche; its objectifs go with it."""
    if axis.actions.exists():
        raise ValidationError(
            f"L'axe {axis.reference} a des fiches : déplacez-les ou supprimez-les d'abord."
        )
    _refuse_if_cited(axis, f"l'axe {axis.reference}")
    for objective in axis.objectives.all():
        _refuse_if_cited(objective, f"l'objectif {objective.reference}")
        _delete(objective, by)
    _delete(axis, by)


@transaction.atomic
def objective_create(*, axis: Axis, by: User, title: str) -> Objective:
    """Add an objectif to an axis; its reference « O<axe>.<n> » never changes."""
    objective = Objective(
        axis=axis,
        title=title,
        number=_next(axis.objectives.all(), "number"),
        position=_next(axis.objectives.all(), "position"),
    )
    return _save(objective, by)


@transaction.atomic
def objective_update(*, objective: Objective, by: User, title: str) -> Objective:
    objective.title = title
    return _save(objective, by)


@transaction.atomic
def objective_delete(*, objective: Objective, by: User) -> None:
    """Delete an objectif created by mistake: only one no fiche serves."""
    if objective.actions.exists():
        raise ValidationError(
            f"Des fiches servent l'objectif {objective.reference} : retirez-le d'abord de ces "
            "fiches."
        )
    _refuse_if_cited(objective, f"l'objectif {objective.reference}")
    _delete(objective, by)


SCALAR_FIELDS = {
    "title",
    "description",
    "pilot",
    "pilot_contact",
    "pilot_organisation",
    "elu_referent",
    "status",
    "priority",
    "start_date",
    "end_date",
    "progress_manual",
    "participation",
    "confidential",
}
M2M_FIELDS = {"objectives", "copilots", "partners", "communes"}


def _check_links(plan: ActionPlan, axis: Axis, fields: dict[str, Any]) -> None:
    convention = plan.convention
    if axis.plan_id != plan.pk:
        raise ValidationError("Cet axe n'appartient pas à ce plan.")
    for objective in fields.get("objectives") or []:
        if objective.axis.plan_id != plan.pk:
            raise ValidationError("Un objectif choisi n'appartient pas à ce plan.")
    for org in [fields.get("pilot_organisation"), *(fields.get("partners") or [])]:
        if org is not None and org.caf_id != convention.caf_id:
            raise ValidationError("Une organisation choisie n'appartient pas à la Caf de la CTG.")
    contact = fields.get("pilot_contact")
    if contact is not None and contact.convention_id != convention.pk:
        raise ValidationError("Ce contact n'est pas dans l'annuaire de la CTG.")
    start, end = fields.get("start_date"), fields.get("end_date")
    if start and end and end < start:
        raise ValidationError("La date de fin doit suivre la date de début.")
    for day in (start, end):
        if day and not convention.start_date - datetime.timedelta(days=366) <= day <= (
            convention.end_date + datetime.timedelta(days=366)
        ):
            raise ValidationError(
                f"La date du {day:%d/%m/%Y} est trop éloignée de la période de la CTG "
                f"({convention.start_date:%d/%m/%Y} – {convention.end_date:%d/%m/%Y})."
            )


def _apply(action: Action, by: User, fields: dict[str, Any]) -> Action:
    unknown = set(fields) - SCALAR_FIELDS - M2M_FIELDS - {"themes", "publics"}
    if unknown:
        raise ValueError(f"Champs inconnus : {', '.join(sorted(unknown))}")
    for key in SCALAR_FIELDS & set(fields):
        setattr(action, key, fields[key])
    _save(action, by)
    # In a fixed order: each set() snapshots the fiche's history with the relations set
    # so far, and a set's order changes from one process to the next.
    for key in sorted(M2M_FIELDS & set(fields)):
        getattr(action, key).set(fields[key])
    if "themes" in fields:
        _set_children(action, ActionTheme, "theme", fields["themes"])
    if "publics" in fields:
        _set_children(action, ActionPublic, "public", fields["publics"])
    return action


@transaction.atomic
def action_create(
    *, plan: ActionPlan, by: User, axis: Axis, title: str, notify: bool = True, **fields: Any
) -> Action:
    """Create a fiche action in an axis; its reference « A<axe>.<n> » never changes.

    New pilots and co-pilots are e-mailed after commit unless ``notify`` is False
    (loading the demo, say). Only the CDC creates fiches.
    """
    if not can_edit_plan(by, plan.convention):
        raise PermissionDenied("Seul le chargé de coopération crée les fiches du plan.")
    _check_links(plan, axis, fields)
    action = Action(
        plan=plan,
        axis=axis,
        title=title,
        number=_next(Action.objects.filter(axis=axis), "number"),
        position=_next(Action.objects.filter(axis=axis), "position"),
    )
    _apply(action, by, fields)
    if notify:
        notify_new_assignees(action=action, before=(), by=by)
    return action


@transaction.atomic
def action_update(
    *,
    action: Action,
    by: User,
    axis: Axis | None = None,
    expected_version: int | None = None,
    **fields: Any,
) -> Action:
    """Update a fiche; moving it to another axis gives it a reference in that axis.

    Each field changed must be one ``by`` may change (``action_editable_fields``): a pilot
    edits the content, the CDC also who pilots it, its place and its confidentiality.
    With ``expected_version`` (the version its form was opened on), a fiche saved by
    someone else since is not changed: ``StaleEdit`` says what they changed.
    """
    claim(action, expected_version=expected_version, fields=FICHE_FIELDS, any_change=True)
    requested = {**fields, **({"axis": axis} if axis is not None else {})}
    ACTION_FIELDS.check(action, requested, allowed=action_editable_fields(by, action))
    before = assignees(action)
    _check_links(action.plan, axis or action.axis, fields)
    if axis is not None and axis.pk != action.axis_id:
        action.axis = axis
        action.number = _next(Action.objects.filter(axis=axis), "number")
    _apply(action, by, fields)
    notify_new_assignees(action=action, before=before, by=by)
    return action


@transaction.atomic
def action_delete(*, action: Action, by: User) -> None:
    """Delete a fiche created by mistake (the CDC only), with its steps, budget, notes and
    documents; a fiche cited by a decision, an interaction or the journal is kept."""
    if not can_edit_plan(by, action.plan.convention):
        raise PermissionDenied("Seul le chargé de coopération supprime une fiche.")
    _refuse_if_cited(action, f"la fiche {action.reference}")
    files = [(d.file.storage, d.file.name) for d in action.documents.all() if d.file.name]
    _delete(action, by)

    def remove_files() -> None:
        for storage, path in files:
            storage.delete(path)

    transaction.on_commit(remove_files)


@transaction.atomic
def actions_bulk_update(
    *,
    plan: ActionPlan,
    by: User,
    actions: Iterable[Action],
    status: str = "",
    pilot: User | None = None,
) -> int:
    """Change the status and/or the pilot of several fiches at once; returns how many."""
    count = 0
    for action in actions:
        if action.plan_id != plan.pk:
            raise ValidationError("Une fiche choisie n'appartient pas à ce plan.")
        claim(action, expected_version=None)
        before = assignees(action)
        if status:
            action.status = status
        if pilot is not None:
            action.pilot = pilot
            action.pilot_contact = None
        _save(action, by)
        notify_new_assignees(action=action, before=before, by=by)
        count += 1
    return count


def _require_editor(action: Action, by: User) -> None:
    if not can_edit_action(by, action):
        raise PermissionDenied(
            "Seuls le chargé de coopération et les pilotes modifient cette fiche."
        )


@transaction.atomic
def step_add(*, action: Action, by: User, name: str, due_date: datetime.date | None = None) -> Step:
    """Add a step at the end of a fiche's steps."""
    _require_editor(action, by)
    step = Step(
        action=action, name=name, due_date=due_date, position=_next(action.steps.all(), "position")
    )
    return _save(step, by)


@transaction.atomic
def step_toggle(*, step: Step, by: User) -> Step:
    """Mark a step done, or not done again."""
    _require_editor(step.action, by)
    claim(step, expected_version=None)
    step.done = not step.done
    return _save(step, by)


@transaction.atomic
def step_update(
    *, step: Step, by: User, name: str, due_date: datetime.date | None = None, done: bool
) -> Step:
    """Correct a step's name, due date or state."""
    _require_editor(step.action, by)
    claim(step, expected_version=None)
    step.name, step.due_date, step.done = name, due_date, done
    return _save(step, by)


@dataclass(frozen=True)
class StepDate:
    """A step to move, its new date, and the version it had when its form was opened."""

    step: Step
    due_date: datetime.date
    expected_version: int | None = None


def _date_refusal(
    name: str,
    day: datetime.date,
    first: datetime.date,
    last: datetime.date,
    end: datetime.date | None,
) -> str:
    if day < first:
        return (
            f"La nouvelle échéance de « {name} » ({day:%d/%m/%Y}) est passée : choisissez "
            "aujourd'hui ou une date à venir."
        )
    if end is not None:
        return (
            f"La nouvelle échéance de « {name} » ({day:%d/%m/%Y}) tombe après la fin prévue "
            f"de la fiche ({end:%d/%m/%Y})."
        )
    return (
        f"La nouvelle échéance de « {name} » ({day:%d/%m/%Y}) est trop éloignée de la période "
        f"de la CTG : choisissez une date jusqu'au {last:%d/%m/%Y}."
    )


def _claim_step(step: Step, expected_version: int | None) -> Step:
    """``claim`` a step whose refusal names it among the others of the form."""
    try:
        return claim(step, expected_version=expected_version, fields=("due_date", "done"))
    except StaleEdit as exc:
        changes = [
            Change(f"{c.label} (étape « {step.name} »)", c.opened, c.now) for c in exc.changes
        ]
        raise StaleEdit(version=exc.version, changes=changes, who=exc.who, when=exc.when) from exc


@transaction.atomic
def steps_reschedule(
    *,
    action: Action,
    by: User,
    moves: Sequence[StepDate],
    expected_version: int | None = None,
) -> int:
    """Move several steps of a fiche at once, all or none; returns how many changed.

    Each step belongs to the fiche and is not done; each new date falls between today and
    the fiche's planned end (``step_date_bounds``). With ``expected_version`` (the fiche's
    version when the form was opened), a planned end changed since refuses the whole move
    (``StaleEdit``), as does a step changed since the version its ``StepDate`` carries.
    Each step's history records ``by``: the fiche's history shows every date moved.
    """
    _require_editor(action, by)
    fiche = claim(
        Action.objects.select_for_update(of=("self",))
        .select_related("plan__convention")
        .get(pk=action.pk),
        expected_version=expected_version,
        fields=("end_date",),
    )
    first, last = step_date_bounds(fiche, timezone.localdate())
    if last < first:
        raise ValidationError(
            f"La fin prévue de la fiche ({last:%d/%m/%Y}) est passée : reportez-la d'abord, "
            "puis ses étapes."
        )
    if not moves:
        raise ValidationError("Cochez au moins une étape à reporter.")
    wanted = [m.step.pk for m in moves]
    steps = {s.pk: s for s in Step.objects.select_for_update().filter(action=fiche, pk__in=wanted)}
    if len(steps) != len(moves) or len(set(wanted)) != len(wanted):
        raise ValidationError(
            "Une étape choisie n'appartient pas à cette fiche ou a été supprimée entre-temps : "
            "rien n'a été reporté."
        )
    refusals = []
    for move in moves:
        step = _claim_step(steps[move.step.pk], move.expected_version)
        if step.done:
            refusals.append(f"L'étape « {step.name} » est faite : elle ne se reporte plus.")
        elif not first <= move.due_date <= last:
            refusals.append(_date_refusal(step.name, move.due_date, first, last, fiche.end_date))
    if refusals:
        raise ValidationError(refusals)
    changed = 0
    for move in moves:
        step = steps[move.step.pk]
        if step.due_date != move.due_date:
            step.due_date = move.due_date
            _save(step, by)
            changed += 1
    return changed


@transaction.atomic
def step_delete(*, step: Step, by: User) -> None:
    """Delete a step; the fiche's history keeps it."""
    _require_editor(step.action, by)
    _delete(step, by)


@transaction.atomic
def step_move(*, step: Step, by: User, up: bool) -> None:
    """Swap a step with the one before (``up``) or after it."""
    _require_editor(step.action, by)
    _swap(list(step.action.steps.select_for_update()), step, by=by, up=up)


@transaction.atomic
def budget_line_add(
    *,
    action: Action,
    by: User,
    year: int,
    nature: str,
    forecast: Decimal,
    actual: Decimal | None = None,
    label: str = "",
    financeur: Organisation | None = None,
) -> BudgetLine:
    """Add a budget line to a fiche."""
    _require_editor(action, by)
    _check_financeur(action, financeur)
    line = BudgetLine(
        action=action,
        year=year,
        nature=nature,
        forecast=forecast,
        actual=actual,
        label=label,
        financeur=financeur,
    )
    return _save(line, by)


def _check_financeur(action: Action, financeur: Organisation | None) -> None:
    if financeur is not None and financeur.caf_id != action.plan.convention.caf_id:
        raise ValidationError("Ce financeur n'appartient pas à la Caf de la CTG.")


@transaction.atomic
def budget_line_update(
    *,
    line: BudgetLine,
    by: User,
    year: int,
    nature: str,
    forecast: Decimal,
    actual: Decimal | None = None,
    label: str = "",
    financeur: Organisation | None = None,
) -> BudgetLine:
    """Correct a budget line (its amounts once known, its financeur…)."""
    _require_editor(line.action, by)
    _check_financeur(line.action, financeur)
    line.year, line.nature, line.forecast, line.actual = year, nature, forecast, actual
    line.label, line.financeur = label, financeur
    return _save(line, by)


@transaction.atomic
def budget_line_delete(*, line: BudgetLine, by: User) -> None:
    """Delete a budget line; the fiche's history keeps it."""
    _require_editor(line.action, by)
    _delete(line, by)


@transaction.atomic
def note_add(*, action: Action, by: User, text: str, date: datetime.date | None = None) -> Note:
    """Add a follow-up note to a fiche, by one who may comment it (``can_comment_action``)."""
    if not can_comment_action(by, action):
        raise PermissionDenied("Vous ne pouvez pas ajouter de note à cette fiche.")
    note = Note(action=action, author=by, text=text)
    if date is not None:
        note.date = date
    _save(note, by)
    # The team hears of what an élu or the Caf writes on its fiche.
    convention = action.plan.convention
    if not can_edit_action(by, action):
        role = "élu·e référent·e" if is_elu(by, convention) else "Caf"
        notify_note(note=note, by_role=role)
    return note


@transaction.atomic
def note_update(*, note: Note, by: User, text: str) -> Note:
    """Correct a note: its author only (``can_change_note``); the history keeps the old text."""
    if not can_change_note(by, note):
        raise PermissionDenied("Seul l'auteur d'une note la modifie.")
    note.text = text
    return _save(note, by)


@transaction.atomic
def note_delete(*, note: Note, by: User) -> None:
    """Delete a note: its author only; the history keeps it."""
    if not can_change_note(by, note):
        raise PermissionDenied("Seul l'auteur d'une note la supprime.")
    _delete(note, by)


@transaction.atomic
def document_add(*, action: Action, by: User, upload: UploadedFile) -> ActionDocument:
    """Attach a checked file to a fiche; it is stored under a generated name."""
    _require_editor(action, by)
    checked = check_upload(upload)
    document = ActionDocument(
        action=action,
        name=checked.name,
        size=checked.size,
        content_type=checked.content_type,
        uploaded_by=by,
    )
    document.file.save("document", upload, save=False)
    document._history_user = by  # type: ignore[attr-defined]
    document.save()
    return document


@transaction.atomic
def document_delete(*, document: ActionDocument, by: User) -> None:
    """Remove a document and, after commit, its file."""
    _require_editor(document.action, by)
    storage, path = document.file.storage, document.file.name
    assert path is not None  # the file is required: a saved document has one
    _delete(document, by)
    transaction.on_commit(lambda: storage.delete(path))
