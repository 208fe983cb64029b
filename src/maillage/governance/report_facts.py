"""The governance's facts for the annual report: COPIL, meetings with élus, evaluation,
working groups, and the Caf's network meetings the CDC attended."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeAlias, TypedDict

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from maillage.conventions.enums import ConventionRole
from maillage.conventions.models import ConventionMembership
from maillage.core.facts import Fact, FactScope, contributes
from maillage.core.formats import plural
from maillage.core.referentiel import Attendu

from .enums import Attendance, BodyKind, DecisionStatus, MeetingStatus
from .models import Decision, Invitation, Meeting

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from maillage.accounts.models import User
    from maillage.conventions.models import Convention


class _MeetingCounts(TypedDict):
    present: int
    invited: int
    decided: int


# Meetings of _held(), which counts the invited, the present and the decisions.
HeldMeeting: TypeAlias = "WithAnnotations[Meeting, _MeetingCounts]"


def _held(scope: FactScope[Convention, User]) -> QuerySet[HeldMeeting]:
    """The meetings of the CTG's instances held in the year, with their counts."""
    return (
        Meeting.objects.filter(
            body__convention=scope.convention,
            status=MeetingStatus.TENUE,
            start__date__gte=scope.start,
            start__date__lte=scope.end,
        )
        .select_related("body")
        .annotate(
            present=Count(
                "invitations", filter=Q(invitations__status=Attendance.PRESENT), distinct=True
            ),
            invited=Count("invitations", distinct=True),
            decided=Count("decisions", distinct=True),
        )
        .order_by("start")
    )


def _day(meeting: Meeting) -> str:
    return f"{timezone.localtime(meeting.start):%d/%m/%Y}"


def _meeting_rows(meetings: Sequence[HeldMeeting]) -> list[tuple[str, ...]]:
    return [
        (_day(m), m.body.name, m.title, f"{m.present}/{m.invited}", str(m.decided))
        for m in meetings
    ]


HEADER = ("Date", "Instance", "Réunion", "Présents/invités", "Décisions")


@contributes(Attendu.ELUS, order=10)
def copil_and_elus(scope: FactScope[Convention, User]) -> list[Fact]:
    """COPIL held, other meetings élus attended, and the decisions taken."""
    elus = ConventionMembership.objects.filter(
        convention=scope.convention, role=ConventionRole.ELU
    ).values("user_id")
    meetings = list(
        _held(scope).annotate(
            with_elus=Exists(
                Invitation.objects.filter(
                    meeting=OuterRef("pk"), status=Attendance.PRESENT, user_id__in=elus
                )
            )
        )
    )
    copil = [m for m in meetings if m.body.kind == BodyKind.COPIL]
    others = [m for m in meetings if m.body.kind != BodyKind.COPIL and m.with_elus]
    decisions = Decision.objects.filter(meeting__in=[m.pk for m in meetings]).values_list(
        "status", flat=True
    )
    by_status = {label: 0 for _, label in DecisionStatus.choices}
    for status in decisions:
        by_status[DecisionStatus(status).label] += 1
    year = scope.year
    facts = [
        _meetings_fact(
            f"COPIL tenus en {year}",
            copil,
            key="gouvernance.copil",
            definition=(
                f"Les réunions du comité de pilotage de la CTG marquées « tenue », datées de "
                f"{year}. Le référentiel en demande au moins une par an."
            ),
            sentence=(
                f"{plural(len(copil), 'COPIL')} "
                + ("s'est tenu" if len(copil) <= 1 else "se sont tenus")
                + f" en {year}"
                if copil
                else f"Aucun COPIL tenu en {year} : le référentiel en demande au moins un par an"
            ),
        ),
        _meetings_fact(
            "Autres réunions tenues avec des élus présents",
            others,
            key="gouvernance.reunions_elus",
            definition=(
                f"Les réunions tenues en {year} des autres instances de la CTG où au moins un "
                "élu membre de la CTG est noté présent."
            ),
            sentence=(
                f"{plural(len(others), 'autre réunion')} "
                + ("s'est tenue" if len(others) <= 1 else "se sont tenues")
                + f" avec des élus présents en {year}"
            ),
        ),
    ]
    if not copil:
        facts[0].lines = [
            f"Aucun COPIL tenu en {year} : le référentiel en demande au moins un par an."
        ]
    total = sum(by_status.values())
    states = [f"{n} {label.lower()}" for label, n in by_status.items() if n]
    facts.append(
        Fact(
            f"Décisions prises en réunion en {year} : {total}",
            [f"{label} : {n}" for label, n in by_status.items() if n],
            key="gouvernance.decisions",
            definition=(
                f"Les décisions notées dans les réunions tenues en {year} des instances de la "
                "CTG, par état d'avancement à ce jour."
            ),
            sentence=(
                f"{plural(total, 'décision prise', 'décisions prises')} en réunion en {year}"
                + (f" : {', '.join(states)}" if states else "")
            ),
        )
    )
    return facts


