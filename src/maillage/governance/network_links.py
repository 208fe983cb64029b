"""Governance's contributions to the directory (``maillage.network``), which sits below it.

Meetings held link the organisations present on the network map (the organisation an
invitee represents, or a contact's organisation); they appear in the timelines of the
contacts and organisations present, and count as their last contact; a contact's personal
data include their invitations and the instances they sit on; and merging two contacts
keeps one invitation per meeting and one seat per instance.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from maillage.conventions.models import Convention
from maillage.network.contact_dates import contact_dates
from maillage.network.links import GraphFilters, link_source
from maillage.network.models import Contact, Partner
from maillage.network.references import contact_data_section, data_date, on_contact_merge
from maillage.network.timeline import TimelineEntry, contact_history, partner_history

from .enums import Attendance, MeetingStatus
from .models import BodyMember, Invitation, Meeting

if TYPE_CHECKING:
    from maillage.accounts.models import User


def _held(user: User, convention: Convention) -> QuerySet[Meeting]:
    return Meeting.objects.visible_to(user).filter(
        body__convention=convention, status=MeetingStatus.TENUE
    )


@link_source(
    "meetings",
    column="Réunions",
    reason="étaient présentes à une même réunion",
    noun="réunion",
    order=20,
)
def meeting_groups(user: User, convention: Convention, f: GraphFilters) -> list[set[int]]:
    """The organisations present at each meeting held that the user sees."""
    meetings = _held(user, convention)
    if f.theme:
        meetings = meetings.filter(body__theme=f.theme)
    if f.start:
        meetings = meetings.filter(start__date__gte=f.start)
    if f.end:
        meetings = meetings.filter(start__date__lte=f.end)
    present = Invitation.objects.filter(
        meeting__in=meetings.values("pk"), status=Attendance.PRESENT
    ).values_list("meeting_id", "organisation_id", "contact__organisation_id")
    groups: dict[int, set[int]] = defaultdict(set)
    for meeting_id, org, contact_org in present:
        groups[meeting_id].update(o for o in (org, contact_org) if o)
    return list(groups.values())


def _attended(user: User, convention: Convention) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        meeting__in=_held(user, convention).values("pk"), status=Attendance.PRESENT
    )


def _entries(convention: Convention, invitations: QuerySet[Invitation]) -> Iterator[TimelineEntry]:
    seen: set[int] = set()
    for invitation in invitations.select_related("meeting__body").order_by("meeting__start"):
        meeting = invitation.meeting
        if meeting.pk in seen:
            continue
        seen.add(meeting.pk)
        yield TimelineEntry(
            date=timezone.localdate(meeting.start),
            kind="Réunion",
            title=f"{meeting.body.name} : {meeting.title}",
            url=reverse("governance:meeting_detail", args=[convention.uuid, meeting.uuid]),
            detail="Présent·e" if invitation.contact_id else "Organisation représentée",
        )


@contact_history(order=30)
def contact_meetings(
    user: User, convention: Convention, contact: Contact
) -> Iterator[TimelineEntry]:
    """The meetings held that the contact attended, as the user sees them."""
    return _entries(convention, _attended(user, convention).filter(contact=contact))


@partner_history(order=30)
def partner_meetings(
    user: User, convention: Convention, partner: Partner
) -> Iterator[TimelineEntry]:
    """The meetings held where the organisation was present (itself or one of its people)."""
    organisation = partner.organisation_id
    invitations = _attended(user, convention).filter(
        Q(organisation_id=organisation) | Q(contact__organisation_id=organisation)
    )
    return _entries(convention, invitations)


@contact_data_section("reunions", order=20)
def invitations(contact: Contact) -> list[dict[str, Any]]:
    """The meetings the contact was invited to, with their attendance."""
    rows = (
        Invitation.objects.filter(contact=contact)
        .select_related("meeting__body", "organisation", "message")
        .order_by("meeting__start", "pk")
    )
    return [
        {
            "date": data_date(i.meeting.start),
            "instance": i.meeting.body.name,
            "reunion": i.meeting.title,
            "presence": i.get_status_display(),
            "organisation_representee": i.organisation.name if i.organisation else "",
            "convocation_envoyee_le": data_date(i.delivered_at),
        }
        for i in rows
    ]


@contact_data_section("instances", order=30)
def bodies(contact: Contact) -> list[dict[str, Any]]:
    """The instances (COPIL, COTECH, groupes de travail) the contact sits on."""
    members = BodyMember.objects.filter(contact=contact).select_related("body")
    return [{"instance": m.body.name} for m in members.order_by("body__name", "pk")]


# What an invitation says of the person, from the least to the most telling.
_ATTENDANCE_RANK: list[str] = [
    Attendance.INVITE,
    Attendance.ABSENT,
    Attendance.EXCUSE,
    Attendance.PRESENT,
]


@on_contact_merge(order=20)
def merge_invitations_and_seats(keep: Contact, other: Contact, by: User, reason: str) -> None:
    """Where both contacts were invited to a meeting, the kept contact's invitation stays,
    with the more telling attendance (present, then excused, then absent) and the
    organisation represented; where both sit on an instance, one seat stays. The seats,
    reached by no named relation, are moved here; the other invitations move with the
    merge."""
    kept = {i.meeting_id: i for i in Invitation.objects.filter(contact=keep)}
    for duplicate in Invitation.objects.filter(contact=other, meeting_id__in=list(kept)):
        invitation = kept[duplicate.meeting_id]
        changed = []
        rank = _ATTENDANCE_RANK.index
        if rank(duplicate.status) > rank(invitation.status):
            invitation.status = duplicate.status
            changed.append("status")
        if invitation.organisation_id is None and duplicate.organisation_id is not None:
            invitation.organisation_id = duplicate.organisation_id
            changed.append("organisation")
        if changed:
            invitation._history_user = by  # type: ignore[attr-defined]
            invitation._change_reason = reason  # type: ignore[attr-defined]
            invitation.save(update_fields=changed)
        duplicate._history_user = by  # type: ignore[attr-defined]
        duplicate._change_reason = reason  # type: ignore[attr-defined]
        duplicate.delete()
    seats = BodyMember.objects.filter(contact=other)
    seats.filter(body__in=BodyMember.objects.filter(contact=keep).values("body")).delete()
    seats.update(contact=keep)


def _last_presence(**links: Any) -> Subquery:
    """The day of the latest meeting held where ``links`` (an invitation's filter) was
    present."""
    days = (
        Invitation.objects.filter(status=Attendance.PRESENT, **links)
        .order_by("-meeting__start")
        .annotate(day=TruncDate("meeting__start"))
        .values("day")
    )
    return Subquery(days[:1])


contact_dates(
    "governance.attendance",
    of_contact=lambda: [_last_presence(contact=OuterRef("pk"))],
    of_partner=lambda: [
        _last_presence(
            organisation=OuterRef("organisation"), meeting__body__convention=OuterRef("convention")
        ),
        _last_presence(
            contact__organisation=OuterRef("organisation"),
            meeting__body__convention=OuterRef("convention"),
        ),
    ],
)
