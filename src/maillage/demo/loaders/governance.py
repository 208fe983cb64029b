"""Demo governance: instances, meetings, attendance, minutes and decisions of the CTGs.

For the three detailed CTGs: a COPIL held last year (attendance, published minutes,
decisions about fiches, one of them applied to the plan) and the next one planned this
year with its checklist partly ticked; a COTECH meeting over two years; one or two
groupes de travail with a thématique. Invitees are the CTG's team, its CDT and, when the
directory demo exists, a few of the CTG's contacts. The other CTGs get a COPIL held this
year, planned, or none, so the Caf's table shows the three COPIL statuses.

Dates are relative to the real day of loading, because the COPIL status is computed from
the current year. Every write goes through the governance services; nothing is convened
by e-mail (the convocation dates are recorded directly). Idempotent: a CTG that already
has an instance is skipped.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from maillage.accounts.models import User
from maillage.conventions.enums import CafRole
from maillage.conventions.models import CafMembership, Convention
from maillage.demo.data.ctgs import ROLES
from maillage.demo.data.governance import (
    COPIL,
    COPIL_MINUTES,
    COPIL_PLACE,
    COPIL_TITLE,
    COTECH,
    COTECH_AGENDA,
    COTECH_MINUTES,
    COTECH_MONTHS,
    COTECH_PLACE,
    COTECH_TITLE,
    COTECH_VIDEO_LINK,
    DECISION_POSTPONE,
    DECISION_REPORT,
    DECISION_START,
    DECISIONS_DUE,
    GROUP_FINDINGS,
    GROUP_MINUTES,
    GROUP_WORKSHOP,
    GROUPS,
    HELD_COPIL_AGENDA,
    NETWORK_AGENDA,
    NETWORK_MEETINGS,
    NETWORK_MINUTES,
    NETWORK_PLACE,
    NETWORK_VIDEO_LINK,
    OTHER_COPIL,
    OTHER_COPIL_AGENDA,
    OTHER_COPIL_MINUTES,
    OTHER_COPIL_PLACE,
    PLANNED_COPIL_AGENDA,
    Item,
)
from maillage.demo.loaders.dates import at
from maillage.governance import services
from maillage.governance.enums import Attendance, BodyKind, DecisionStatus, Frequency, PlanChange
from maillage.governance.models import Body, Invitation, Meeting
from maillage.network.models import Contact
from maillage.organisations.models import Caf
from maillage.plans.enums import ActionStatus
from maillage.plans.models import Action


@dataclass
class Team:
    """Who a detailed CTG's instances gather, and the fiches their agendas name."""

    convention: Convention
    author: User
    users: dict[str, User] = field(default_factory=dict)
    cdt: User | None = None
    contacts: list[Contact] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)

    @property
    def people(self) -> list[User]:
        return [u for u in [*self.users.values(), self.cdt] if u is not None]


def _months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, min(day.day, 28))


def _weekday(day: datetime.date) -> datetime.date:
    """The day itself, or the next Tuesday when it falls on a week-end or a Monday."""
    while day.weekday() not in (1, 2, 3):
        day += datetime.timedelta(days=1)
    return day


def _planned_this_year(today: datetime.date, days: int) -> datetime.date:
    """A day ahead, but still this year (the COPIL status counts the current year)."""
    day = _weekday(today + datetime.timedelta(days=days))
    if day.year != today.year:
        day = max(today, datetime.date(today.year, 12, 15))
    return day


def _held_this_year(today: datetime.date, month: int) -> datetime.date:
    """A past day of this year (today at worst)."""
    day = _weekday(datetime.date(today.year, month, 10))
    return min(day, today)


def _meeting(
    body: Body,
    by: User,
    title: str,
    day: datetime.date,
    *,
    hours: tuple[int, int] = (14, 16),
    place: str = "",
    video_link: str = "",
    invite: Sequence[User] = (),
    contacts: Sequence[Contact] = (),
) -> Meeting:
    meeting = services.meeting_create(
        body=body,
        by=by,
        title=title,
        start=at(day, hours[0]),
        end=at(day, hours[1]),
        place=place,
        video_link=video_link,
    )
    invited = set(meeting.invitations.values_list("user_id", flat=True))
    for user in invite:
        if user.pk not in invited:
            services.invitation_add(meeting=meeting, by=by, user=user, notify=False)
            invited.add(user.pk)
    for contact in contacts:
        if not meeting.invitations.filter(contact=contact).exists():
            services.invitation_add(meeting=meeting, by=by, contact=contact, notify=False)
    return meeting


