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
from maillage.conventions.models import Convention
from maillage.core.enums import Theme
from maillage.governance import services
from maillage.governance.enums import (
    Attendance,
    BodyKind,
    DecisionStatus,
    Frequency,
    PlanChange,
)
from maillage.governance.models import Body, Meeting
from maillage.plans.enums import ActionStatus
from maillage.plans.models import Action

ROLES = ("cdc", "elu", "technicien", "partenaire")

# Working groups of the detailed CTGs: slug → [(name, thématique)].
GROUPS = {
    "chambery": [
        ("Groupe de travail Parentalité", Theme.PARENTALITE),
        ("Groupe de travail Petite enfance", Theme.PETITE_ENFANCE),
    ],
    "arlysere": [("Groupe de travail Jeunesse", Theme.ENFANCE_JEUNESSE)],
    "coeur-de-savoie": [
        ("Groupe de travail Accès aux droits", Theme.ACCES_AUX_DROITS),
        ("Groupe de travail Petite enfance", Theme.PETITE_ENFANCE),
    ],
}

COPIL_MINUTES = """Le comité de pilotage a présenté le bilan annuel du plan d'actions : \
la majorité des fiches sont engagées, deux accusent un retard lié au recrutement.
Les indicateurs de la CTG ont été commentés : le taux de couverture en accueil du jeune \
enfant progresse, la fréquentation des actions de parentalité reste inégale selon les communes.
La Caf a rappelé le calendrier du rapport d'activité et les conditions du co-financement \
du poste de chargé·e de coopération.
Les élus ont validé les ajustements proposés pour l'année suivante (voir le relevé de décisions)."""

COTECH_MINUTES = """Point d'avancement des fiches actions avec leurs pilotes.
Échanges sur les difficultés rencontrées et les relais possibles entre partenaires.
Préparation des éléments à présenter au prochain comité de pilotage."""

GROUP_MINUTES = """Partage du diagnostic de la thématique et des besoins repérés par les structures.
Pistes d'actions retenues pour être proposées au comité technique."""


@dataclass
class Team:
    convention: Convention
    author: User
    users: dict[str, User] = field(default_factory=dict)
    cdt: User | None = None
    contacts: list = field(default_factory=list)  # network.Contact
    actions: list[Action] = field(default_factory=list)

    @property
    def people(self) -> list[User]:
        return [u for u in [*self.users.values(), self.cdt] if u is not None]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


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
    contacts: Sequence = (),
) -> Meeting:
    meeting = services.meeting_create(
        body=body,
        by=by,
        title=title,
        start=_at(day, hours[0]),
        end=_at(day, hours[1]),
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
    services.minutes_publish(meeting=meeting, by=by)
    published = meeting.end + datetime.timedelta(days=6)
    Meeting.objects.filter(pk=meeting.pk).update(minutes_published_at=published)


def _team(slug: str, convention: Convention) -> Team:
    from maillage.network.models import Contact

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
        name="Comité de pilotage de la CTG",
        frequency=Frequency.ANNUELLE,
        description="Élus des collectivités signataires, Caf, Département et MSA : "
        "valide les orientations et le plan d'actions, une fois par an au moins.",
        users=[u for u in (team.users.get("elu"), cdc, team.cdt) if u is not None],
        organisations=organisations,
    )
    epci = convention.epci.name if convention.epci_id else convention.name
    held = services.meeting_create(
        body=copil,
        by=cdc,
        title=f"COPIL annuel {today.year - 1}",
        start=_at(_weekday(datetime.date(today.year - 1, 11, 18)), 14),
        end=_at(_weekday(datetime.date(today.year - 1, 11, 18)), 17),
        place=f"Siège de la {epci}, salle du conseil",
    )
    held = _invite_more(held, team, cdc)
    actions = team.actions
    for title, minutes, presenter, linked in [
        ("Bilan annuel du plan d'actions et des indicateurs", 60, "Chargé·e de coopération",
         _pick(actions, 0, 3)),
        ("Point d'étape de la Caf", 20, "CDT de la Caf", []),
        ("Ajustements du plan pour l'année suivante", 45, "Chargé·e de coopération",
         _pick(actions, 3, 2)),
        ("Questions diverses", 15, "", []),
    ]:  # fmt: skip
        services.agenda_item_add(
            meeting=held,
            by=cdc,
            title=title,
            duration=minutes,
            presenter=presenter,
            actions=linked,
        )
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
    due = datetime.date(today.year, 6, 30)
    # The decision applied to the plan starts a fiche that had not begun.
    waiting = (ActionStatus.A_VENIR, ActionStatus.EN_PAUSE, ActionStatus.BLOQUEE)
    target = next((a for a in actions if a.status in waiting), None)
    decisions = [
        (
            "Engager la fiche dès le premier trimestre, avec un point d'étape au COTECH.",
            cdc,
            [target] if target else _pick(actions, 0, 1),
        ),
        (
            "Reporter l'action à l'année suivante faute de porteur identifié.",
            owner,
            _pick(actions, 3, 1),
        ),
        ("Présenter au prochain COPIL un bilan de la fréquentation par commune.", cdc, []),
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
        title=f"COPIL annuel {today.year}",
        start=_at(planned_day, 14),
        end=_at(planned_day, 17),
        place=f"Siège de la {epci}, salle du conseil",
    )
    _invite_more(planned, team, cdc)
    for title, minutes, linked in [
        ("Bilan annuel du plan d'actions et des indicateurs", 60, _pick(actions, 0, 4)),
        (f"Ajustements du plan pour {today.year + 1}", 45, _pick(actions, 4, 2)),
        ("Préparation du rapport d'activité", 20, []),
    ]:
        services.agenda_item_add(
            meeting=planned, by=cdc, title=title, duration=minutes, actions=linked
        )
    services.checklist_update(
        meeting=planned, by=cdc, date_agreed_with_cdt=True, review_on_agenda=True
    )


