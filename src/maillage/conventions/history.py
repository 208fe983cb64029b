"""The « Historique » of a CTG: who changed what and when, on the CTG and its members."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import capfirst

from maillage.conventions.models import ConventionMembership

from .models import Convention, Signatory

ACTIONS = {"+": "Création", "~": "Modification", "-": "Suppression"}
LIMIT = 200


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    subject: str
    action: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def _display(record: Any, name: str) -> str:
    model_field = record.instance_type._meta.get_field(name)
    value = getattr(record, model_field.attname)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value or "—"))
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if value in (None, ""):
        return "—"
    return str(value)


def history_entries(records: list[Any], fields: list[str], subject: Any) -> list[HistoryEntry]:
    by_object: dict[int, list[Any]] = defaultdict(list)
    for record in records:
        by_object[record.id].append(record)
    entries: list[HistoryEntry] = []
    for versions in by_object.values():
        versions.sort(key=lambda r: r.history_id)
        previous: Any = None
        for record in versions:
            changes: list[tuple[str, str, str]] = []
            if previous is not None and record.history_type == "~":
                for name in fields:
                    before, after = _display(previous, name), _display(record, name)
                    if before != after:
                        label = capfirst(
                            str(record.instance_type._meta.get_field(name).verbose_name)
                        )
                        changes.append((label, before, after))
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=record.history_user.full_name if record.history_user else "Système",
                    subject=subject(record),
                    action=ACTIONS.get(record.history_type, record.history_type),
                    changes=changes,
                )
            )
            previous = record
    return entries


def convention_history(convention: Convention) -> list[HistoryEntry]:
    """The latest changes of a CTG and of its members and signatories, newest first."""
    ctg = list(
        Convention.history.filter(id=convention.pk)
        .select_related("history_user")
        .order_by("-history_id")[:LIMIT]
    )
    members = list(
        ConventionMembership.history.filter(convention_id=convention.pk)
        .select_related("history_user", "user")
        .order_by("-history_id")[:LIMIT]
    )
    signatories = list(
        Signatory.history.filter(convention_id=convention.pk)
        .select_related("history_user", "organisation")
        .order_by("-history_id")[:LIMIT]
    )
    entries = (
        history_entries(
            ctg,
            ["name", "start_date", "end_date", "signed_on", "renewal_in_progress", "cdt", "epci"],
            lambda r: "CTG",
        )
        + history_entries(members, ["role", "is_active"], lambda r: f"Membre : {r.user.full_name}")
        + history_entries(signatories, ["role"], lambda r: f"Signataire : {r.organisation.name}")
    )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:LIMIT]
