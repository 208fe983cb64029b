"""The history of one fiche: its own changes and those of its steps, budget, documents and
notes."""

from __future__ import annotations

from typing import Any

from maillage.conventions.history import LIMIT, HistoryEntry, history_entries

from .models import Action, ActionDocument, BudgetLine, Note, Step

FICHE_FIELDS = [
    "title",
    "description",
    "status",
    "priority",
    "start_date",
    "end_date",
    "progress_manual",
    "pilot",
    "pilot_contact",
    "pilot_organisation",
    "elu_referent",
    "participation",
    "confidential",
    "axis",
]


def action_history(action: Action) -> list[HistoryEntry]:
    """The latest changes of a fiche, newest first, in a fixed number of queries."""

    def latest(model: type[Action | Step | BudgetLine | ActionDocument | Note]) -> list[Any]:
        manager = model.history if model is Action else model.history.filter(action_id=action.pk)
        if model is Action:
            manager = manager.filter(id=action.pk)
        return list(manager.select_related("history_user").order_by("-history_id")[:LIMIT])

    fiche_records = latest(Action)
    fiche_entries = history_entries(fiche_records, FICHE_FIELDS, lambda r: "Fiche")
    # One object: its entries come in the order of its records, oldest first.
    for entry, record in zip(
        fiche_entries, sorted(fiche_records, key=lambda r: r.history_id), strict=True
    ):
        entry.reason = record.history_change_reason or ""  # type: ignore[attr-defined]
    entries = (
        fiche_entries
        + history_entries(latest(Step), ["name", "due_date", "done"], lambda r: f"Étape : {r.name}")
        + history_entries(
            latest(BudgetLine),
            ["year", "nature", "forecast", "actual"],
            lambda r: f"Budget {r.year}",
        )
        + history_entries(latest(ActionDocument), ["name"], lambda r: f"Document : {r.name}")
        + history_entries(latest(Note), ["text"], lambda r: f"Note du {r.date:%d/%m/%Y}")
    )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:LIMIT]
