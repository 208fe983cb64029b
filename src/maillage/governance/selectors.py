"""Reads on the governance, scoped to what the user may see."""

from __future__ import annotations

import calendar
import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from maillage.conventions.enums import CafRole, ConventionRole
from maillage.conventions.history import LIMIT as HISTORY_LIMIT
from maillage.conventions.history import HistoryEntry, history_entries
from maillage.conventions.models import CafMembership, Convention, ConventionMembership
from maillage.core.params import parse_int
from maillage.plans.history import action_history
from maillage.plans.models import Action
from maillage.plans.selectors import visible_action_ids, visible_linked_actions

from .enums import (
    Attendance,
    BodyKind,
    CopilStatus,
    DecisionStatus,
    MeetingStatus,
    MinutesStatus,
)
from .models import (
    AgendaItem,
    Body,
    BodyMember,
    CalendarFeed,
    Decision,
    DecisionComment,
    Invitation,
    Meeting,
    MeetingDocument,
)
from .permissions import can_manage_governance

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from maillage.accounts.models import User


def get_instance_for_user(user: User, convention: Convention, instance_uuid: uuid.UUID) -> Body:
    """An instance of this CTG the user may see; 404 for missing and not yours alike."""
    try:
        return Body.objects.visible_to(user).get(convention=convention, uuid=instance_uuid)
    except Body.DoesNotExist as exc:
        raise Http404("Instance introuvable.") from exc


def get_meeting_for_user(user: User, convention: Convention, meeting_uuid: uuid.UUID) -> Meeting:
    """A meeting of this CTG the user may see; 404 for missing and not yours alike."""
    try:
        return (
            Meeting.objects.visible_to(user)
            .for_listing()
            .select_related("body__convention__caf")
            .get(body__convention=convention, uuid=meeting_uuid)
        )
    except Meeting.DoesNotExist as exc:
        raise Http404("Réunion introuvable.") from exc


def convention_instances(user: User, convention: Convention) -> QuerySet[Body]:
    """The CTG's instances the user may see, with their members."""
    return (
        Body.objects.visible_to(user)
        .filter(convention=convention)
        .prefetch_related(
            Prefetch(
                "members",
                queryset=BodyMember.objects.select_related("user", "contact", "organisation"),
            )
        )
    )


def convention_meetings(user: User, convention: Convention) -> QuerySet[Meeting]:
    """The CTG's meetings the user may see, soonest first."""
    return Meeting.objects.visible_to(user).filter(body__convention=convention).for_listing()


class MeetingPageData(TypedDict):
    """What meeting_page_data() gives a meeting's page and its minutes."""

    agenda: list[AgendaItem]
    invitations: list[Invitation]
    decisions: list[Decision]
    documents: list[MeetingDocument]
    email_errors: list[Invitation]
    attendance: dict[str, list[Invitation]]


def meeting_page_data(meeting: Meeting, user: User | None) -> MeetingPageData:
    """What a meeting's page shows the user, in a fixed number of queries: of the fiches
    its agenda and decisions link, only those the user may see (without a user: those
    that are not confidential, see ``visible_action_ids``)."""
    convention = meeting.body.convention
    fiches = visible_linked_actions(user, convention)
    agenda = list(
        meeting.agenda.prefetch_related(Prefetch("actions", queryset=fiches)).order_by(
            "position", "pk"
        )
    )
    invitations = list(
        meeting.invitations.select_related(
            "user", "contact", "contact__organisation", "organisation", "message"
        )
    )
    decisions = with_visible_summaries(
        list(
            meeting.decisions.select_related("owner").prefetch_related(
                Prefetch("actions", queryset=fiches), _comments()
            )
        ),
        user,
        convention,
    )
    documents = list(meeting.documents.select_related("uploaded_by"))
    return {
        "agenda": agenda,
        "invitations": invitations,
        "decisions": decisions,
        "documents": documents,
        "email_errors": [i for i in invitations if i.delivery_error],
        "attendance": attendance_summary(invitations),
    }


def _comments() -> Prefetch:
    return Prefetch("comments", queryset=DecisionComment.objects.select_related("author"))


