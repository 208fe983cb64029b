"""The plan d'actions' facts for the annual report: fiches of the year, budget, participation."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q, Sum

from maillage.core.facts import Fact, FactScope, contributes
from maillage.core.formats import euros
from maillage.core.referentiel import Attendu

from .enums import ActionStatus, Participation
from .models import Action, ActionQuerySet, BudgetLine

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.conventions.models import Convention


LISTED = 40  # a table lists this many fiches, then says how many more


def _actions(scope: FactScope[Convention, User]) -> ActionQuerySet:
    return Action.objects.filter(plan__convention=scope.convention).select_related("axis")


def _rows(actions: Sequence[Action]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [
        (a.reference, a.title, a.get_status_display()) for a in actions[:LISTED]
    ]
    if len(actions) > LISTED:
        rows.append(("…", f"et {len(actions) - LISTED} autres fiches", ""))
    return rows


@contributes(Attendu.OBJECTIFS, order=10)
def fiches_of_the_year(scope: FactScope[Convention, User]) -> list[Fact]:
    """Fiches started in the year, completed in the year, late, and the plan's state."""
    actions = list(_actions(scope).with_progress(scope.end).order_by("axis__number", "number"))
    active = [
        a
        for a in actions
        if (a.start_date is None or a.start_date <= scope.end)
        and (a.end_date is None or a.end_date >= scope.start)
    ]
    started = [a for a in actions if a.start_date and scope.start <= a.start_date <= scope.end]
    # Completed in the year: the history shows the status « réalisée » set during the year.
    done_ids = set(
        Action.history.filter(
            plan__convention=scope.convention,
            status=ActionStatus.REALISEE,
            history_date__date__gte=scope.start,
            history_date__date__lte=scope.end,
        ).values_list("id", flat=True)
    )
    done = [a for a in actions if a.pk in done_ids and a.status == ActionStatus.REALISEE]
    late = [a for a in active if a.is_late]
    counts = Counter(a.status for a in active)
    head = ("Fiche", "Intitulé", "Statut")
    return [
        Fact(
            f"Fiches actions du plan en {scope.year}",
            [
                f"{len(active)} fiche{'s' if len(active) != 1 else ''} du plan "
                f"concernent l'année {scope.year}, sur {len(actions)} au total.",
                *[
                    f"{label} : {counts[value]}"
                    for value, label in ActionStatus.choices
                    if counts[value]
                ],
            ],
        ),
        Fact(
            f"Fiches commencées en {scope.year} : {len(started)}", header=head, rows=_rows(started)
        ),
        Fact(f"Fiches réalisées en {scope.year} : {len(done)}", header=head, rows=_rows(done)),
        Fact(
            f"Fiches en retard au {scope.end:%d/%m/%Y} : {len(late)}",
            header=head,
            rows=_rows(late),
        ),
    ]


@contributes(Attendu.OBJECTIFS, order=20)
def budget_of_the_year(scope: FactScope[Convention, User]) -> list[Fact]:
    """Forecast against actual for the year, per financeur."""
    lines = (
        BudgetLine.objects.filter(action__plan__convention=scope.convention, year=scope.year)
        .values("financeur__name")
        .annotate(forecast=Sum("forecast"), actual=Sum("actual"))
        .order_by("financeur__name")
    )
    rows, forecast, actual = [], Decimal(0), Decimal(0)
    for line in lines:
        f, a = line["forecast"] or Decimal(0), line["actual"] or Decimal(0)
        forecast, actual = forecast + f, actual + a
        rows.append((line["financeur__name"] or "Financeur non précisé", euros(f), euros(a)))
    if not rows:
        return [Fact(f"Budget {scope.year} : aucune ligne budgétaire sur cette année.")]
    rate = f" ({round(100 * actual / forecast)} % du prévisionnel)" if forecast else ""
    rows.append(("Total", euros(forecast), euros(actual)))
    return [
        Fact(
            f"Budget {scope.year} des fiches actions",
            [f"Prévisionnel {euros(forecast)}, réalisé {euros(actual)}{rate}."],
            header=("Financeur", "Prévisionnel", "Réalisé"),
            rows=rows,
            numeric=(1, 2),
        )
    ]


@contributes(Attendu.POPULATION, order=10)
def participation_of_the_year(scope: FactScope[Convention, User]) -> list[Fact]:
    """The fiches of the year that involve the population, by level of participation."""
    actions = list(
        _actions(scope)
        .exclude(participation=Participation.AUCUNE)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=scope.end))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=scope.start))
        .order_by("axis__number", "number")
    )
    if not actions:
        return [Fact(f"Aucune fiche de {scope.year} n'associe la population.")]
    by_level: dict[str, int] = defaultdict(int)
    for a in actions:
        by_level[a.get_participation_display()] += 1
    rows = [(a.reference, a.title, a.get_participation_display()) for a in actions[:LISTED]]
    return [
        Fact(
            f"Fiches associant la population en {scope.year} : {len(actions)}",
            [f"{label} : {n}" for label, n in by_level.items()],
            header=("Fiche", "Intitulé", "Participation"),
            rows=rows,
        )
    ]
