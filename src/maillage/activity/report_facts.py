"""The journal's facts for the annual report: time spent, in total and per attendu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from maillage.core.facts import Fact, FactProvider, FactScope, contributes
from maillage.core.formats import plural
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
    definition = (
        f"La somme des durées des entrées du journal d'activité du chargé de coopération sur "
        f"cette CTG, datées de {scope.year}."
    )
    if not totals.entries:
        return [
            Fact(
                f"Aucune entrée dans le journal d'activité en {scope.year}.",
                key="journal.temps",
                definition=definition,
            )
        ]
    head = ("", "Temps", "Part", "Entrées")

    def rows(items: list[TotalRow]) -> list[tuple[str, ...]]:
        return [
            (r.label, r.duration, _share(r.minutes, totals.minutes), str(r.entries))
            for r in items
            if r.minutes
        ]

    def bullets(items: list[TotalRow]) -> list[str]:
        return [
            f"{r.label} : {r.duration} ({_share(r.minutes, totals.minutes)})"
            for r in items
            if r.minutes
        ]

    def split(label: str, key: str, what: str, items: list[TotalRow]) -> Fact:
        return Fact(
            label,
            header=(what, *head[1:]),
            rows=rows(items),
            numeric=(1, 2, 3),
            key=f"journal.temps_par_{key}",
            definition=f"Le temps du journal en {scope.year}, réparti par {what.lower()}.",
            sentence=f"Temps du journal en {scope.year} par {what.lower()}",
            bullets=bullets(items),
        )

    return [
        Fact(
            f"Temps consigné au journal en {scope.year} : {totals.duration} "
            f"({plural(totals.entries, 'entrée')})",
            key="journal.temps",
            definition=definition,
            sentence=(
                f"En {scope.year}, {totals.duration} de travail sur la CTG sont consignées au "
                f"journal d'activité ({plural(totals.entries, 'entrée')})"
            ),
        ),
        split("Par mission", "mission", "Mission", totals.by_mission),
        split("Par attendu", "attendu", "Attendu", totals.by_attendu),
        split("Par sphère d'intervention", "sphere", "Sphère", totals.by_sphere),
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
        definition = (
            f"Les entrées du journal d'activité de {scope.year} rattachées à cet attendu, "
            f"et les {SHOWN} plus longues."
        )
        if not entries:
            return [
                Fact(
                    f"Aucune entrée du journal sur cet attendu en {scope.year}.",
                    key=f"journal.attendu.{key}",
                    definition=definition,
                )
            ]
        shown = entries[:SHOWN]
        return [
            Fact(
                f"Temps consacré à cet attendu en {scope.year} : {hours(minutes)} "
                f"({plural(len(entries), 'entrée')} du journal)",
                header=("Date", "Durée", "Activité"),
                rows=[(f"{d:%d/%m/%Y}", hours(m), text) for d, m, text in shown],
                key=f"journal.attendu.{key}",
                definition=definition,
                sentence=(
                    f"En {scope.year}, {hours(minutes)} consacrées à cet attendu "
                    f"({plural(len(entries), 'entrée')} du journal)"
                    + (f", dont les {len(shown)} plus longues" if len(entries) > len(shown) else "")
                ),
                bullets=[
                    f"le {d:%d/%m/%Y}, {hours(m)} : {' '.join(text.split())}"
                    for d, m, text in shown
                ],
            )
        ]

    provider.__qualname__ = f"time_on_{key}"
    return provider


for _key in Attendu.values:
    contributes(_key, order=90)(_attendu_facts(_key))
