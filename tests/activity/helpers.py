"""Builders of journal entries, held meetings and reports for the activity tests."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.utils import timezone

from maillage.activity import services
from maillage.activity.models import ActivityReport, JournalEntry
from maillage.governance import services as governance
from maillage.governance.models import Meeting

from ..conftest import World

_numbers = itertools.count(1)


def entry(world: World, *, days_ago: int = 0, **fields: Any) -> JournalEntry:
    data = {
        "date": timezone.localdate() - datetime.timedelta(days=days_ago),
        "duration": 60,
        "description": "Préparation du COPIL avec la DGS",
        "attendu": "elus",
        "mission": "politiques",
        "sphere": "politique",
        **fields,
    }
    convention = data.pop("convention", world.a)
    by = data.pop("by", world.users["cdc"])
    return services.journal_create(convention=convention, by=by, **data)


def held_meeting(
    world: World,
    *,
    kind: str = "copil",
    start: datetime.datetime | None = None,
    hours: int = 2,
    title: str = "COPIL annuel",
    body: Any = None,
) -> Meeting:
    cdc = world.users["cdc"]
    if body is None:
        body = governance.body_create(
            convention=world.a,
            by=cdc,
            kind=kind,
            name=f"Instance {kind} {next(_numbers)}",
            frequency="annuelle",
            **({"theme": "parentalite"} if kind == "groupe_travail" else {}),
        )
    start = start or (timezone.now().replace(microsecond=0) - datetime.timedelta(days=3))
    meeting = governance.meeting_create(
        body=body,
        by=cdc,
        title=title,
        start=start,
        end=start + datetime.timedelta(hours=hours),
        place="Mairie",
    )
    Meeting.objects.filter(pk=meeting.pk).update(status="tenue")
    meeting.refresh_from_db()
    return meeting


def complete_report(world: World, year: int | None = None) -> ActivityReport:
    """CTG A's CDC's report, every section written."""
    cdc = world.users["cdc"]
    report = services.report_start(
        convention=world.a, by=cdc, year=year or timezone.localdate().year
    )
    for section in report.sections.all():
        services.section_save(section=section, by=cdc, text=f"Bilan : {section.get_key_display()}.")
    report.refresh_from_db()
    return report
