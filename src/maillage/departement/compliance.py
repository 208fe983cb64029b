"""The Caf's compliance table: one row per CTG with what the référentiel requires of it.

Period and status, CDT référent, this year's COPIL, the network participation of its
chargés de coopération, the annual report, and how far its plan d'actions has got. Every
column comes from one query over all the rows, so the table's query count is constant.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from maillage.activity.enums import ReportStatus
from maillage.activity.selectors import report_status_by_convention
from maillage.conventions.enums import ConventionRole, ConventionStatus
from maillage.conventions.models import Convention, ConventionMembership
from maillage.core.tabular import DATE, PERCENT, Column, WorkbookWriter
from maillage.governance.enums import CopilStatus
from maillage.governance.selectors import CopilConvention, with_copil_status
from maillage.organisations.models import Caf
from maillage.plans.enums import ActionStatus
from maillage.plans.models import Action

from .network import cdc_participation, participation_since


def report_year() -> int:
    """The year whose activity report the Caf expects during the current year."""
    return timezone.localdate().year - 1


if TYPE_CHECKING:
    from maillage.accounts.models import User

SORTS = {
    "nom": "name",
    "debut": "start_date",
    "fin": "end_date",
    "statut": "status",
    "cdt": "cdt__full_name",
    "copil": "copil_status",
}


@dataclass(frozen=True)
class ComplianceFilters:
    """The table's filters. A CDT sees the CTGs they follow unless they ask for all."""

    q: str = ""
    status: str = ""
    copil: str = ""
    cdt: str = ""
    everything: bool = False
    sort: str = "nom"
    descending: bool = False

    @classmethod
    def from_query(cls, params: dict[str, str]) -> ComplianceFilters:
        sort = params.get("tri", "nom")
        descending = sort.startswith("-")
        sort = sort.lstrip("-")
        status, copil = params.get("statut", ""), params.get("copil", "")
        return cls(
            q=params.get("q", "").strip()[:100],
            status=status if status in ConventionStatus.values else "",
            copil=copil if copil in CopilStatus.values else "",
            cdt=params.get("cdt", "")[:36],
            everything=params.get("toutes") == "1",
            sort=sort if sort in SORTS else "nom",
            descending=descending,
        )


@dataclass
class PlanProgress:
    """How many fiches the CTG's plan has, and the shares done, under way and late."""

    total: int = 0
    done: int = 0
    ongoing: int = 0
    late: int = 0

    def share(self, count: int) -> int | None:
        return round(100 * count / self.total) if self.total else None

    @property
    def done_share(self) -> int | None:
        return self.share(self.done)

    @property
    def ongoing_share(self) -> int | None:
        return self.share(self.ongoing)

    @property
    def late_share(self) -> int | None:
        return self.share(self.late)


@dataclass
class ComplianceRow:
    convention: CopilConvention
    plan: PlanProgress
    participation: tuple[int, int] | None = None  # (present, invited) over 12 months
    report: str = ""  # the status of the annual report on last year ("" when none)
    cdcs: list[str] = field(default_factory=list)

    @property
    def participation_rate(self) -> int | None:
        if not self.participation or not self.participation[1]:
            return None
        present, invited = self.participation
        return round(100 * present / invited)


def _conventions(user: User, caf: Caf, filters: ComplianceFilters) -> QuerySet[CopilConvention]:
    listed = Convention.objects.visible_to(user).filter(caf=caf).for_listing()
    if filters.status:
        listed = listed.filter(status=filters.status)
    qs = with_copil_status(listed)
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(epci__name__icontains=filters.q))
    if filters.copil:
        qs = qs.filter(copil_status=filters.copil)
    if filters.cdt:
        try:
            qs = qs.filter(cdt__uuid=uuid.UUID(filters.cdt))
        except ValueError:
            qs = qs.none()
    elif not filters.everything and caf.conventions.filter(cdt=user).exists():
        qs = qs.filter(cdt=user)
    order = SORTS[filters.sort]
    return qs.order_by(f"-{order}" if filters.descending else order, "name")


