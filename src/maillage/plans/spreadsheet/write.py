"""Writing a checked plan workbook into the database, in bulk.

Axes, objectifs and changed fiches go through the plan services, one by one: an import
changes few of them. New fiches, their links, steps and budget lines are written in bulk,
with their history rows (author included) written in bulk too: one « + » row per fiche
that already holds its objectifs, copilotes and partenaires.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from simple_history.utils import bulk_create_with_history

from .. import services
from ..models import Action, ActionPublic, ActionTheme, BudgetLine, Step
from ..notifications import notify_new_assignees
from .read import Context, FicheItem, ImportReport, PlanData, Progress

if TYPE_CHECKING:
    from maillage.accounts.models import User

# New fiches are written this many at a time, with a progress report after each batch.
BATCH = 100
CHANGE_REASON = "Import Excel du plan d'actions"
# Fields a new fiche takes from the workbook as they are (relations aside).
SCALARS = (
    "description",
    "status",
    "priority",
    "participation",
    "pilot",
    "pilot_contact",
    "elu_referent",
    "pilot_organisation",
    "start_date",
    "end_date",
    "progress_manual",
    "confidential",
)
# Checked against this CTG when the workbook was read: no query per fiche to check again.
CHECKED_LINKS = ["plan", "axis", "pilot", "pilot_contact", "pilot_organisation", "elu_referent"]


def _renumber(obj: Any, number: int, by: User) -> None:
    """Give an item created by a service the number its reference asks for."""
    if obj.number != number:
        obj.number = number
        obj._history_user = by
        obj.save(update_fields=["number"])


def _state(action: Action) -> dict[str, Any]:
    return {
        "title": action.title,
        "description": action.description,
        "status": action.status,
        "priority": action.priority,
        "participation": action.participation,
        "pilot": action.pilot_id,
        "pilot_contact": action.pilot_contact_id,
        "elu_referent": action.elu_referent_id,
        "pilot_organisation": action.pilot_organisation_id,
        "start_date": action.start_date,
        "end_date": action.end_date,
        "progress_manual": action.progress_manual,
        "confidential": action.confidential,
        "copilots": {u.pk for u in action.copilots.all()},
        "partners": {o.pk for o in action.partners.all()},
        "objectives": {o.pk for o in action.objectives.all()},
        "themes": {t.theme for t in action.themes.all()},
        "publics": {p.public for p in action.publics.all()},
    }


def _comparable(fields: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in fields.items():
        if key in {"copilots", "partners", "objectives"}:
            result[key] = {v.pk for v in value}
        elif key in {"themes", "publics"}:
            result[key] = set(value)
        elif key in {"pilot", "pilot_contact", "elu_referent", "pilot_organisation"}:
            result[key] = value.pk if value is not None else None
        else:
            result[key] = value
    return result


def write_plan(data: PlanData, ctx: Context, by: User, report: ImportReport) -> Iterator[Progress]:
    """Write the checked plan; yields a :class:`Progress` as the fiches are written.

    Runs inside the caller's transaction (stopping the iteration early rolls back there).
    """
    _write_axes(data, ctx, by, report)
    fiches = sorted(data.fiches, key=lambda f: (f.number is None, f.axis, f.number or 0, f.row))
    existing = [f for f in fiches if f.number and (f.axis, f.number) in ctx.actions]
    new = [f for f in fiches if not (f.number and (f.axis, f.number) in ctx.actions)]
    done = 0
    for fiche in existing:
        _update_fiche(fiche, data, ctx, by, report)
        done += 1
        yield Progress(done, len(fiches))
    numbers = _Numbers(ctx)
    for start in range(0, len(new), BATCH):
        batch = new[start : start + BATCH]
        _create_fiches(batch, data, ctx, by, report, numbers)
        done += len(batch)
        yield Progress(done, len(fiches))


def _write_axes(data: PlanData, ctx: Context, by: User, report: ImportReport) -> None:
    plan = ctx.plan
    for item in sorted(data.axes, key=lambda a: a.number):
        axis = ctx.axes.get(item.number)
        if axis is None:
            axis = services.axis_create(
                plan=plan, by=by, title=item.title, description=item.description
            )
            _renumber(axis, item.number, by)
            ctx.axes[item.number] = axis
            report.axes_created += 1
        else:
            description = item.description if item.has_description else axis.description
            if (axis.title, axis.description) != (item.title, description):
                services.axis_update(axis=axis, by=by, title=item.title, description=description)
                report.axes_updated += 1
    for objective_item in sorted(data.objectives, key=lambda o: (o.axis, o.number)):
        objective = ctx.objectives.get((objective_item.axis, objective_item.number))
        if objective is None:
            objective = services.objective_create(
                axis=ctx.axes[objective_item.axis], by=by, title=objective_item.title
            )
            _renumber(objective, objective_item.number, by)
            ctx.objectives[(objective_item.axis, objective_item.number)] = objective
            report.objectives_created += 1
        elif objective.title != objective_item.title:
            services.objective_update(objective=objective, by=by, title=objective_item.title)
            report.objectives_updated += 1


def _fields(fiche: FicheItem, ctx: Context) -> dict[str, Any]:
    fields = dict(fiche.fields)
    if "objectives" in fields:
        fields["objectives"] = [ctx.objectives[key] for key in fields["objectives"]]
    return fields


def _update_fiche(
    fiche: FicheItem, data: PlanData, ctx: Context, by: User, report: ImportReport
) -> None:
    fields = _fields(fiche, ctx)
    key = (fiche.axis, fiche.number or 0)
    action = ctx.actions[key]
    current = _state(action)
    changed = {k: v for k, v in fields.items() if current[k] != _comparable({k: v})[k]}
    if changed:
        if "start_date" in changed or "end_date" in changed:
            changed.setdefault("start_date", action.start_date)
            changed.setdefault("end_date", action.end_date)
        services.action_update(action=action, by=by, **changed)
        report.actions_updated += 1
    else:
        report.actions_unchanged += 1
    if data.steps is not None:
        _replace_steps(action, list(action.steps.all()), data.steps.get(key, []), by, report)
    if data.budget is not None:
        lines = list(action.budget_lines.all())
        _replace_budget(action, lines, data.budget.get(key, []), by, report)


class _Numbers:
    """The next number and position of a fiche in each axis, as the services give them."""

    def __init__(self, ctx: Context) -> None:
        self.number: dict[int, int] = {}
        self.position: dict[int, int] = {}
        for (axis, number), action in ctx.actions.items():
            self.number[axis] = max(self.number.get(axis, 0), number)
            self.position[axis] = max(self.position.get(axis, 0), action.position)

    def take(self, axis: int, number: int | None) -> tuple[int, int]:
        """(number, position) of a new fiche; ``number`` is the one its reference asks for."""
        if number is None:
            number = self.number.get(axis, 0) + 1
        self.number[axis] = max(self.number.get(axis, 0), number)
        self.position[axis] = self.position.get(axis, 0) + 1
        return number, self.position[axis]


def _create_fiches(
    fiches: list[FicheItem],
    data: PlanData,
    ctx: Context,
    by: User,
    report: ImportReport,
    numbers: _Numbers,
) -> None:
    actions: list[Action] = []
    links: list[dict[str, Any]] = []
    for fiche in fiches:
        fields = _fields(fiche, ctx)
        number, position = numbers.take(fiche.axis, fiche.number)
        action = Action(
            plan=ctx.plan,
            axis=ctx.axes[fiche.axis],
            title=fields["title"],
            number=number,
            position=position,
            **{k: fields[k] for k in SCALARS if k in fields},
        )
        action.full_clean(exclude=CHECKED_LINKS, validate_unique=False, validate_constraints=False)
        actions.append(action)
        links.append(fields)
    Action.objects.bulk_create(actions)
    relations = {"objectives": "objective", "copilots": "user", "partners": "organisation"}
    for name, target in relations.items():
        through: Any = getattr(Action, name).through
        through.objects.bulk_create(
            through(action_id=action.pk, **{f"{target}_id": item.pk})
            for action, fields in zip(actions, links, strict=True)
            for item in {x.pk: x for x in fields.get(name, [])}.values()
        )
    ActionTheme.objects.bulk_create(
        ActionTheme(action=action, theme=theme)
        for action, fields in zip(actions, links, strict=True)
        for theme in sorted(set(fields.get("themes", [])))
    )
    ActionPublic.objects.bulk_create(
        ActionPublic(action=action, public=public)
        for action, fields in zip(actions, links, strict=True)
        for public in sorted(set(fields.get("publics", [])))
    )
    _history(actions, by, relations)
    _children(actions, fiches, data, by, report)
    for action, fields in zip(actions, links, strict=True):
        if {action.pilot_id, *(u.pk for u in fields.get("copilots", []))} - {None, by.pk}:
            notify_new_assignees(action=action, before=(), by=by)
    report.actions_created += len(actions)


def _history(actions: list[Action], by: User, relations: dict[str, str]) -> None:
    """One « + » history row per new fiche, by the importer, with its links as written."""
    history: Any = Action.history
    records = history.bulk_history_create(
        actions, default_user=by, default_change_reason=CHANGE_REASON
    )
    record_of = {record.id: record for record in records}
    ids = list(record_of)
    for name, target in relations.items():
        model = getattr(history.model, name).model  # the history of that relation
        through: Any = getattr(Action, name).through
        rows = through.objects.filter(action_id__in=ids).values_list(
            "pk", "action_id", f"{target}_id"
        )
        model.objects.bulk_create(
            model(
                history=record_of[action_id],
                id=pk,
                action_id=action_id,
                **{f"{target}_id": target_id},
            )
            for pk, action_id, target_id in rows
        )


def _children(
    actions: list[Action], fiches: list[FicheItem], data: PlanData, by: User, report: ImportReport
) -> None:
    """The steps and budget lines of new fiches, with their history."""
    steps: list[Step] = []
    lines: list[BudgetLine] = []
    for action, fiche in zip(actions, fiches, strict=True):
        if fiche.number is None:
            continue  # a fiche without reference has no row in the other sheets
        key = (fiche.axis, fiche.number)
        for position, values in enumerate((data.steps or {}).get(key, []), start=1):
            steps.append(Step(action=action, position=position, **values))
        for values in (data.budget or {}).get(key, []):
            lines.append(BudgetLine(action=action, **values))
    for obj in [*steps, *lines]:
        obj.full_clean(exclude=["action", "financeur"], validate_unique=False)
    bulk_create_with_history(steps, Step, default_user=by, default_change_reason=CHANGE_REASON)
    bulk_create_with_history(
        lines, BudgetLine, default_user=by, default_change_reason=CHANGE_REASON
    )
    report.steps += len(steps)
    report.budget_lines += len(lines)


def _replace_steps(
    action: Action,
    existing: list[Step],
    wanted: list[dict[str, Any]],
    by: User,
    report: ImportReport,
) -> None:
    current = [{"name": s.name, "due_date": s.due_date, "done": s.done} for s in existing]
    if current == wanted:
        return
    for step in existing:
        step._history_user = by  # type: ignore[attr-defined]
        step.delete()
    for values in wanted:
        step = services.step_add(
            action=action, by=by, name=values["name"], due_date=values["due_date"]
        )
        if values["done"]:
            services.step_toggle(step=step, by=by)
        report.steps += 1


def _replace_budget(
    action: Action,
    existing: list[BudgetLine],
    wanted: list[dict[str, Any]],
    by: User,
    report: ImportReport,
) -> None:
    current = [
        {
            "year": line.year,
            "nature": line.nature,
            "label": line.label,
            "financeur": line.financeur_id,
            "forecast": line.forecast,
            "actual": line.actual,
        }
        for line in existing
    ]
    comparable = [
        {**values, "financeur": values["financeur"].pk if values["financeur"] else None}
        for values in wanted
    ]
    if current == comparable:
        return
    for line in existing:
        services.budget_line_delete(line=line, by=by)
    for values in wanted:
        services.budget_line_add(action=action, by=by, **values)
        report.budget_lines += 1