def _invite_more(meeting: Meeting, team: Team, by: User) -> Meeting:
    """The technicien and a few directory contacts join the instance's members."""
    extra = [u for u in (team.users.get("technicien"),) if u is not None]
    invited = set(meeting.invitations.values_list("user_id", flat=True))
    for user in extra:
        if user.pk not in invited:
            services.invitation_add(meeting=meeting, by=by, user=user, notify=False)
    for contact in team.contacts[:3]:
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
        name="Comité technique",
        frequency=Frequency.TRIMESTRIELLE,
        description="Techniciens des collectivités, pilotes des fiches et Caf : "
        "suit le plan d'actions entre deux COPIL.",
        users=members,
        contacts=team.contacts[:2],
    )
    for n, months in enumerate((-22, -16, -10, -4, 1), start=1):
        day = _weekday(_months(today, months))
        meeting = _meeting(
            cotech,
            cdc,
            f"COTECH n° {n}",
            day,
            hours=(9, 11),
            place="Salle de réunion de la CTG" if n % 2 else "",
            video_link="" if n % 2 else "https://visio.example.org/cotech-ctg",
        )
        services.agenda_item_add(
            meeting=meeting,
            by=cdc,
            title="Avancement des fiches actions",
            duration=60,
            presenter="Pilotes des fiches",
            actions=_pick(team.actions, (n * 2) % max(len(team.actions), 1), 3),
        )
        services.agenda_item_add(
            meeting=meeting, by=cdc, title="Préparation du prochain COPIL", duration=30
        )
        if day < today:
            _convened(meeting)
            _hold(meeting, cdc, COTECH_MINUTES, absent_every=4)


def _groups(slug: str, team: Team, today: datetime.date) -> None:
    cdc = team.author
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
        past = _meeting(group, cdc, f"{name} — atelier", _weekday(_months(today, -5 - index)))
        services.agenda_item_add(
            meeting=past, by=cdc, title="Partage du diagnostic", duration=45, actions=linked
        )
        _convened(past)
        _hold(past, cdc, GROUP_MINUTES, absent_every=3)
        upcoming = _meeting(
            group, cdc, f"{name} — restitution", _weekday(today + datetime.timedelta(days=20))
        )
        services.agenda_item_add(
            meeting=upcoming, by=cdc, title="Propositions d'actions", duration=60, actions=linked
        )


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
        name="Comité de pilotage de la CTG",
        frequency=Frequency.ANNUELLE,
        users=[author],
    )
    epci = convention.epci.name if convention.epci_id else convention.name
    choice = index % 3
    if choice == 0:
        day, title = _held_this_year(today, 3 + index % 6), f"COPIL annuel {today.year}"
    elif choice == 1:
        day, title = _planned_this_year(today, 7 + index), f"COPIL annuel {today.year}"
    else:
        day = _weekday(datetime.date(today.year - 1, 10, 10 + index))
        title = f"COPIL annuel {today.year - 1}"
    meeting = _meeting(copil, author, title, day, place=f"Siège de la {epci}")
    services.agenda_item_add(
        meeting=meeting,
        by=author,
        title="Bilan annuel du plan d'actions et des indicateurs",
        duration=60,
    )
    if day < today or choice != 1:
        _convened(meeting)
        _hold(meeting, author, "Bilan du plan d'actions présenté et validé par les élus.")


NETWORK_MEETINGS = [
    (-10, "Réseau des CDC — rentrée et calendrier de l'année"),
    (-7, "Réseau des CDC — rapport d'activité et évaluation"),
    (-4, "Réseau des CDC — échanges de pratiques : la participation des habitants"),
    (-1, "Réseau des CDC — préparation des COPIL annuels"),
    (1, "Réseau des CDC — bilan de l'année"),
]


def _caf_network(caf_id: int, today: datetime.date) -> None:
    """The Caf's network of chargés de coopération: meetings over the last twelve months,
    every CDC invited, attendance varying from one CDC to another."""
    from maillage.conventions.enums import CafRole
    from maillage.conventions.models import CafMembership
    from maillage.organisations.models import Caf

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
            place="Caf de la Savoie, salle des instances" if n % 2 == 0 else "",
            video_link="" if n % 2 == 0 else "https://visio.example.org/reseau-cdc",
        )
        services.agenda_item_add(
            meeting=meeting, by=admin.user, title="Informations de la Caf", duration=30
        )
        services.agenda_item_add(
            meeting=meeting, by=admin.user, title="Tour de table des CTG", duration=60
        )
        services.network_invite_cdcs(meeting=meeting, by=admin.user)
        if day < today:
            _convened(meeting)
            statuses = {}
            for k, invitation in enumerate(meeting.invitations.order_by("user__email")):
                # Each CDC misses a different meeting; the last one misses two.
                missed = (k + n) % 4 == 0 or (k == 2 and n == 1)
                statuses[invitation] = Attendance.EXCUSE if missed else Attendance.PRESENT
            services.attendance_record(meeting=meeting, by=admin.user, statuses=statuses)
            services.minutes_save(
                meeting=meeting,
                by=admin.user,
                minutes="Informations de la Caf sur le calendrier des CTG.\n"
                "Tour de table : avancement des plans d'actions et des COPIL.",
            )
            services.minutes_publish(meeting=meeting, by=admin.user)


def load_demo_governance(conventions: dict[str, Convention]) -> None:
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
