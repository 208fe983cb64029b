"""Reads of the activity journal and the reports, scoped to what the user may see."""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from maillage.conventions.enums import ConventionRole
from maillage.conventions.models import Convention
from maillage.core.referentiel import Attendu, Mission, Sphere
from maillage.plans.selectors import visible_linked_actions

from .durations import hours
from .enums import ReportEventKind, ReportStatus
from .models import ActivityReport, JournalEntry, ReportDueDate, ReportRemark
from .permissions import can_read_remarks, can_read_report, readable_report_filter

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.organisations.models import Caf

UNCLASSIFIED = "Non précisé"

__all__ = ["hours"]  # re-exported: pages and documents format durations from here


def journal_ctgs(user: User, caf: Caf) -> list[Convention]:
    """The CTGs of a Caf where the user keeps a journal (to file a Caf network meeting)."""
    return list(
        Convention.objects.visible_to(user)
        .filter(
            caf=caf,
            memberships__user=user,
            memberships__role=ConventionRole.CDC,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("name")
    )


def journal_entries(
    user: User, convention: Convention, start: datetime.date, end: datetime.date
) -> QuerySet[JournalEntry]:
    """The user's own entries in a CTG between two dates, with what they link to: a fiche
    only if the user may see it (else ``action`` reads None)."""
    return (
        JournalEntry.objects.filter(
            convention=convention, author=user, date__gte=start, date__lte=end
        )
        .select_related("meeting__body", "contact", "organisation")
        .prefetch_related(Prefetch("action", queryset=visible_linked_actions(user, convention)))
        .order_by("date", "created_at")
    )


def get_entry_for_user(user: User, convention: Convention, entry_uuid: uuid.UUID) -> JournalEntry:
    """One of the user's own entries in the CTG, or 404."""
    try:
        return JournalEntry.objects.get(convention=convention, author=user, uuid=entry_uuid)
    except JournalEntry.DoesNotExist as exc:
        raise Http404 from exc


@dataclass
class TotalRow:
    key: str
    label: str
    minutes: int = 0
    entries: int = 0

    @property
    def duration(self) -> str:
        return hours(self.minutes)


@dataclass
class Totals:
    """Time per mission, attendu and sphere over a period, from one query."""

    start: datetime.date
    end: datetime.date
    minutes: int = 0
    entries: int = 0
    by_mission: list[TotalRow] = field(default_factory=list)
    by_attendu: list[TotalRow] = field(default_factory=list)
    by_sphere: list[TotalRow] = field(default_factory=list)

    @property
    def duration(self) -> str:
        return hours(self.minutes)

    def attendu(self, key: str) -> TotalRow:
        return next((r for r in self.by_attendu if r.key == key), TotalRow(key, key))

    def to_json(self) -> dict[str, Any]:
        """The totals as they stand, to keep with a sent report."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "minutes": self.minutes,
            "entries": self.entries,
            **{
                name: [[r.key, r.label, r.minutes, r.entries] for r in getattr(self, name)]
                for name in TOTAL_DIMENSIONS
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Totals:
        totals = cls(
            start=datetime.date.fromisoformat(data["start"]),
            end=datetime.date.fromisoformat(data["end"]),
            minutes=int(data["minutes"]),
            entries=int(data["entries"]),
        )
        for name in TOTAL_DIMENSIONS:
            rows = [TotalRow(str(k), str(label), int(m), int(n)) for k, label, m, n in data[name]]
            setattr(totals, name, rows)
        return totals


TOTAL_DIMENSIONS = ("by_mission", "by_attendu", "by_sphere")
# The columns journal_totals() groups on, as literals: each is a key of its grouped rows.
_Dimension = Literal["mission", "attendu", "sphere"]


def journal_totals(
    user: User, convention: Convention, start: datetime.date, end: datetime.date
) -> Totals:
    """The user's time in a CTG between two dates, per mission, attendu and sphere."""
    groups = (
        JournalEntry.objects.filter(
            convention=convention, author=user, date__gte=start, date__lte=end
        )
        .values("mission", "attendu", "sphere")
        .annotate(minutes=Sum("duration"), n=Count("pk"))
        .order_by()
    )
    sums: dict[_Dimension, dict[str, list[int]]] = {
        "mission": defaultdict(lambda: [0, 0]),
        "attendu": defaultdict(lambda: [0, 0]),
        "sphere": defaultdict(lambda: [0, 0]),
    }
    totals = Totals(start=start, end=end)
    for group in groups:
        totals.minutes += group["minutes"]
        totals.entries += group["n"]
        for dimension in sums:
            cell = sums[dimension][group[dimension]]
            cell[0] += group["minutes"]
            cell[1] += group["n"]

    def rows(dimension: _Dimension, choices: list[tuple[str, str]]) -> list[TotalRow]:
        result = [TotalRow(key, label, *sums[dimension].get(key, [0, 0])) for key, label in choices]
        if sums[dimension].get(""):
            result.append(TotalRow("", UNCLASSIFIED, *sums[dimension][""]))
        return result

    totals.by_mission = rows("mission", Mission.choices)
    totals.by_attendu = rows("attendu", Attendu.choices)
    totals.by_sphere = rows("sphere", Sphere.choices)
    return totals


def week_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Monday and Sunday of the ISO week of a day."""
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def reports_for_user(user: User, convention: Convention) -> QuerySet[ActivityReport]:
    """The CTG's reports the user may read, newest year first."""
    qs = ActivityReport.objects.filter(convention=convention).select_related("author")
    scope = readable_report_filter(user, convention)
    return qs.filter(**scope) if scope is not None else qs


def get_report_for_user(
    user: User, convention: Convention, report_uuid: uuid.UUID
) -> ActivityReport:
    """A report of the CTG the user may read, or 404."""
    try:
        report = ActivityReport.objects.select_related(
            "convention", "convention__caf", "convention__cdt", "author", "approved_by"
        ).get(convention=convention, uuid=report_uuid)
    except ActivityReport.DoesNotExist as exc:
        raise Http404 from exc
    if not can_read_report(user, report):
        raise Http404
    return report


def due_date(caf_id: int, year: int) -> datetime.date | None:
    """The date by which the Caf expects the reports on a year, if it set one."""
    return (
        ReportDueDate.objects.filter(caf_id=caf_id, year=year)
        .values_list("due_date", flat=True)
        .first()
    )


STATUS_RANK: dict[str, int] = {
    ReportStatus.BROUILLON: 0,
    ReportStatus.A_COMPLETER: 1,
    ReportStatus.TRANSMIS: 2,
    ReportStatus.VALIDE: 3,
}


def report_status_by_convention(ids: list[int], year: int) -> dict[int, str]:
    """Each CTG's report status for a year (the most advanced of its CDCs' reports)."""
    result: dict[int, str] = {}
    rows = ActivityReport.objects.filter(convention_id__in=ids, year=year).values_list(
        "convention_id", "status"
    )
    for convention_id, status in rows:
        current = result.get(convention_id)
        if current is None or STATUS_RANK[status] > STATUS_RANK[current]:
            result[convention_id] = status
    return result


def caf_reports(caf: Caf, year: int) -> QuerySet[ActivityReport]:
    """The reports of a Caf's CTGs on a year, for the Caf's roles (drafts excluded)."""
    return (
        ActivityReport.objects.filter(convention__caf=caf, year=year)
        .exclude(status=ReportStatus.BROUILLON)
        .select_related("convention", "author")
        .order_by("convention__name")
    )


@dataclass(frozen=True)
class ReportDue:
    """Where the CTG stands with the report the Caf expects: its year, due date and status."""

    year: int
    due: datetime.date | None
    status: str  # the most advanced status of the CTG's reports on that year, "" if none

    @property
    def status_label(self) -> str:
        return ReportStatus(self.status).label if self.status else "Pas commencé"

    @property
    def is_late(self) -> bool:
        sent = self.status in (ReportStatus.TRANSMIS, ReportStatus.VALIDE)
        return bool(self.due and not sent and self.due < timezone.localdate())


def report_due(convention: Convention, today: datetime.date) -> ReportDue:
    """The report the Caf expects this year (last year's), its due date and status."""
    year = today.year - 1
    statuses = report_status_by_convention([convention.pk], year)
    return ReportDue(
        year=year, due=due_date(convention.caf_id, year), status=statuses.get(convention.pk, "")
    )


# --------------------------------------------------------------------------- home page


def report_dues_for(conventions: list[Convention], today: datetime.date) -> dict[int, ReportDue]:
    """:func:`report_due` for several CTGs at once (two queries, whatever their number)."""
    year = today.year - 1
    ids = [c.pk for c in conventions]
    statuses = report_status_by_convention(ids, year)
    dues = dict(
        ReportDueDate.objects.filter(
            caf_id__in={c.caf_id for c in conventions}, year=year
        ).values_list("caf_id", "due_date")
    )
    return {
        c.pk: ReportDue(year=year, due=dues.get(c.caf_id), status=statuses.get(c.pk, ""))
        for c in conventions
    }


def reports_of_year(convention_ids: list[int], year: int) -> list[ActivityReport]:
    """The CTGs' reports on a year, each with ``comments``: how many sections carry a
    comment of the Caf (one query). For the CTG's CDCs and élus, who read them all."""
    return list(
        ActivityReport.objects.filter(convention_id__in=convention_ids, year=year)
        .annotate(comments=Count("sections", filter=~Q(sections__comment="")))
        .select_related("convention", "author")
        .order_by("convention__name", "author__full_name")
    )


def reports_awaiting_validation(caf: Caf, referent: User | None) -> list[ActivityReport]:
    """The Caf's reports sent and not yet validated, with ``sent_at`` (one query); only
    those of the CTGs ``referent`` follows when given."""
    qs = ActivityReport.objects.filter(convention__caf=caf, status=ReportStatus.TRANSMIS)
    if referent is not None:
        qs = qs.filter(convention__cdt=referent)
    return list(
        qs.annotate(sent_at=Max("events__at", filter=Q(events__kind=ReportEventKind.TRANSMIS)))
        .select_related("convention", "author")
        .order_by("sent_at", "convention__name")
    )


def report_due_dates_between(
    caf: Caf, low: datetime.date, high: datetime.date
) -> list[tuple[int, datetime.date]]:
    """The Caf's report due dates in [low, high), as (year of the reports, due date)."""
    return list(
        ReportDueDate.objects.filter(caf=caf, due_date__gte=low, due_date__lt=high)
        .order_by("due_date")
        .values_list("year", "due_date")
    )


def report_remarks(user: User, report: ActivityReport) -> list[ReportRemark]:
    """The élus' remarks on the report, oldest first, for those who may read them (its
    CTG's CDCs and élus; nobody else: an empty list)."""
    if not can_read_remarks(user, report):
        return []
    return list(report.remarks.select_related("author", "treated_by"))


def get_remark(user: User, report: ActivityReport, remark_uuid: uuid.UUID) -> ReportRemark:
    """A remark on this report the user may read; 404 for missing and not yours alike."""
    remark = None
    if can_read_remarks(user, report):
        remark = report.remarks.select_related("author").filter(uuid=remark_uuid).first()
    if remark is None:
        raise Http404("Remarque introuvable.")
    return remark
