"""The history of one fiche: its own changes and those of its steps, budget and documents."""

from __future__ import annotations

from maillage.conventions.history import LIMIT, HistoryEntry, history_entries

from .models import Action, ActionDocument, BudgetLine, Step


def action_history(action: Action) -> list[HistoryEntry]:
    """The latest changes of a fiche, newest first, in a fixed number of queries."""

    def latest(model: type) -> list:
        manager = model.history if model is Action else model.history.filter(action_id=action.pk)
        if model is Action:
            manager = manager.filter(id=action.pk)
        return list(manager.select_related("history_user").order_by("-history_id")[:LIMIT])

    entries = (
        history_entries(
            latest(Action),
            [
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
            ],
            lambda r: "Fiche",
        )
        + history_entries(latest(Step), ["name", "due_date", "done"], lambda r: f"Étape : {r.name}")
        + history_entries(
            latest(BudgetLine),
            ["year", "nature", "forecast", "actual"],
            lambda r: f"Budget {r.year}",
        )
        + history_entries(latest(ActionDocument), ["name"], lambda r: f"Document : {r.name}")
    )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:LIMIT]
