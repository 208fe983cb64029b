"""Export of the plan d'actions to its workbook (see :mod:`.template`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, TextChoices

from maillage.core.enums import Theme
from maillage.core.tabular import WorkbookWriter

from ..enums import BudgetNature, Public
from ..models import Action, ActionPlan, ActionPublic, ActionTheme, BudgetLine, Objective, Step
from .template import (
    AXES,
    AXIS_COLUMNS,
    BUDGET,
    BUDGET_COLUMNS,
    FICHE_COLUMNS,
    FICHES,
    INDICATOR_COLUMNS,
    INDICATORS,
    NO,
    README,
    README_LINES,
    SEPARATOR,
    STEP_COLUMNS,
    STEPS,
    YES,
)

if TYPE_CHECKING:
    from maillage.accounts.models import User


def _join(values: Iterable[str]) -> str | None:
    text = SEPARATOR.join(v for v in values if v)
    return text or None


def _labels(choices: type[TextChoices], values: Iterable[str]) -> str | None:
    order = list(choices.values)
    labels = dict(choices.choices)
    return _join(labels[v] for v in sorted(set(values), key=order.index))


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@dataclass
class _Related:
    """What an exported fiche links to, loaded for the whole plan in one query per kind."""

    objectives: dict[int, list[str]]
    copilots: dict[int, list[str]]
    partners: dict[int, list[str]]
    themes: dict[int, list[str]]
    publics: dict[int, list[str]]
    steps: dict[int, list[tuple[Any, ...]]]
    budget: dict[int, list[tuple[Any, ...]]]


def _group(rows: Iterable[tuple[Any, ...]]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for action_id, *rest in rows:
        grouped[action_id].append(rest[0] if len(rest) == 1 else tuple(rest))
    return grouped


def _pilot_email(action: Action) -> str | None:
    if action.pilot:
        return action.pilot.email
    if action.pilot_contact and action.pilot_contact.email:
        return action.pilot_contact.email
    return None


def exported_actions(plan: ActionPlan, user: User) -> tuple[list[Action], _Related]:
    """The plan's fiches the user may see and what they link to, in a fixed number of queries.

    Related rows are grouped by hand: Django's prefetch builds a queryset per fiche and
    relation, which costs more than the queries themselves on a large plan.
    """
    actions = list(
        Action.objects.visible_to(user)
        .filter(plan=plan)
        .select_related("axis", "pilot", "pilot_contact", "pilot_organisation", "elu_referent")
        .order_by("axis__position", "axis__number", "position", "number")
    )
    in_plan = {"action__plan": plan}
    objectives = Action.objectives.through.objects.filter(**in_plan).order_by(
        "objective__axis__number", "objective__number"
    )
    related = _Related(
        objectives=_group(
            (action_id, f"O{a}.{n}")
            for action_id, a, n in objectives.values_list(
                "action_id", "objective__axis__number", "objective__number"
            )
        ),
        copilots=_group(
            Action.copilots.through.objects.filter(**in_plan)
            .order_by("user__email")
            .values_list("action_id", "user__email")
        ),
        partners=_group(
            Action.partners.through.objects.filter(**in_plan)
            .order_by("organisation__name")
            .values_list("action_id", "organisation__name")
        ),
        themes=_group(ActionTheme.objects.filter(**in_plan).values_list("action_id", "theme")),
        publics=_group(ActionPublic.objects.filter(**in_plan).values_list("action_id", "public")),
        steps=_group(
            Step.objects.filter(**in_plan)
            .order_by("position", "due_date", "pk")
            .values_list("action_id", "name", "due_date", "done")
        ),
        budget=_group(
            BudgetLine.objects.filter(**in_plan)
            .order_by("year", "nature", "pk")
            .values_list(
                "action_id", "year", "nature", "label", "financeur__name", "forecast", "actual"
            )
        ),
    )
    return actions, related


def _fiche_rows(actions: list[Action], related: _Related) -> Iterator[list[Any]]:
    for a in actions:
        yield [
            a.reference,
            str(a.axis),
            _join(related.objectives.get(a.pk, [])),
            a.title,
            a.description or None,
            a.get_status_display(),
            a.get_priority_display(),
            _pilot_email(a),
            a.pilot_organisation.name if a.pilot_organisation else None,
            _join(related.copilots.get(a.pk, [])),
            _join(related.partners.get(a.pk, [])),
            a.elu_referent.email if a.elu_referent else None,
            _labels(Theme, related.themes.get(a.pk, [])),
            _labels(Public, related.publics.get(a.pk, [])),
            a.start_date,
            a.end_date,
            a.progress_manual,
            a.get_participation_display(),
            YES if a.confidential else NO,
        ]


def _axis_rows(plan: ActionPlan) -> Iterator[list[Any]]:
    axes = plan.axes.prefetch_related(
        Prefetch("objectives", queryset=Objective.objects.order_by("position", "number"))
    )
    for axis in axes:
        yield [axis.reference, "Axe", axis.title, axis.description or None]
        for objective in axis.objectives.all():
            objective.axis = axis
            yield [objective.reference, "Objectif", objective.title, None]


def _budget_rows(actions: list[Action], related: _Related) -> Iterator[list[Any]]:
    natures = dict(BudgetNature.choices)
    for a in actions:
        for year, nature, label, financeur, forecast, actual in related.budget.get(a.pk, []):
            yield [
                a.reference,
                year,
                natures[nature],
                label or None,
                financeur,
                _number(forecast),
                _number(actual),
            ]


def _step_rows(actions: list[Action], related: _Related) -> Iterator[list[Any]]:
    for a in actions:
        for name, due_date, done in related.steps.get(a.pk, []):
            yield [a.reference, name, due_date, YES if done else NO]


def _indicator_rows(plan: ActionPlan, actions: list[Action]) -> Iterator[list[Any]]:
    visible = {a.pk: a for a in actions}
    # The indicators (an app above the plan) are reached through the CTG's relation.
    indicators = plan.convention.indicators.prefetch_related(
        Prefetch("actions", queryset=Action.objects.only("pk"))
    )
    for indicator in indicators.order_by("name", "pk"):
        linked = sorted(
            (visible[x.pk] for x in indicator.actions.all() if x.pk in visible),
            key=lambda x: (x.axis.number, x.number),
        )
        yield [
            indicator.name,
            indicator.unit or None,
            _number(indicator.baseline_value),
            _number(indicator.target_value),
            _join(x.reference for x in linked),
        ]


def export_plan(plan: ActionPlan, user: User) -> bytes:
    """The plan as an .xlsx workbook in the import template, with the fiches the user sees.

    User text is written as text, never as a formula.
    """
    actions, related = exported_actions(plan, user)
    writer = WorkbookWriter(title=f"Plan d'actions — {plan.convention.name}")
    writer.sheet(FICHES, FICHE_COLUMNS, _fiche_rows(actions, related))
    writer.sheet(AXES, AXIS_COLUMNS, _axis_rows(plan))
    writer.sheet(BUDGET, BUDGET_COLUMNS, _budget_rows(actions, related))
    writer.sheet(STEPS, STEP_COLUMNS, _step_rows(actions, related))
    writer.sheet(INDICATORS, INDICATOR_COLUMNS, _indicator_rows(plan, actions))
    writer.lines(README, README_LINES)
    return writer.to_bytes()
