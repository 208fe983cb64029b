"""The journal's facts for the annual report: time spent, in total and per attendu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from maillage.core.facts import Fact, FactProvider, FactScope, contributes
from maillage.core.referentiel import DESCRIPTION, Attendu

from .models import JournalEntry
from .selectors import TotalRow, hours, journal_totals

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.conventions.models import Convention


SHOWN = 8  # the longest entries shown under each attendu


def _share(minutes: int, total: int) -> str:
    return f"{round(100 * minutes / total)} %" if total else "—"


@contributes(DESCRIPTION, order=10)
def time_spent(scope: FactScope[Convention, User]) -> list[Fact]:
    """The year's time in the journal, per mission and per sphere."""
    totals = journal_totals(scope.author, scope.convention, scope.start, scope.end)
    if not totals.entries:
        return [Fact(f"Aucune entrée dans le journal d'activité en {scope.year}.")]
    head = ("", "Temps", "Part", "Entrées")

    def rows(items: list[TotalRow]) -> list[tuple[str, ...]]:
        return [
            (r.label, r.duration, _share(r.minutes, totals.minutes), str(r.entries))
            for r in items
            if r.minutes
        ]

    return [
        Fact(
            f"Temps consigné au journal en {scope.year} : {totals.duration} "
            f"({totals.entries} entrée{'s' if totals.entries != 1 else ''})",
        ),
        Fact(
            "Par mission",
            header=("Mission", *head[1:]),
            rows=rows(totals.by_mission),
            numeric=(1, 2, 3),
        ),
        Fact(
            "Par attendu",
            header=("Attendu", *head[1:]),
            rows=rows(totals.by_attendu),
            numeric=(1, 2, 3),
        ),
        Fact(
            "Par sphère d'intervention",
            header=("Sphère", *head[1:]),
            rows=rows(totals.by_sphere),
            numeric=(1, 2, 3),
        ),
    ]


def _attendu_facts(key: str) -> FactProvider:
    def provider(scope: FactScope[Convention, User]) -> list[Fact]:
        entries = list(
            JournalEntry.objects.filter(
                convention=scope.convention,
                author=scope.author,
                attendu=key,
                date__gte=scope.start,
                date__lte=scope.end,
            )
            .order_by("-duration", "date")
            .values_list("date", "duration", "description")
        )
        minutes = sum(e[1] for e in entries)
        if not entries:
            return [Fact(f"Aucune entrée du journal sur cet attendu en {scope.year}.")]
        return [
            Fact(
                f"Temps consacré à cet attendu en {scope.year} : {hours(minutes)} "
                f"({len(entries)} entrée{'s' if len(entries) != 1 else ''} du journal)",
                header=("Date", "Durée", "Activité"),
                rows=[(f"{d:%d/%m/%Y}", hours(m), text) for d, m, text in entries[:SHOWN]],
            )
        ]

    provider.__qualname__ = f"time_on_{key}"
    return provider


for _key in Attendu.values:
    contributes(_key, order=90)(_attendu_facts(_key))
