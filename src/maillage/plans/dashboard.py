"""Aggregates of a plan for its dashboard and timeline, in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Sum
from django.utils import timezone

from maillage.core.enums import Theme

from .enums import ActionStatus
from .models import Action, ActionPlan, ActionTheme, BudgetLine, Step

if TYPE_CHECKING:
    from maillage.accounts.models import User

    from .models import ProgressAction

UPCOMING_DAYS = 60


@dataclass
class BudgetRow:
    label: str
    forecast: Decimal = Decimal("0")
    actual: Decimal = Decimal("0")


@dataclass
class Dashboard:
    total: int
    by_status: list[tuple[str, str, int]]
    by_theme: list[tuple[str, int]]
    by_pilot: list[tuple[str, int]]
    budget_by_year: list[BudgetRow]
    budget_by_financeur: list[BudgetRow]
    late: list[ProgressAction]
    upcoming_steps: list[Step]
    budget_total: BudgetRow = field(default_factory=lambda: BudgetRow("Total"))


def plan_dashboard(user: User, plan: ActionPlan, today: datetime.date | None = None) -> Dashboard:
    """Counts by status, thématique and pilot, budgets, late fiches and upcoming steps."""
    today = today or timezone.localdate()
    actions = Action.objects.visible_to(user).filter(plan=plan)
    ids = actions.values("pk")
    statuses = Counter(dict(actions.values_list("status").annotate(n=Count("pk")).order_by()))
    by_status = [(value, label, statuses.get(value, 0)) for value, label in ActionStatus.choices]
    themes = dict(
        ActionTheme.objects.filter(action__in=ids)
        .values_list("theme")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_theme = [(label, themes[value]) for value, label in Theme.choices if value in themes]
    pilots = (
        actions.values_list(
            "pilot__full_name", "pilot_contact__first_name", "pilot_contact__last_name"
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_pilot = sorted(
        (
            (user or f"{first} {last}".strip() or "Sans pilote", n)
            for user, first, last, n in pilots
        ),
        key=lambda row: (-row[1], row[0]),
    )

    by_year: dict[int, BudgetRow] = {}
    by_financeur: dict[str, BudgetRow] = defaultdict(lambda: BudgetRow(""))
    total = BudgetRow("Total")
    lines = (
        BudgetLine.objects.filter(action__in=ids)
        .values_list("year", "financeur__name")
        .annotate(forecast=Sum("forecast"), actual=Sum("actual"))
        .order_by()
    )
    for year, financeur, forecast, actual in lines:
        forecast, actual = forecast or Decimal("0"), actual or Decimal("0")
        row = by_year.setdefault(year, BudgetRow(str(year)))
        row.forecast += forecast
        row.actual += actual
        name = financeur or "Financeur non précisé"
        by_financeur[name].label = name
        by_financeur[name].forecast += forecast
        by_financeur[name].actual += actual
        total.forecast += forecast
        total.actual += actual

    late = list(
        actions.with_progress(today)
        .filter(is_late=True)
        .select_related("axis", "pilot", "pilot_contact")
        .order_by("end_date", "axis__number", "number")[:50]
    )
    upcoming = list(
        Step.objects.filter(
            action__in=ids,
            done=False,
            due_date__gte=today,
            due_date__lte=today + datetime.timedelta(days=UPCOMING_DAYS),
        )
        .select_related("action__axis")
        .order_by("due_date")[:50]
    )
    return Dashboard(
        total=sum(statuses.values()),
        by_status=by_status,
        by_theme=by_theme,
        by_pilot=by_pilot,
        budget_by_year=[by_year[y] for y in sorted(by_year)],
        budget_by_financeur=sorted(by_financeur.values(), key=lambda r: -r.forecast),
        late=late,
        upcoming_steps=upcoming,
        budget_total=total,
    )


@dataclass
class TimelineBar:
    action: Action
    x: float
    width: float
    y: int
    open_start: bool
    open_end: bool


@dataclass
class Timeline:
    bars: list[TimelineBar]
    years: list[tuple[int, float]]
    today_x: float | None
    height: int
    row: int = 22


def plan_timeline(user: User, plan: ActionPlan, today: datetime.date | None = None) -> Timeline:
    """Fiches as bars over the CTG's period (a fiche without dates spans the period)."""
    today = today or timezone.localdate()
    convention = plan.convention
    first, last = convention.start_date, convention.end_date
    actions = list(
        Action.objects.visible_to(user)
        .filter(plan=plan)
        .with_progress(today)
        .select_related("axis")
        .order_by("axis__position", "axis__number", "position", "number")
    )
    for action in actions:
        if action.start_date and action.start_date < first:
            first = action.start_date
        if action.end_date and action.end_date > last:
            last = action.end_date
    first = datetime.date(first.year, 1, 1)
    last = datetime.date(last.year, 12, 31)
    span = (last - first).days or 1

    def pct(day: datetime.date) -> float:
        return round(100 * (day - first).days / span, 2)

    row = 22
    bars = []
    for index, action in enumerate(actions):
        start = action.start_date or convention.start_date
        end = action.end_date or convention.end_date
        bars.append(
            TimelineBar(
                action=action,
                x=pct(start),
                width=max(pct(end) - pct(start), 0.5),
                y=index * row,
                open_start=action.start_date is None,
                open_end=action.end_date is None,
            )
        )
    years = [(y, pct(datetime.date(y, 1, 1))) for y in range(first.year, last.year + 1)]
    today_x = pct(today) if first <= today <= last else None
    return Timeline(
        bars=bars, years=years, today_x=today_x, height=max(len(bars), 1) * row, row=row
    )
