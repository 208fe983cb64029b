"""Demo activity: the CDCs' journals and their annual activity reports to the Caf.

For the three detailed CTGs: the CDC's journal over the last twelve months (three to six
entries per working week, none during the summer and Christmas holidays), across the four
missions, the six attendus and the three spheres, some entries linked to a fiche of the
plan, a contact or an organisation of the directory; the held meetings the CDC attended
and part of the logged interactions enter the journal through the journal services, so
they are linked rather than written twice. Last year's report (none for a CTG that was not
signed and under way last year) went the whole way between January and March: written
with the year's facts, approved by the élu, transmitted, sent back once by the référent
CDT with comments, completed, transmitted again and validated.
This year's report is a draft with its first sections. The CDC who also works for a fourth
CTG has transmitted last year's report there, awaiting its CDT. The Caf de la Savoie's due
dates: 31 March after each year.

Dates are relative to the real day of loading. Every write goes through the activity
services; the workflow's e-mails are not sent (the steps belong to the past), and the
steps' dates are then set to their place in the timeline. Choices are drawn from a
``random.Random`` seeded with the CTG's slug. Idempotent: a CTG whose CDC already has
journal entries keeps its journal, and a report that exists is left as it is.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from maillage.accounts.models import User
from maillage.activity import facts as report_facts
from maillage.activity import notifications, services
from maillage.activity.models import ActivityReport, JournalEntry, ReportEvent, ReportSection
from maillage.conventions.enums import CafRole, ConventionRole
from maillage.conventions.models import CafMembership, Convention, ConventionMembership
from maillage.core.facts import Fact
from maillage.core.formats import de
from maillage.core.referentiel import DESCRIPTION, Attendu
from maillage.demo.data.activity import (
    COMMENTS,
    DEFAULT_FOCUS,
    FIRST_TRANSMISSION_NOTE,
    FOCUS,
    INTERACTION_SHARE,
    LAST_YEAR,
    PUBLIC_HOLIDAYS,
    RETURN_NOTE,
    RETURNED,
    SECOND_TRANSMISSION_NOTE,
    SHORT,
    SHORT_FACTS,
    TASKS,
    THIS_YEAR,
    VALIDATION_NOTE,
)
from maillage.demo.loaders.dates import at
from maillage.governance.enums import Attendance, BodyKind, MeetingStatus
from maillage.governance.models import Meeting
from maillage.network.models import Contact, Interaction, Partner
from maillage.organisations.models import Caf, Organisation
from maillage.plans.models import Action


@dataclass
class Links:
    """What a CTG's journal can name: fiches, contacts, organisations, communes."""

    actions: list[Action] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    communes: list[str] = field(default_factory=list)


@contextmanager
def _without_mail() -> Iterator[None]:
    """The workflow's steps of the demo belong to the past: nobody is e-mailed about them."""
    send = notifications.notify

    def silent(report: ActivityReport, kind: str, *, by: User | None = None) -> bool:
        return False

    notifications.notify = silent
    try:
        yield
    finally:
        notifications.notify = send