def get_decision_for_user(
    user: User, convention: Convention, meeting_uuid: uuid.UUID, decision_uuid: uuid.UUID
) -> Decision:
    """A decision of a meeting of this CTG the user sees (404 for missing and not yours
    alike), its meeting, owner, comments and the fiches the user may see at hand. Whether
    its decisions may be read yet is ``permissions.can_read_decisions``."""
    meeting = get_meeting_for_user(user, convention, meeting_uuid)
    fiches = visible_linked_actions(user, convention)
    try:
        decision = (
            meeting.decisions.select_related("owner")
            .prefetch_related(Prefetch("actions", queryset=fiches), _comments())
            .get(uuid=decision_uuid)
        )
    except Decision.DoesNotExist as exc:
        raise Http404("Décision introuvable.") from exc
    decision.meeting = meeting
    return with_visible_summaries([decision], user, convention)[0]


def get_comment_for_user(decision: Decision, comment_uuid: uuid.UUID) -> DecisionComment:
    """A comment of a decision the user reads; 404 when it is not one of its comments."""
    comment = next((c for c in decision.comments.all() if c.uuid == comment_uuid), None)
    if comment is None:
        raise Http404("Commentaire introuvable.")
    comment.decision = decision
    return comment


def decision_history(decision: Decision) -> list[HistoryEntry]:
    """What happened to a decision, newest first: its changes (text, due date, status,
    application to the plan) and its comments written, corrected or deleted (who and
    when, not the words a deleted comment had)."""
    records = list(
        Decision.history.filter(id=decision.pk)
        .select_related("history_user")
        .order_by("-history_id")[:HISTORY_LIMIT]
    )
    comments = list(
        DecisionComment.history.filter(decision_id=decision.pk)
        .select_related("history_user", "author")
        .order_by("-history_id")[:HISTORY_LIMIT]
    )
    changes = history_entries(
        records, ["text", "due_date", "status", "applied_at"], lambda r: "Décision"
    )
    # A save that changed none of these (its fiches, which may be confidential) is left out.
    entries = [e for e in changes if e.changes or e.action != "Modification"]
    entries += history_entries(comments, [], lambda r: f"Commentaire de {r.author.full_name}")
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:HISTORY_LIMIT]


def with_visible_summaries(
    decisions: list[Decision], user: User | None, convention: Convention | None
) -> list[Decision]:
    """Set each decision's ``visible_summary``: what applying it changed, unless it also
    concerns a fiche the user may not see (the summary names its fiche), in one query."""
    hiding: set[int] = set()
    if decisions:
        hiding = set(
            Decision.actions.through.objects.filter(decision__in=[d.pk for d in decisions])
            .exclude(action_id__in=visible_action_ids(user, convention))
            .values_list("decision_id", flat=True)
        )
    for decision in decisions:
        decision.visible_summary = "" if decision.pk in hiding else decision.applied_summary
    return decisions


def attendance_summary(invitations: list[Invitation]) -> dict[str, list[Invitation]]:
    """Invitees grouped by attendance: présent, excusé, absent, invité."""
    groups: dict[str, list[Invitation]] = {value: [] for value in Attendance.values}
    for invitation in invitations:
        groups[invitation.status].append(invitation)
    return groups


def action_decisions(user: User, action: Action) -> list[Decision]:
    """The decisions concerning a fiche that the user may read, newest first."""
    convention = action.plan.convention
    meetings = Meeting.objects.visible_to(user)
    if not can_manage_governance(user, convention):
        meetings = meetings.filter(minutes_status=MinutesStatus.PUBLIE)
    decisions = list(
        Decision.objects.filter(actions=action, meeting__in=meetings.values("pk"))
        .select_related("meeting__body")
        .order_by("-meeting__start", "-pk")
    )
    return with_visible_summaries(decisions, user, convention)


def user_feed(user: User) -> CalendarFeed:
    """The user's calendar subscription (created the first time it is asked for)."""
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