def _plan_progress(ids: list[int]) -> dict[int, PlanProgress]:
    actions = Action.objects.filter(plan__convention_id__in=ids)
    result: dict[int, PlanProgress] = defaultdict(PlanProgress)
    counts = actions.values("plan__convention_id").annotate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=ActionStatus.REALISEE)),
        ongoing=Count("pk", filter=Q(status=ActionStatus.EN_COURS)),
    )
    for row in counts.order_by():
        progress = result[row["plan__convention_id"]]
        progress.total, progress.done, progress.ongoing = row["total"], row["done"], row["ongoing"]
    late = (
        actions.with_progress(timezone.localdate())
        .filter(is_late=True)
        .values("plan__convention_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for late_row in late:
        result[late_row["plan__convention_id"]].late = late_row["n"]
    return result


def _cdcs(ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    result: dict[int, list[tuple[int, str]]] = defaultdict(list)
    memberships = ConventionMembership.objects.filter(
        convention_id__in=ids, role=ConventionRole.CDC, is_active=True, user__is_active=True
    ).values_list("convention_id", "user_id", "user__full_name")
    for convention_id, user_id, name in memberships.order_by("user__full_name"):
        result[convention_id].append((user_id, name))
    return result


def compliance_rows(user: User, caf: Caf, filters: ComplianceFilters) -> list[ComplianceRow]:
    """The table's rows for the Caf's CTGs the user may see, in a constant number of queries."""
    conventions = list(_conventions(user, caf, filters))
    ids = [c.pk for c in conventions]
    progress = _plan_progress(ids)
    cdcs = _cdcs(ids)
    participation = _participation(caf)
    reports = report_status_by_convention(ids, report_year())
    rows = []
    for convention in conventions:
        people = cdcs.get(convention.pk, [])
        present = sum(participation.get(uid, (0, 0))[0] for uid, _ in people)
        invited = sum(participation.get(uid, (0, 0))[1] for uid, _ in people)
        rows.append(
            ComplianceRow(
                convention=convention,
                plan=progress[convention.pk],
                participation=(present, invited) if participation else None,
                cdcs=[name for _, name in people],
                report=ReportStatus(reports[convention.pk]).label
                if convention.pk in reports
                else "",
            )
        )
    return rows


def _participation(caf: Caf) -> dict[int, tuple[int, int]]:
    """Each CDC's (present, invited) at the Caf's network meetings over the last 12 months."""
    return cdc_participation(caf, participation_since())


EXPORT_COLUMNS = [
    Column("CTG", 34),
    Column("Début", 11, DATE),
    Column("Fin", 11, DATE),
    Column("Statut", 18),
    Column("CDT référent", 22),
    Column("Chargé(s) de coopération", 28),
    Column("COPIL de l'année", 16),
    Column("Participation au réseau (12 mois)", 14, PERCENT),
    Column("Rapport d'activité de l'année précédente", 14),
    Column("Fiches actions", 10),
    Column("Réalisées", 10, PERCENT),
    Column("En cours", 10, PERCENT),
    Column("En retard", 10, PERCENT),
]


def _share(value: int | None) -> float | None:
    return value / 100 if value is not None else None


def _export_cells(row: ComplianceRow) -> list[object]:
    c = row.convention
    return [
        c.name,
        c.start_date,
        c.end_date,
        c.status_label,
        c.cdt.full_name if c.cdt else None,
        ", ".join(row.cdcs) or None,
        CopilStatus(c.copil_status).label,
        _share(row.participation_rate),
        row.report or None,
        row.plan.total,
        _share(row.plan.done_share),
        _share(row.plan.ongoing_share),
        _share(row.plan.late_share),
    ]


def compliance_xlsx(rows: list[ComplianceRow]) -> bytes:
    """The table as listed, in an .xlsx workbook (names written as text, never formulas)."""
    writer = WorkbookWriter(title="Suivi des CTG")
    writer.sheet("CTG", EXPORT_COLUMNS, (_export_cells(row) for row in rows), freeze="B2")
    return writer.to_bytes()