def _item(
    meeting: Meeting, by: User, item: Item, linked: Sequence[Action] = (), **texts: object
) -> None:
    services.agenda_item_add(
        meeting=meeting,
        by=by,
        title=item.title.format(**texts),
        duration=item.duration,
        presenter=item.presenter,
        actions=linked,
    )


def _agenda(
    meeting: Meeting, by: User, items: Sequence[Item], actions: list[Action], **texts: object
) -> None:
    """Add the items to the meeting's agenda, each with the fiches of the plan it names."""
    for item in items:
        linked = _pick(actions, *item.fiches) if item.fiches else []
        _item(meeting, by, item, linked, **texts)


def _convened(meeting: Meeting, days_before: int = 15) -> None:
    """Record a convocation sent in the past, without sending anything."""
    sent = meeting.start - datetime.timedelta(days=days_before)
    Meeting.objects.filter(pk=meeting.pk).update(convened_at=sent)
    meeting.invitations.update(email_sent_at=sent)
    meeting.convened_at = sent


def _hold(meeting: Meeting, by: User, minutes: str, absent_every: int = 5) -> None:
    """Attendance (the organiser present, most others too, some excused or absent) and
    published minutes."""
    invitations = meeting.invitations.select_related("user", "contact").order_by("pk")
    for n, invitation in enumerate(invitations, 1):
        if invitation.user_id == by.pk:
            status = Attendance.PRESENT  # whoever convenes the meeting runs it
        elif n % absent_every == 0:
            status = Attendance.EXCUSE
        elif n % (absent_every + 2) == 0:
            status = Attendance.ABSENT
        else:
            status = Attendance.PRESENT
        services.invitation_update(
            invitation=invitation, by=by, status=status, organisation=invitation.organisation
        )
    services.minutes_save(meeting=meeting, by=by, minutes=minutes)
    services.minutes_publish(meeting=meeting, by=by, notify=False)
    published = meeting.end + datetime.timedelta(days=6)
    Meeting.objects.filter(pk=meeting.pk).update(minutes_published_at=published)


def _team(slug: str, convention: Convention) -> Team:
    users = {u.email.split(".", 1)[0]: u for u in User.objects.filter(
        email__in=[f"{role}.{slug}@example.org" for role in ROLES]
    )}  # fmt: skip
    contacts = list(
        Contact.objects.filter(convention=convention)
        .exclude(email="")
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")[:4]
    )
    actions = list(
        Action.objects.filter(plan__convention=convention, confidential=False)
        .select_related("axis", "plan")
        .order_by("axis__number", "number", "pk")
    )
    author = users.get("cdc") or convention.cdt
    assert author is not None  # every demo CTG has its référent CDT (see ctgs.py)
    return Team(convention, author, users, convention.cdt, contacts, actions)


def _pick(actions: list[Action], start: int, count: int) -> list[Action]:
    return actions[start : start + count] if actions else []