def feed_meetings(token: str) -> tuple[User, list[Meeting]] | None:
    """The meetings a subscription shows: those its owner is invited to, across CTGs."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        return None
    since = timezone.now() - datetime.timedelta(days=366)
    meetings = (
        Meeting.objects.visible_to(feed.user)
        .filter(invitations__user=feed.user, start__gte=since)
        .for_listing()
        .prefetch_related("agenda")
        .distinct()
    )
    return feed.user, list(meetings)


# ---------------------------------------------------------------------------- calendar


@dataclass(frozen=True)
class MonthView:
    year: int
    month: int
    weeks: list[list[tuple[datetime.date, list[Meeting]]]]
    previous: str
    next: str

    @property
    def label(self) -> str:
        return f"{MONTHS[self.month - 1]} {self.year}"


MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def parse_month(value: str, today: datetime.date) -> tuple[int, int]:
    """« 2026-05 » → (2026, 5); anything else → the current month."""
    year_text, _, month_text = value.partition("-")
    year = parse_int(year_text, minimum=2000, maximum=2100)
    month = parse_int(month_text, minimum=1, maximum=12)
    if year is None or month is None:
        return today.year, today.month
    return year, month


def month_view(meetings: QuerySet[Meeting], year: int, month: int) -> MonthView:
    """A month's grid, Monday first, with the meetings of each day (one query)."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    tz = timezone.get_current_timezone()
    low = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
    high = datetime.datetime.combine(last, datetime.time.max, tzinfo=tz)
    by_day: dict[datetime.date, list[Meeting]] = {}
    for meeting in meetings.filter(start__gte=low, start__lte=high).order_by("start"):
        by_day.setdefault(timezone.localtime(meeting.start).date(), []).append(meeting)
    previous = (year, month - 1) if month > 1 else (year - 1, 12)
    following = (year, month + 1) if month < 12 else (year + 1, 1)
    return MonthView(
        year=year,
        month=month,
        weeks=[[(d, by_day.get(d, [])) for d in week] for week in weeks],
        previous=f"{previous[0]}-{previous[1]:02d}",
        next=f"{following[0]}-{following[1]:02d}",
    )


# ---------------------------------------------------------------------------- yearly COPIL


def _copil_meetings(year: int) -> QuerySet[Meeting]:
    tz = timezone.get_current_timezone()
    return Meeting.objects.filter(
        body__convention=OuterRef("pk"),
        body__kind=BodyKind.COPIL,
        start__gte=datetime.datetime(year, 1, 1, tzinfo=tz),
        start__lt=datetime.datetime(year + 1, 1, 1, tzinfo=tz),
    )


class CopilStatusAnnotation(TypedDict):
    """What :func:`with_copil_status` adds to each CTG."""

    copil_status: str


# A CTG annotated by with_copil_status().
CopilConvention: TypeAlias = "WithAnnotations[Convention, CopilStatusAnnotation]"


def with_copil_status(
    qs: QuerySet[Convention], year: int | None = None
) -> QuerySet[CopilConvention]:
    """Annotate ``copil_status`` (tenu, prévu, manquant) for the year: two EXISTS subqueries."""
    year = year or timezone.localdate().year
    meetings = _copil_meetings(year)
    return qs.annotate(
        copil_status=Case(
            When(Exists(meetings.filter(status=MeetingStatus.TENUE)), then=Value(CopilStatus.TENU)),
            When(
                Exists(meetings.filter(status=MeetingStatus.PREVUE)),
                then=Value(CopilStatus.PREVU),
            ),
            default=Value(CopilStatus.MANQUANT),
            output_field=CharField(),
        )
    )


def copil_status(convention: Convention, year: int | None = None) -> CopilStatus:
    """This year's COPIL status of one CTG (one query)."""
    qs = with_copil_status(Convention.objects.filter(pk=convention.pk), year)
    return CopilStatus(qs.values_list("copil_status", flat=True).first() or CopilStatus.MANQUANT)


@dataclass(frozen=True)
class CheckItem:
    label: str
    done: bool
    automatic: bool  # computed from the data, not ticked by hand


