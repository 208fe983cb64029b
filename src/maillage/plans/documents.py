"""The plan d'actions as documents: one fiche or the whole plan.

Each function reads what the document says, in a number of queries that does not grow with
the fiches, and lays it out as a :class:`~maillage.core.documents.blocks.Document`; the
core writers render it in Word, ODT and PDF (see :mod:`maillage.core.documents.formats`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from maillage.core.charts import line_chart_svg
from maillage.core.documents.blocks import (
    DASH,
    Block,
    BulletList,
    Chart,
    Document,
    Fields,
    Heading,
    PageBreak,
    Paragraph,
    Table,
    day,
)
from maillage.core.downloads import download_stem
from maillage.core.formats import NBSP, euros, french_number

from .models import Action, Axis, BudgetLine, Objective
from .selectors import plan_of

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.conventions.models import Convention


def _join(items: Iterable[object], sep: str = ", ") -> str:
    return sep.join(str(i) for i in items) or DASH


# ---------------------------------------------------------------------------- content


def _prefetches() -> list[str | Prefetch]:
    """What a fiche's document reads, fetched once for all the fiches."""
    return [
        Prefetch("objectives", queryset=Objective.objects.select_related("axis")),
        "copilots",
        "partners",
        "publics",
        "communes",
        "steps",
        Prefetch("budget_lines", queryset=BudgetLine.objects.select_related("financeur")),
        # The indicators (an app above the plan) are reached through their relations.
        "indicators__measurements",
    ]


def _identity(convention: Convention, **extra: str) -> list[tuple[str, str]]:
    population = getattr(convention, "population", None)
    communes = getattr(convention, "commune_count", None)
    territory = DASH
    if communes is not None:
        territory = f"{communes} commune{'s' if communes > 1 else ''}"
        if population:
            territory += f", {french_number(population)} habitants"
    rows = [
        ("CTG", convention.name),
        ("Caf", convention.caf.name),
        ("Période", f"du {day(convention.start_date)} au {day(convention.end_date)}"),
        ("Territoire", territory),
    ]
    rows += list(extra.items())
    rows.append(("Document établi le", day(timezone.localdate())))
    return rows


def _status(action: Action) -> str:
    text = action.get_status_display()
    return f"{text} (en retard)" if getattr(action, "is_late", False) else text


def _indicator_blocks(indicators: list[Any]) -> list[Block]:
    """The fiche's indicators (``action.indicators``, measurements prefetched): a table of
    them all, then for each measured one its chart and the table of its values."""

    def value(v: Decimal | None, when: datetime.date | None) -> str:
        if v is None:
            return DASH
        return f"{french_number(v)} ({day(when)})" if when else french_number(v)

    rows = []
    details: list[Block] = []
    for indicator in indicators:
        measurements = sorted(indicator.measurements.all(), key=lambda m: m.date)
        latest = measurements[-1] if measurements else None
        rows.append(
            (
                indicator.name,
                indicator.unit or DASH,
                value(indicator.baseline_value, indicator.baseline_date),
                value(indicator.target_value, indicator.target_date),
                value(latest.value, latest.date) if latest else DASH,
            )
        )
        if measurements:
            details += [
                Chart(
                    svg=line_chart_svg(indicator.chart_series()),
                    title=f"{indicator.name} : valeurs mesurées et cible",
                    width_mm=130,
                ),
                Table(
                    caption=f"Valeurs mesurées : {indicator.name}",
                    header=(
                        "Date",
                        f"Valeur ({indicator.unit})" if indicator.unit else "Valeur",
                    ),
                    rows=[(day(m.date), french_number(m.value)) for m in measurements],
                    numeric=frozenset({1}),
                ),
            ]
    table = Table(
        caption="Indicateurs liés à la fiche",
        show_caption=False,
        header=("Indicateur", "Unité", "Valeur de référence", "Cible", "Dernière valeur"),
        rows=rows,
        numeric=frozenset({2, 3, 4}),
        empty="Aucun indicateur lié.",
    )
    return [table, *details]


