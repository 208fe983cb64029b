"""The plan d'actions' facts for the annual report: fiches of the year, budget, participation."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Sum

from maillage.core.facts import Fact, FactScope, contributes
from maillage.core.formats import euros, plural
from maillage.core.referentiel import Attendu

from .enums import ActionStatus, Participation
from .models import Action, ActionQuerySet, BudgetLine, ProgressAction
from .selectors import completion_dates

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


def _bullets(actions: Sequence[Action]) -> list[str]:
    """The fiches as list items: « A1.3 Ouvrir une MAM (en cours) »."""
    items = [
        f"{a.reference} {a.title} ({a.get_status_display().lower()})" for a in actions[:LISTED]
    ]
    if len(actions) > LISTED:
        items.append(f"et {plural(len(actions) - LISTED, 'autre fiche')}")
    return items


HEAD = ("Fiche", "Intitulé", "Statut")


def year_fiches(
    scope: FactScope[Convention, User],
) -> tuple[list[ProgressAction], dict[int, datetime.date]]:
    """The fiches that concern the year, in plan order, and the day each fiche réalisée was
    completed. A fiche concerns the year when its period (start, planned end) touches it, or
    when it was completed during it (one definition for every fact of the plan)."""
    return scope.memo("plan.year_fiches", lambda: _year_fiches(scope))


def _year_fiches(
    scope: FactScope[Convention, User],
) -> tuple[list[ProgressAction], dict[int, datetime.date]]:
    actions = list(_actions(scope).with_progress(scope.end).order_by("axis__number", "number"))
    completed = completion_dates(a.pk for a in actions if a.status == ActionStatus.REALISEE)

    def concerns(a: Action) -> bool:
        if a.pk in completed:
            done = completed[a.pk]
            if scope.start <= done <= scope.end:
                return True
            if done < scope.start:
                return False  # completed before the year: not one of its fiches
        return (a.start_date is None or a.start_date <= scope.end) and (
            a.end_date is None or a.end_date >= scope.start
        )

    return [a for a in actions if concerns(a)], completed


@contributes(Attendu.OBJECTIFS, order=10)
def fiches_of_the_year(scope: FactScope[Convention, User]) -> list[Fact]:
    """The year's fiches by status, those started, completed and late."""
    total = _actions(scope).count()
    fiches, completed = year_fiches(scope)
    started = [a for a in fiches if a.start_date and scope.start <= a.start_date <= scope.end]
    done = [a for a in fiches if a.pk in completed and scope.start <= completed[a.pk]]
    late = [a for a in fiches if a.is_late]
    counts = Counter(a.status for a in fiches)
    by_status = [(label, counts[value]) for value, label in ActionStatus.choices if counts[value]]
    year, day = scope.year, f"{scope.end:%d/%m/%Y}"
    states = ", ".join(f"{n} {label.lower()}" for label, n in by_status)
    return [
        Fact(
            f"Fiches actions de {year} : {len(fiches)} sur {total}",
            [f"{label} : {n}" for label, n in by_status],
            key="plan.fiches_annee",
            definition=(
                f"Les fiches dont la période (début, fin prévue) touche {year}, et celles "
                f"réalisées pendant l'année ; leur statut au {day}. Une fiche réalisée avant "
                f"{year} n'en fait pas partie."
            ),
            sentence=(
                f"{len(fiches)} des {plural(total, 'fiche')} actions du plan concernent {year}"
                + (f" : au {day}, {states}" if states else "")
            )
            if fiches
            else (
                f"Aucune des {plural(total, 'fiche')} actions du plan ne concerne {year}"
                if total
                else "Le plan ne compte encore aucune fiche action"
            ),
        ),
        Fact(
            f"Fiches commencées en {year} : {len(started)}",
            header=HEAD,
            rows=_rows(started),
            key="plan.fiches_commencees",
            definition=f"Les fiches de l'année dont la date de début tombe en {year}.",
            sentence=f"{plural(len(started), 'fiche')} "
            + ("a" if len(started) <= 1 else "ont")
            + f" commencé en {year}",
            bullets=_bullets(started),
        ),
        Fact(
            f"Fiches réalisées en {year} : {len(done)}",
            header=HEAD,
            rows=_rows(done),
            key="plan.fiches_realisees",
            definition=(
                f"Les fiches passées au statut « réalisée » en {year} et toujours réalisées, "
                "selon l'historique de chaque fiche (une fiche saisie comme déjà réalisée "
                "compte à sa fin prévue). Ce sont les fiches de l'année au statut « Réalisée »."
            ),
            sentence=f"{plural(len(done), 'fiche')} "
            + ("a" if len(done) <= 1 else "ont")
            + f" été réalisée{'s' if len(done) > 1 else ''} en {year}",
            bullets=_bullets(done),
        ),
        Fact(
            f"Fiches en retard au {day} : {len(late)}",
            header=HEAD,
            rows=_rows(late),
            key="plan.fiches_retard",
            definition=(
                "Les fiches de l'année ni réalisées ni abandonnées dont la fin prévue est "
                "passée ou dont une étape a dépassé son échéance sans être faite."
            ),
            sentence=f"Au {day}, {plural(len(late), 'fiche')} "
            + ("est" if len(late) <= 1 else "sont")
            + " en retard",
            bullets=_bullets(late),
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
    definition = (
        f"Les lignes budgétaires des fiches sur l'année {scope.year}, par financeur : le "
        "prévisionnel et le réalisé saisis sur chaque fiche."
    )
    if not rows:
        return [
            Fact(
                f"Budget {scope.year} : aucune ligne budgétaire sur cette année.",
                key="plan.budget",
                definition=definition,
            )
        ]
    rate = f" ({round(100 * actual / forecast)} % du prévisionnel)" if forecast else ""
    bullets = [f"{name} : {f} prévus, {a} réalisés" for name, f, a in rows]
    rows.append(("Total", euros(forecast), euros(actual)))
    return [
        Fact(
            f"Budget {scope.year} des fiches actions",
            [f"Prévisionnel {euros(forecast)}, réalisé {euros(actual)}{rate}."],
            header=("Financeur", "Prévisionnel", "Réalisé"),
            rows=rows,
            numeric=(1, 2),
            key="plan.budget",
            definition=definition,
            sentence=(
                f"En {scope.year}, les fiches actions prévoient {euros(forecast)} ; "
                f"{euros(actual)} sont réalisés{rate}. Par financeur"
            ),
            bullets=bullets,
        )
    ]


@contributes(Attendu.POPULATION, order=10)
def participation_of_the_year(scope: FactScope[Convention, User]) -> list[Fact]:
    """The fiches of the year that involve the population, by level of participation."""
    actions = [a for a in year_fiches(scope)[0] if a.participation != Participation.AUCUNE]
    definition = (
        f"Les fiches de {scope.year} (période qui touche l'année, ou réalisées pendant "
        "l'année) dont le niveau de participation des habitants n'est pas « aucune »."
    )
    if not actions:
        return [
            Fact(
                f"Aucune fiche de {scope.year} n'associe la population.",
                key="plan.participation",
                definition=definition,
            )
        ]
    by_level: dict[str, int] = defaultdict(int)
    for a in actions:
        by_level[a.get_participation_display()] += 1
    rows = [(a.reference, a.title, a.get_participation_display()) for a in actions[:LISTED]]
    levels = ", ".join(f"{n} en {label.lower()}" for label, n in by_level.items())
    return [
        Fact(
            f"Fiches associant la population en {scope.year} : {len(actions)}",
            [f"{label} : {n}" for label, n in by_level.items()],
            header=("Fiche", "Intitulé", "Participation"),
            rows=rows,
            key="plan.participation",
            definition=definition,
            sentence=(
                f"En {scope.year}, {plural(len(actions), 'fiche')} "
                + ("associe" if len(actions) <= 1 else "associent")
                + f" la population ({levels})"
            ),
            bullets=[
                f"{a.reference} {a.title} ({a.get_participation_display().lower()})"
                for a in actions[:LISTED]
            ],
        )
    ]