def _copils(team: Team, today: datetime.date) -> None:
    convention, cdc = team.convention, team.author
    organisations = [s.organisation for s in convention.signatories.select_related("organisation")]
    copil = services.body_create(
        convention=convention,
        by=cdc,
        kind=BodyKind.COPIL,
        name=COPIL.name,
        frequency=COPIL.frequency,
        description=COPIL.description,
        users=[u for u in (team.users.get("elu"), cdc, team.cdt) if u is not None],
        organisations=organisations,
    )
    epci = convention.epci.name if convention.epci is not None else convention.name
    held_day = _weekday(datetime.date(today.year - 1, 11, 18))
    held = services.meeting_create(
        body=copil,
        by=cdc,
        title=COPIL_TITLE.format(year=today.year - 1),
        start=at(held_day, 14),
        end=at(held_day, 17),
        place=COPIL_PLACE.format(epci=epci),
    )
    held = _invite_more(held, team, cdc)
    actions = team.actions
    _agenda(held, cdc, HELD_COPIL_AGENDA, actions)
    services.checklist_update(
        meeting=held,
        by=cdc,
        date_agreed_with_cdt=True,
        review_on_agenda=True,
        adjustments_on_agenda=True,
        documents_sent=True,
        minutes_sent=True,
    )
    _convened(held, days_before=21)
    _hold(held, cdc, COPIL_MINUTES)
    owner = team.users.get("technicien") or cdc
    due = datetime.date(today.year, *DECISIONS_DUE)
    # The decision applied to the plan starts a fiche that had not begun.
    waiting = (ActionStatus.A_VENIR, ActionStatus.EN_PAUSE, ActionStatus.BLOQUEE)
    target = next((a for a in actions if a.status in waiting), None)
    decisions = [
        (DECISION_START, cdc, [target] if target else _pick(actions, 0, 1)),
        (DECISION_POSTPONE, owner, _pick(actions, 3, 1)),
        (DECISION_REPORT, cdc, []),
    ]
    created = [
        services.decision_add(
            meeting=held,
            by=cdc,
            text=text,
            owner=who,
            due_date=due,
            status=DecisionStatus.EN_COURS if linked else DecisionStatus.A_FAIRE,
            actions=linked,
        )
        for text, who, linked in decisions
    ]
    if target is not None:
        services.decision_apply(
            decision=created[0],
            by=cdc,
            change=PlanChange.STATUS,
            action=target,
            status=ActionStatus.EN_COURS,
        )

    planned_day = _planned_this_year(today, 12)
    planned = services.meeting_create(
        body=copil,
        by=cdc,
        title=COPIL_TITLE.format(year=today.year),
        start=at(planned_day, 14),
        end=at(planned_day, 17),
        place=COPIL_PLACE.format(epci=epci),
    )
    _invite_more(planned, team, cdc)
    _agenda(planned, cdc, PLANNED_COPIL_AGENDA, actions, next_year=today.year + 1)
    services.checklist_update(
        meeting=planned, by=cdc, date_agreed_with_cdt=True, review_on_agenda=True
    )


def _invite_more(meeting: Meeting, team: Team, by: User) -> Meeting:
    """The technicien and a few directory contacts join the instance's members (those
    not invited already as contacts of a member organisation)."""
    extra = [u for u in (team.users.get("technicien"),) if u is not None]
    invited = set(meeting.invitations.values_list("user_id", flat=True))
    for user in extra:
        if user.pk not in invited:
            services.invitation_add(meeting=meeting, by=by, user=user, notify=False)
    contacts = set(meeting.invitations.values_list("contact_id", flat=True))
    for contact in team.contacts[:3]:
        if contact.pk not in contacts:
            services.invitation_add(meeting=meeting, by=by, contact=contact, notify=False)
    return meeting


def _cotech(team: Team, today: datetime.date) -> None:
    cdc = team.author
    members = [u for u in (cdc, team.users.get("technicien"), team.users.get("partenaire"),
                           team.cdt) if u is not None]  # fmt: skip
    cotech = services.body_create(
        convention=team.convention,
        by=cdc,
        kind=BodyKind.COTECH,
        name=COTECH.name,
        frequency=COTECH.frequency,
        description=COTECH.description,
        users=members,
        contacts=team.contacts[:2],
    )
    progress, next_copil = COTECH_AGENDA
    for n, months in enumerate(COTECH_MONTHS, start=1):
        day = _weekday(_months(today, months))
        meeting = _meeting(
            cotech,
            cdc,
            COTECH_TITLE.format(n=n),
            day,
            hours=(9, 11),
            place=COTECH_PLACE if n % 2 else "",
            video_link="" if n % 2 else COTECH_VIDEO_LINK,
        )
        _item(meeting, cdc, progress, _pick(team.actions, (n * 2) % max(len(team.actions), 1), 3))
        _item(meeting, cdc, next_copil)
        if day < today:
            _convened(meeting)
            _hold(meeting, cdc, COTECH_MINUTES, absent_every=4)


def _groups(slug: str, team: Team, today: datetime.date) -> None:
    cdc = team.author
    workshop_title, workshop_item = GROUP_WORKSHOP
    findings_title, findings_item = GROUP_FINDINGS
    for index, (name, theme) in enumerate(GROUPS.get(slug, [])):
        group = services.body_create(
            convention=team.convention,
            by=cdc,
            kind=BodyKind.GROUPE_TRAVAIL,
            name=name,
            theme=theme,
            frequency=Frequency.PONCTUELLE,
            users=[u for u in (cdc, team.users.get("technicien")) if u is not None],
            contacts=team.contacts[index : index + 3],
        )
        linked = _pick(team.actions, 6 + 2 * index, 2)
        past = _meeting(
            group, cdc, workshop_title.format(name=name), _weekday(_months(today, -5 - index))
        )
        _item(past, cdc, workshop_item, linked)
        _convened(past)
        _hold(past, cdc, GROUP_MINUTES, absent_every=3)
        upcoming = _meeting(
            group,
            cdc,
            findings_title.format(name=name),
            _weekday(today + datetime.timedelta(days=20)),
        )
        _item(upcoming, cdc, findings_item, linked)