def _working_day(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _holiday(monday: datetime.date) -> bool:
    """The weeks off: three weeks in August and the week of Christmas."""
    sunday = monday + datetime.timedelta(days=6)
    christmas = datetime.date(monday.year, 12, 25)
    return (monday.month == 8 and 4 <= monday.day <= 24) or monday <= christmas <= sunday


def _links(convention: Convention) -> Links:
    return Links(
        actions=list(
            Action.objects.filter(plan__convention=convention, confidential=False)
            .select_related("axis", "plan")
            .order_by("axis__number", "number")
        ),
        contacts=list(
            Contact.objects.filter(convention=convention, organisation__isnull=False)
            .select_related("organisation")
            .order_by("last_name", "first_name", "pk")
        ),
        organisations=[
            p.organisation
            for p in Partner.objects.filter(convention=convention)
            .select_related("organisation")
            .order_by("organisation__name")
        ],
        communes=list(
            convention.communes.order_by("-population", "name").values_list("name", flat=True)[:10]
        )
        or [convention.name],
    )


def _entry(
    rng: random.Random, links: Links, day: datetime.date, attendus: set[str]
) -> dict[str, object]:
    """One entry of the journal on a day: a task of the season, with what it names.

    While some attendus (``attendus``) have no entry yet in the day's year, the task is one
    of them: every year of the journal, even a few weeks of it, covers the six attendus.
    """
    tasks = [t for t in TASKS if (not t[6] or day.month in t[6])]
    if attendus:
        tasks = [t for t in tasks if t[1] in attendus] or tasks
    while True:
        mission, attendu, sphere, minutes, text, link, _months = rng.choice(tasks)
        if link == "fiche" and not links.actions:
            continue
        if link == "contact" and not links.contacts:
            continue
        if link == "org" and not links.organisations:
            continue
        break
    data: dict[str, object] = {
        "date": day,
        "duration": rng.choice(minutes),
        "mission": mission,
        "attendu": attendu,
        "sphere": sphere,
    }
    commune = rng.choice(links.communes)
    values = {"commune": commune, "de_commune": de(commune)}
    if link == "fiche":
        action = rng.choice(links.actions)
        data["action"] = action
        values["fiche"] = f"{action.reference} « {action.title} »"
    elif link == "contact":
        contact = rng.choice(links.contacts)
        employer = contact.organisation
        assert employer is not None  # links.contacts are those with an organisation
        data["contact"], data["organisation"] = contact, employer
        values["contact"] = f"{contact.first_name} {contact.last_name}".strip()
        values["org"] = employer.name
    elif link == "org":
        organisation = rng.choice(links.organisations)
        data["organisation"] = organisation
        values["org"] = organisation.name
    data["description"] = text.format(**values)[:500]
    return data


def _journal(slug: str, convention: Convention, cdc: User, today: datetime.date) -> None:
    """Twelve months of the CDC's work, then the meetings and interactions it took part in."""
    rng = random.Random(f"activity-{slug}")  # noqa: S311 — a reproducible demo, not a secret
    links = _links(convention)
    first = today - datetime.timedelta(days=364)
    monday = first - datetime.timedelta(days=first.weekday())
    missing: dict[int, set[str]] = {}
    while monday <= today:
        if not _holiday(monday):
            days = [
                day
                for day in (monday + datetime.timedelta(days=n) for n in range(5))
                if first <= day <= today and (day.month, day.day) not in PUBLIC_HOLIDAYS
            ]
            # Three to six entries in a full week, fewer in a week cut short.
            count = round(rng.randint(3, 6) * len(days) / 5)
            for day in sorted(rng.choices(days, k=count)) if days else []:
                pending = missing.setdefault(day.year, set(Attendu.values))
                data = _entry(rng, links, day, pending)
                pending.discard(str(data["attendu"]))
                services.journal_create(convention=convention, by=cdc, **data)
        monday += datetime.timedelta(days=7)

    attended = (
        Meeting.objects.filter(
            status=MeetingStatus.TENUE,
            start__date__gte=first,
            start__date__lte=today,
            invitations__user=cdc,
            invitations__status=Attendance.PRESENT,
        )
        .filter(body__convention=convention)
        .select_related("body")
        .order_by("start")
    )
    network = Meeting.objects.filter(
        status=MeetingStatus.TENUE,
        start__date__gte=first,
        start__date__lte=today,
        body__caf_id=convention.caf_id,
        body__kind=BodyKind.RESEAU_CDC,
        invitations__user=cdc,
        invitations__status=Attendance.PRESENT,
    ).select_related("body")
    for meeting in [*attended, *network.order_by("start")]:
        services.journal_from_meeting(meeting=meeting, convention=convention, by=cdc)

    interactions = list(
        Interaction.objects.filter(convention=convention, date__gte=first, date__lte=today)
        .select_related("convention")
        .order_by("date", "pk")
    )
    for interaction in rng.sample(interactions, k=round(len(interactions) * INTERACTION_SHARE)):
        services.journal_from_interaction(interaction=interaction, by=cdc)


def _sections(report: ActivityReport) -> dict[str, ReportSection]:
    return {s.key: s for s in ReportSection.objects.filter(report=report).select_related("report")}


def _quoted(items: list[Fact]) -> str | None:
    """The facts worth quoting in the text: all of them (None) when each says something,
    otherwise the first one that does (its key)."""
    telling = [f.key for f in items if not f.as_text().startswith(("Aucun", "0 "))]
    if len(telling) == len(items):
        return None
    return telling[0] if telling else items[0].key


def _write(
    section: ReportSection,
    by: User,
    before: str,
    after: str,
    facts: list[str | None],
) -> ReportSection:
    """Quote some of the section's facts (None: all of them), then write the CDC's text
    around them."""
    for key in facts:
        section = services.section_insert_facts(section=section, by=by, key=key)
    quoted = section.text
    text = "\n\n".join(part for part in (before, quoted, after) if part)
    return services.section_save(section=section, by=by, text=text)


def _steps(
    first: datetime.date, plan: list[tuple[str, int, int]]
) -> list[tuple[str, datetime.datetime]]:
    """Working days in order: each step some days after the previous one, at an hour."""
    moments, day = [], first
    for name, days, hour in plan:
        day = _working_day(day + datetime.timedelta(days=days))
        moments.append((name, at(day, hour)))
    return moments


def _past(moments: list[datetime.datetime]) -> list[datetime.datetime]:
    """The moments as planned, or moved back together so that the last one is a day ago
    (a demo loaded before the end of March)."""
    latest = timezone.now() - datetime.timedelta(days=1)
    if not moments or moments[-1] <= latest:
        return moments
    shift = datetime.timedelta(days=(moments[-1] - latest).days + 1)
    return [moment - shift for moment in moments]


def _timeline(report: ActivityReport, steps: list[datetime.datetime], **fields: object) -> None:
    """Place the report's steps, in order, at the given moments (and its dates with them)."""
    events = list(ReportEvent.objects.filter(report=report).order_by("pk"))
    for event, moment in zip(events, steps, strict=True):
        ReportEvent.objects.filter(pk=event.pk).update(at=moment)
    ActivityReport.objects.filter(pk=report.pk).update(**fields)


def _ran_in(convention: Convention, year: int) -> bool:
    """Whether the CTG was signed and under way during ``year``: only then is there a
    report on that year (a CTG en préparation has none)."""
    return convention.signed_on is not None and convention.start_date.year <= year


def _last_year(
    slug: str, index: int, convention: Convention, cdc: User, today: datetime.date
) -> None:
    year = today.year - 1
    if not _ran_in(convention, year):
        return
    if ActivityReport.objects.filter(convention=convention, author=cdc, year=year).exists():
        return
    rng = random.Random(f"report-{slug}-{year}")  # noqa: S311 — a reproducible demo
    elu = (
        ConventionMembership.objects.filter(
            convention=convention, role=ConventionRole.ELU, is_active=True
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    cdt = convention.cdt
    assert cdt is not None  # every demo CTG has its référent CDT (see ctgs.py)
    values = {
        "year": year,
        "next": today.year,
        "ctg": convention.name,
        "focus": FOCUS.get(slug, DEFAULT_FOCUS),
    }
    report = services.report_start(convention=convention, by=cdc, year=year)
    facts = report_facts.gather(services.scope_of(report))
    for key, section in _sections(report).items():
        before, after = LAST_YEAR[key]
        _write(section, cdc, before.format(**values), after.format(**values), [_quoted(facts[key])])
    if elu:
        services.report_approve(report=report, by=elu.user)
    report = services.report_transmit(
        report=report,
        by=cdc,
        note=FIRST_TRANSMISSION_NOTE.format(year=year) if elu else "",
    )
    returned = RETURNED.get(slug, (Attendu.EVALUATION,))
    report = services.report_return(
        report=report,
        by=cdt,
        comments={key: COMMENTS[key][0] for key in returned},
        note=RETURN_NOTE,
    )
    sections = _sections(report)
    for key in returned:
        answer = COMMENTS[key][1].format(answers=rng.randint(180, 320))
        services.section_save(
            section=sections[key], by=cdc, text=f"{sections[key].text}\n\n{answer}"
        )
    if elu:
        services.report_approve(report=report, by=elu.user)
    report = services.report_transmit(report=report, by=cdc, note=SECOND_TRANSMISSION_NOTE)
    report = services.report_validate(report=report, by=cdt, note=VALIDATION_NOTE)

    # January to March of this year, a few days apart from one CTG to the next.
    planned = _steps(
        datetime.date(today.year, 1, 8 + 2 * index),
        [
            ("started", 0, 9),
            *([("approved", 38, 11)] if elu else []),
            ("sent", 2, 15),
            ("returned", 12, 14),
            ("completed", 4, 16),
            *([("approved", 3, 10)] if elu else []),
            ("sent", 1, 9),
            ("validated", 6, 11),
        ],
    )
    moments = list(zip([name for name, _ in planned], _past([m for _, m in planned]), strict=True))
    _timeline(
        report,
        [moment for name, moment in moments if name != "completed"],
        created_at=moments[0][1],
        text_updated_at=next(m for name, m in moments if name == "completed"),
        approved_at=max((m for name, m in moments if name == "approved"), default=None),
        facts_frozen_at=max(m for name, m in moments if name == "sent"),
    )


def _this_year(slug: str, convention: Convention, cdc: User, today: datetime.date) -> None:
    year = today.year
    if ActivityReport.objects.filter(convention=convention, author=cdc, year=year).exists():
        return
    values = {
        "year": year,
        "today": today,
        "focus": FOCUS.get(slug, DEFAULT_FOCUS),
    }
    report = services.report_start(convention=convention, by=cdc, year=year)
    facts = report_facts.gather(services.scope_of(report))
    sections = _sections(report)
    for key, quote, before, after in THIS_YEAR:
        chosen = [None if key == DESCRIPTION else _quoted(facts[key])]
        _write(
            sections[key],
            cdc,
            before.format(**values),
            after.format(**values),
            chosen if quote else [],
        )
    day = max(datetime.date(year, 1, 2), today - datetime.timedelta(days=24))
    started = _past([at(_working_day(day), 10)])[0]
    _timeline(report, [started], created_at=started)


def _transmitted(convention: Convention, cdc: User, today: datetime.date) -> None:
    """A short report on last year, transmitted just before the due date, not yet reviewed."""
    year = today.year - 1
    if not _ran_in(convention, year):
        return
    if ActivityReport.objects.filter(convention=convention, author=cdc, year=year).exists():
        return
    report = services.report_start(convention=convention, by=cdc, year=year)
    facts = report_facts.gather(services.scope_of(report))
    for key, section in _sections(report).items():
        if key in SHORT:
            quoted = [_quoted(facts[key])] if key in SHORT_FACTS else []
            _write(section, cdc, SHORT[key], "", quoted)
    report = services.report_transmit(report=report, by=cdc)
    started, sent = _past(
        [
            at(_working_day(datetime.date(today.year, 3, 2)), 14),
            at(_working_day(datetime.date(today.year, 3, 27)), 17),
        ]
    )
    _timeline(
        report, [started, sent], created_at=started, text_updated_at=sent, facts_frozen_at=sent
    )


def _due_dates(caf: Caf, today: datetime.date) -> None:
    """Reports on a year are due on 31 March of the next year."""
    admin = (
        CafMembership.objects.filter(caf=caf, role=CafRole.CAF_ADMIN, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if admin is None:
        return
    for year in (today.year - 1, today.year):
        services.due_date_set(
            caf=caf, by=admin.user, year=year, due_date=datetime.date(year + 1, 3, 31)
        )


def _cdc(convention: Convention) -> User | None:
    membership = (
        ConventionMembership.objects.filter(
            convention=convention, role=ConventionRole.CDC, is_active=True
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def load_activity(conventions: dict[str, Convention]) -> None:
    """Write the journals and reports of the detailed CTGs (by team slug), and last year's
    report of their CDCs' other CTGs."""
    today = timezone.localdate()
    detailed = {c.pk for c in conventions.values()}
    with _without_mail(), transaction.atomic():
        for caf in Caf.objects.filter(conventions__in=detailed).distinct().order_by("pk"):
            _due_dates(caf, today)
        detailed_cdcs = set()
        for index, (slug, convention) in enumerate(conventions.items()):
            cdc = _cdc(convention)
            if cdc is None:
                continue
            detailed_cdcs.add(cdc)
            if not JournalEntry.objects.filter(convention=convention, author=cdc).exists():
                _journal(slug, convention, cdc, today)
            _last_year(slug, index, convention, cdc, today)
            _this_year(slug, convention, cdc, today)
        others = (
            Convention.objects.filter(caf__conventions__in=detailed)
            .exclude(pk__in=detailed)
            .distinct()
            .select_related("cdt")
            .order_by("name")
        )
        for convention in others:
            cdc = _cdc(convention)
            if cdc in detailed_cdcs and convention.cdt_id:
                _transmitted(convention, cdc, today)