def _fiche_blocks(action: Action, heading: str, level: int) -> list[Block]:
    """A fiche under a heading of ``level``, its parts one level below."""
    objectives = sorted(action.objectives.all(), key=lambda o: (o.axis.number, o.number))
    communes = list(action.communes.all())
    whole_territory = "Tout le territoire de la CTG"
    fields = [
        ("Référence", action.reference),
        ("Axe", f"{action.axis.reference} — {action.axis.title}"),
        ("Objectifs servis", _join((f"{o.reference} — {o.title}" for o in objectives), " ; ")),
        ("Statut", _status(action)),
        ("Avancement", f"{action.progress}{NBSP}%" if hasattr(action, "progress") else DASH),
        ("Priorité", action.get_priority_display()),
        ("Début", day(action.start_date)),
        ("Fin prévue", day(action.end_date)),
        ("Pilote", action.pilot_name or DASH),
        ("Structure pilote", action.pilot_organisation.name if action.pilot_organisation else DASH),
        ("Copilotes", _join(u.full_name for u in action.copilots.all())),
        ("Partenaires", _join(o.name for o in action.partners.all())),
        ("Élu référent", action.elu_referent.full_name if action.elu_referent else DASH),
        ("Thématiques", _join(action.themes.all())),
        ("Public cible", _join(action.publics.all())),
        ("Territoire", _join(c.name for c in communes) if communes else whole_territory),
        ("Participation citoyenne", action.get_participation_display()),
    ]
    if action.confidential:
        fields.append(("Confidentialité", "Fiche confidentielle"))

    steps = Table(
        caption="Étapes",
        show_caption=False,
        header=("Étape", "Échéance", "Faite"),
        rows=[(s.name, day(s.due_date), "Oui" if s.done else "Non") for s in action.steps.all()],
        empty="Aucune étape.",
    )
    lines = list(action.budget_lines.all())
    actuals = [line.actual for line in lines if line.actual is not None]
    budget = Table(
        caption="Budget",
        show_caption=False,
        header=("Année", "Nature", "Poste", "Financeur", "Prévisionnel", "Réalisé"),
        rows=[
            (
                str(line.year),
                line.get_nature_display(),
                line.label or DASH,
                line.financeur.name if line.financeur else DASH,
                euros(line.forecast),
                euros(line.actual),
            )
            for line in lines
        ],
        footer=(
            "Total",
            "",
            "",
            "",
            euros(sum((line.forecast for line in lines), Decimal(0))),
            euros(sum(actuals, Decimal(0))) if actuals else DASH,
        )
        if lines
        else None,
        numeric=frozenset({4, 5}),
        empty="Aucune ligne budgétaire.",
    )
    sub = level + 1
    description: list[Block] = [
        Paragraph(text) for text in action.description.splitlines() if text.strip()
    ]
    if description:
        description.insert(0, Heading(sub, "Description"))
    return [
        Heading(level, heading),
        Fields(fields),
        *description,
        Heading(sub, "Étapes"),
        steps,
        Heading(sub, "Budget"),
        budget,
        Heading(sub, "Indicateurs"),
        *_indicator_blocks(list(action.indicators.all())),
    ]


def plan_document(user: User, convention: Convention) -> Document:
    """The whole plan as the user sees it: fiches grouped by axis, with the objectifs.

    The number of queries does not depend on the number of fiches.
    """
    plan = plan_of(convention)
    axes = list(
        Axis.objects.filter(plan=plan).prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.select_related("axis"))
        )
    )
    actions = (
        Action.objects.visible_to(user)
        .filter(plan=plan)
        .for_listing()
        .select_related("elu_referent")
        .prefetch_related(*_prefetches())
    )
    by_axis: dict[int, list[Action]] = {}
    for action in actions:
        by_axis.setdefault(action.axis_id, []).append(action)
    count = sum(len(v) for v in by_axis.values())
    blocks: list[Block] = [
        Heading(1, "La CTG"),
        Fields(_identity(convention, **{"Fiches actions": str(count)})),
    ]
    for n, axis in enumerate(axes):
        if n:
            blocks.append(PageBreak())  # each axis but the first starts a page
        blocks.append(Heading(1, f"Axe {axis.reference} — {axis.title}"))
        if axis.description:
            blocks.append(Paragraph(axis.description))
        objectives = [f"{o.reference} — {o.title}" for o in axis.objectives.all()]
        blocks.append(Heading(2, "Objectifs"))
        blocks.append(BulletList(objectives) if objectives else Paragraph("Aucun objectif."))
        fiches = by_axis.get(axis.pk, [])
        if not fiches:
            blocks.append(Paragraph("Aucune fiche action dans cet axe.", muted=True))
        for fiche in fiches:
            blocks += _fiche_blocks(fiche, f"Fiche {fiche.reference} — {fiche.title}", 2)
    return Document(
        title=f"Plan d'actions — {convention.name}",
        subtitle=f"Convention territoriale globale — {convention.caf.name}",
        filename=download_stem(convention.name, "plan-d-actions"),
        blocks=blocks,
    )


def fiche_document(convention: Convention, action: Action) -> Document:
    """One fiche, already checked visible to the user (see ``get_action_for_user``)."""
    prefetch_related_objects([action], *_prefetches())
    return Document(
        title=f"Fiche action {action.reference} — {action.title}",
        subtitle=f"Plan d'actions — {convention.name}",
        filename=download_stem(convention.name, f"fiche-{action.reference}-{action.title}"),
        blocks=[
            Heading(1, "La CTG"),
            Fields(_identity(convention)),
            *_fiche_blocks(action, "La fiche action", 1),
        ],
    )