def _detailed(slug: str, convention: Convention, today: datetime.date) -> None:
    team = _team(slug, convention)
    _copils(team, today)
    _cotech(team, today)
    _groups(slug, team, today)


def _other(index: int, convention: Convention, today: datetime.date) -> None:
    """A COPIL held this year (index % 3 == 0), planned (1), or only last year's (2)."""
    author = convention.cdt
    if author is None:
        return
    copil = services.body_create(
        convention=convention,
        by=author,
        kind=BodyKind.COPIL,
        name=OTHER_COPIL.name,
        frequency=OTHER_COPIL.frequency,
        users=[author],
    )
    epci = convention.epci.name if convention.epci is not None else convention.name
    choice = index % 3
    if choice == 0:
        day, year = _held_this_year(today, 3 + index % 6), today.year
    elif choice == 1:
        day, year = _planned_this_year(today, 7 + index), today.year
    else:
        day, year = _weekday(datetime.date(today.year - 1, 10, 10 + index)), today.year - 1
    meeting = _meeting(
        copil, author, COPIL_TITLE.format(year=year), day, place=OTHER_COPIL_PLACE.format(epci=epci)
    )
    _agenda(meeting, author, OTHER_COPIL_AGENDA, [])
    if day < today or choice != 1:
        _convened(meeting)
        _hold(meeting, author, OTHER_COPIL_MINUTES)


def _caf_network(caf_id: int, today: datetime.date) -> None:
    """The Caf's network of chargés de coopération: meetings over the last twelve months,
    every CDC invited, attendance varying from one CDC to another."""
    caf = Caf.objects.get(pk=caf_id)
    admin = (
        CafMembership.objects.filter(caf=caf, role=CafRole.CAF_ADMIN, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if admin is None:
        return
    body = services.network_body_get_or_create(caf=caf, by=admin.user)
    if body.meetings.exists():
        return
    for n, (months, title) in enumerate(NETWORK_MEETINGS):
        day = _weekday(_months(today, months))
        meeting = _meeting(
            body,
            admin.user,
            title,
            day,
            hours=(9, 12),
            place=NETWORK_PLACE if n % 2 == 0 else "",
            video_link="" if n % 2 == 0 else NETWORK_VIDEO_LINK,
        )
        _agenda(meeting, admin.user, NETWORK_AGENDA, [])
        services.network_invite_cdcs(meeting=meeting, by=admin.user)
        if day < today:
            _convened(meeting)
            statuses: dict[Invitation, str] = {}
            for k, invitation in enumerate(meeting.invitations.order_by("user__email")):
                # Each CDC misses a different meeting; the last one misses two.
                missed = (k + n) % 4 == 0 or (k == 2 and n == 1)
                statuses[invitation] = Attendance.EXCUSE if missed else Attendance.PRESENT
            services.attendance_record(meeting=meeting, by=admin.user, statuses=statuses)
            services.minutes_save(meeting=meeting, by=admin.user, minutes=NETWORK_MINUTES)
            services.minutes_publish(meeting=meeting, by=admin.user, notify=False)


def load_governance(conventions: dict[str, Convention]) -> None:
    """Write the governance of the detailed CTGs (by team slug) and of their Caf's others."""
    today = timezone.localdate()
    detailed = {c.pk for c in conventions.values()}
    with transaction.atomic():
        for slug, convention in conventions.items():
            if not Body.objects.filter(convention=convention).exists():
                _detailed(slug, convention, today)
        cafs = {c.caf_id for c in conventions.values()}
        others = (
            Convention.objects.filter(caf_id__in=cafs)
            .exclude(pk__in=detailed)
            .select_related("cdt", "epci")
            .order_by("name")
        )
        has_body = set(
            Body.objects.filter(convention__in=others).values_list("convention_id", flat=True)
        )
        for index, convention in enumerate(others):
            if convention.pk not in has_body:
                _other(index, convention, today)
        for caf_id in sorted(cafs):
            _caf_network(caf_id, today)