def _meeting_bullet(m: HeldMeeting) -> str:
    decided = f", {plural(m.decided, 'décision')}" if m.decided else ""
    return (
        f"le {_day(m)}, {m.title} ({m.body.name}) : {m.present} présents sur "
        f"{plural(m.invited, 'invité')}{decided}"
    )


def _meetings_fact(
    label: str,
    meetings: Sequence[HeldMeeting],
    lines: list[str] | None = None,
    *,
    key: str,
    definition: str,
    sentence: str,
) -> Fact:
    """A count of held meetings, with their table when there are any."""
    return Fact(
        f"{label} : {len(meetings)}",
        lines or [],
        header=HEADER if meetings else (),
        rows=_meeting_rows(meetings),
        key=key,
        definition=definition,
        sentence=sentence,
        bullets=[_meeting_bullet(m) for m in meetings],
    )


@contributes(Attendu.OBJECTIFS, order=30)
def technical_meetings(scope: FactScope[Convention, User]) -> list[Fact]:
    """The COTECH and working groups held to carry the plan."""
    kinds = (BodyKind.COTECH, BodyKind.GROUPE_TRAVAIL)
    meetings = list(_held(scope).filter(body__kind__in=kinds))
    label = f"Comités techniques et groupes de travail tenus en {scope.year}"
    n = len(meetings)
    return [
        _meetings_fact(
            label,
            meetings,
            key="gouvernance.reunions_techniques",
            definition=(
                f"Les réunions marquées « tenue » en {scope.year} des comités techniques et "
                "des groupes de travail de la CTG."
            ),
            sentence=f"{plural(n, 'réunion')} de comité technique ou de groupe de travail "
            + ("s'est tenue" if n <= 1 else "se sont tenues")
            + f" en {scope.year}",
        )
    ]


@contributes(Attendu.EVALUATION, order=10)
def evaluation_meetings(scope: FactScope[Convention, User]) -> list[Fact]:
    """The shared evaluation sessions held."""
    meetings = list(_held(scope).filter(body__kind=BodyKind.EVALUATION))
    n = len(meetings)
    return [
        _meetings_fact(
            f"Temps d'évaluation partagée tenus en {scope.year}",
            meetings,
            key="gouvernance.evaluation",
            definition=(
                f"Les réunions marquées « tenue » en {scope.year} des instances de la CTG de "
                "type « temps d'évaluation partagée »."
            ),
            sentence=f"{n} temps d'évaluation partagée "
            + ("s'est tenu" if n <= 1 else "se sont tenus")
            + f" en {scope.year}",
        )
    ]


@contributes(Attendu.PARTENARIATS, order=30)
def network_meetings(scope: FactScope[Convention, User]) -> list[Fact]:
    """The Caf's network meetings of chargés de coopération the CDC was invited to."""
    invitations = list(
        Invitation.objects.filter(
            user=scope.author,
            meeting__body__caf_id=scope.convention.caf_id,
            meeting__body__kind=BodyKind.RESEAU_CDC,
            meeting__start__date__gte=scope.start,
            meeting__start__date__lte=scope.end,
        )
        .exclude(meeting__status=MeetingStatus.ANNULEE)
        .select_related("meeting")
        .order_by("meeting__start")
    )
    present = sum(1 for i in invitations if i.status == Attendance.PRESENT)
    return [
        Fact(
            f"Réunions du réseau des chargés de coopération de la Caf : présent·e à {present} "
            f"sur {plural(len(invitations), 'invitation')}",
            header=("Date", "Réunion", "Présence") if invitations else (),
            rows=[(_day(i.meeting), i.meeting.title, i.get_status_display()) for i in invitations],
            key="gouvernance.reseau",
            definition=(
                f"Les réunions {scope.year} du réseau des chargés de coopération de la Caf, non "
                "annulées, où le chargé de coopération est invité, et sa présence notée."
            ),
            sentence=(
                f"En {scope.year}, présence à {present} des "
                f"{plural(len(invitations), 'réunion')} du réseau des chargés de coopération "
                "de la Caf"
                if invitations
                else "Aucune réunion du réseau des chargés de coopération de la Caf en "
                f"{scope.year}"
            ),
            bullets=[
                f"le {_day(i.meeting)}, {i.meeting.title} : {i.get_status_display().lower()}"
                for i in invitations
            ],
        )
    ]
