"""Reads of the Caf's network of chargés de coopération: its meetings and who attends.

The meetings are governance meetings of the Caf's own instance (``Body.caf``), so their
invitations, convocations, .ics and minutes are the governance module's.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from maillage.conventions.enums import ConventionRole
from maillage.conventions.models import ConventionMembership
from maillage.governance.enums import Attendance, BodyKind, MeetingStatus
from maillage.governance.models import Invitation, Meeting
from maillage.organisations.models import Caf

if TYPE_CHECKING:
    from maillage.accounts.models import User


def network_meetings(user: User, caf: Caf) -> QuerySet[Meeting]:
    """The Caf's network meetings the user may see: all for its staff, else those the user
    is invited to."""
    return (
        Meeting.objects.visible_to(user)
        .filter(body__caf=caf, body__kind=BodyKind.RESEAU_CDC)
        .for_listing()
    )


def get_network_meeting_for_user(user: User, caf: Caf, meeting_uuid: uuid.UUID) -> Meeting:
    """A network meeting of this Caf the user may see; 404 for missing and not yours alike."""
    try:
        return network_meetings(user, caf).get(uuid=meeting_uuid)
    except Meeting.DoesNotExist as exc:
        raise Http404("Réunion introuvable.") from exc


def participation_since(today: datetime.date | None = None) -> datetime.date:
    """The first day of the 12-month window the participation rate covers."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def cdc_participation(caf: Caf, since: datetime.date) -> dict[int, tuple[int, int]]:
    """Each person's attendance at the Caf's network meetings held since ``since`` (up to
    now): user id → (meetings where present, held meetings they were invited to).

    Only held meetings count (not planned or cancelled ones); people never invited to a
    held meeting are absent from the result. One query, whatever the number of CDCs.
    """
    tz = timezone.get_current_timezone()
    low = datetime.datetime.combine(since, datetime.time.min, tzinfo=tz)
    rows = (
        Invitation.objects.filter(
            meeting__body__caf=caf,
            meeting__body__kind=BodyKind.RESEAU_CDC,
            meeting__status=MeetingStatus.TENUE,
            meeting__start__gte=low,
            meeting__start__lte=timezone.now(),
            user__isnull=False,
        )
        .values("user_id")
        .annotate(invited=Count("pk"), present=Count("pk", filter=Q(status=Attendance.PRESENT)))
        .order_by()
    )
    return {row["user_id"]: (row["present"], row["invited"]) for row in rows}


@dataclass
class ParticipationRow:
    user_id: int
    name: str
    email: str
    ctgs: list[str] = field(default_factory=list)
    present: int = 0
    invited: int = 0

    @property
    def rate(self) -> int | None:
        """Percentage of the held meetings attended; None when never invited."""
        return round(100 * self.present / self.invited) if self.invited else None


def participation_table(caf: Caf, since: datetime.date) -> list[ParticipationRow]:
    """One row per active CDC of the Caf's CTGs with their CTGs and participation: two
    queries, whatever the number of CDCs."""
    counts = cdc_participation(caf, since)
    rows: dict[int, ParticipationRow] = {}
    memberships = (
        ConventionMembership.objects.filter(
            convention__caf=caf,
            role=ConventionRole.CDC,
            is_active=True,
            user__is_active=True,
        )
        .values_list("user_id", "user__full_name", "user__email", "convention__name")
        .order_by("user__full_name", "user__email", "convention__name")
    )
    for user_id, name, email, ctg in memberships:
        if user_id not in rows:
            present, invited = counts.get(user_id, (0, 0))
            rows[user_id] = ParticipationRow(user_id, name, email, [], present, invited)
        rows[user_id].ctgs.append(ctg)
    return list(rows.values())


def own_participation(user: User) -> list[tuple[Caf, int, int]]:
    """For a chargé de coopération: (Caf, present, invited) at each of their Cafs' network
    meetings held over the last 12 months, for their own account page."""
    cafs = Caf.objects.filter(
        pk__in=ConventionMembership.objects.filter(
            user=user, role=ConventionRole.CDC, is_active=True
        ).values("convention__caf_id")
    ).order_by("name")
    since = participation_since()
    result = []
    for caf in cafs:
        present, invited = cdc_participation(caf, since).get(user.pk, (0, 0))
        result.append((caf, present, invited))
    return result