def copil_checklist(meeting: Meeting, invitations: list[Invitation]) -> list[CheckItem]:
    """The référentiel's good practice for the yearly COPIL, item by item."""
    convention = meeting.body.convention
    assert convention is not None  # a COPIL is an instance of a CTG
    users = {i.user_id for i in invitations if i.user_id}
    elus = ConventionMembership.objects.filter(
        convention=convention, role=ConventionRole.ELU, is_active=True, user_id__in=users
    ).exists()
    caf = CafMembership.objects.filter(
        caf_id=convention.caf_id, role__in=CafRole.values, is_active=True, user_id__in=users
    ).exists()
    represented = {i.organisation_id for i in invitations if i.organisation_id} | {
        i.contact.organisation_id for i in invitations if i.contact is not None
    }
    signatories = set(convention.signatories.values_list("organisation_id", flat=True))
    return [
        CheckItem("Date convenue avec le CDT de la Caf", meeting.date_agreed_with_cdt, False),
        CheckItem("Élus invités", elus, True),
        CheckItem("Caf invitée", caf, True),
        CheckItem(
            "Tous les signataires invités",
            bool(signatories) and signatories <= represented,
            True,
        ),
        CheckItem(
            "Bilan annuel du plan d'actions et des indicateurs à l'ordre du jour",
            meeting.review_on_agenda,
            False,
        ),
        CheckItem(
            "Ajustements pour l'année suivante à l'ordre du jour",
            meeting.adjustments_on_agenda,
            False,
        ),
        CheckItem("Documents envoyés avant la réunion", meeting.documents_sent, False),
        CheckItem(
            "Compte rendu et décisions envoyés après la réunion", meeting.minutes_sent, False
        ),
        CheckItem("Compte rendu publié", meeting.minutes_published, True),
    ]


def fiche_changes_since(action: Action, since: datetime.datetime) -> list[Any]:
    """The fiche's history entries after a moment (what changed since a decision)."""
    return [entry for entry in action_history(action) if entry.when > since]


# ---------------------------------------------------------------------------- home page


def upcoming_meetings_for(
    user: User, convention_ids: Iterable[int], now: datetime.datetime
) -> list[Meeting]:
    """The planned meetings of these CTGs the user sees, from now on, soonest first (one
    query). ``convened_at`` tells whether the convocations are sent."""
    return list(
        Meeting.objects.visible_to(user)
        .filter(
            body__convention_id__in=list(convention_ids),
            status=MeetingStatus.PREVUE,
            start__gte=now,
        )
        .for_listing()
        .order_by("start", "pk")
    )


def meetings_between(
    user: User,
    convention_ids: Iterable[int],
    caf_ids: Iterable[int],
    low: datetime.datetime,
    high: datetime.datetime,
) -> list[Meeting]:
    """The planned COPIL of these CTGs and the network meetings of these Cafs the user sees,
    starting in [low, high) (one query)."""
    return list(
        Meeting.objects.visible_to(user)
        .filter(
            Q(body__convention_id__in=list(convention_ids), body__kind=BodyKind.COPIL)
            | Q(body__caf_id__in=list(caf_ids), body__kind=BodyKind.RESEAU_CDC),
            status=MeetingStatus.PREVUE,
            start__gte=low,
            start__lt=high,
        )
        .for_listing()
        .order_by("start", "pk")
    )


def copil_statuses(convention_ids: Iterable[int], year: int) -> dict[int, str]:
    """Each CTG's COPIL status for the year (one query, :func:`with_copil_status`'s rule)."""
    qs = with_copil_status(Convention.objects.filter(pk__in=list(convention_ids)), year)
    return dict(qs.values_list("pk", "copil_status"))


def open_decisions_of(user: User, convention_ids: Iterable[int]) -> list[Decision]:
    """The decisions of these CTGs' meetings the user sees whose owner is the user and that
    are neither done nor dropped (one query)."""
    return list(
        Decision.objects.filter(
            meeting__in=Meeting.objects.visible_to(user).values("pk"),
            meeting__body__convention_id__in=list(convention_ids),
            owner=user,
            status__in=[DecisionStatus.A_FAIRE, DecisionStatus.EN_COURS],
        )
        .select_related("meeting__body__convention")
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )
