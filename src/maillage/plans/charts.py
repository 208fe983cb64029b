"""Server-side SVG charts of the plan: the timeline of fiches and the budget by year.

Each chart has a <title> and sits beside a table of the same data in the page.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .dashboard import BudgetRow, Timeline

STATUS_COLOURS = {
    "a_venir": "#6c757d",
    "en_cours": "#0a4c8c",
    "realisee": "#1e7d32",
    "en_pause": "#8a6100",
    "abandonnee": "#333333",
    "bloquee": "#b02a37",
}
LABEL_WIDTH = 330
CHART_WIDTH = 650


def _x(percent: float) -> float:
    return round(LABEL_WIDTH + CHART_WIDTH * percent / 100, 1)


def timeline_svg(timeline: Timeline, title: str) -> SafeString:
    """A Gantt-like chart: one row per fiche, coloured by status, today as a red line."""
    top = 24
    height = top + timeline.height + 8
    parts = [
        f'<svg class="timeline-chart" viewBox="0 0 {LABEL_WIDTH + CHART_WIDTH + 10} {height}" '
        f'width="100%" role="img" aria-labelledby="timeline-title">',
        f'<title id="timeline-title">{escape(title)}</title>',
    ]
    for year, x in timeline.years:
        parts.append(
            f'<line x1="{_x(x)}" y1="{top - 6}" x2="{_x(x)}" y2="{height}" '
            'stroke="#ced4da" stroke-width="1"/>'
        )
        parts.append(f'<text x="{_x(x) + 3}" y="14" font-size="12" fill="#333">{year}</text>')
    for bar in timeline.bars:
        y = top + bar.y
        label = f"{bar.action.reference} {bar.action.title}"
        if len(label) > 48:
            label = label[:47] + "…"
        colour = STATUS_COLOURS.get(bar.action.status, "#6c757d")
        parts.append(
            f'<text x="0" y="{y + 14}" font-size="12" fill="#212529">{escape(label)}</text>'
        )
        parts.append(
            f'<rect x="{_x(bar.x)}" y="{y + 4}" width="{round(CHART_WIDTH * bar.width / 100, 1)}" '
            f'height="13" rx="2" fill="{colour}"'
            + (
                ' stroke="#b02a37" stroke-width="2"'
                if getattr(bar.action, "is_late", False)
                else ""
            )
            + f"><title>{escape(label)} — {escape(bar.action.get_status_display())}</title></rect>"
        )
    if timeline.today_x is not None:
        parts.append(
            f'<line x1="{_x(timeline.today_x)}" y1="{top - 6}" '
            f'x2="{_x(timeline.today_x)}" y2="{height}" stroke="#c1272d" '
            'stroke-width="2"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text is escaped above


def budget_svg(rows: list[BudgetRow], title: str) -> SafeString:
    """Forecast (blue) and actual (green) per year, as side-by-side bars."""
    if not rows:
        return mark_safe("")
    peak = max(max(r.forecast, r.actual) for r in rows) or Decimal("1")
    width, height, base = 60 + 90 * len(rows), 200, 170
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        'aria-labelledby="budget-title" class="budget-chart">',
        f'<title id="budget-title">{escape(title)}</title>',
        f'<line x1="40" y1="{base}" x2="{width}" y2="{base}" stroke="#6c757d"/>',
    ]
    for i, row in enumerate(rows):
        x = 50 + 90 * i
        for offset, value, colour in ((0, row.forecast, "#0a4c8c"), (32, row.actual, "#1e7d32")):
            h = float(150 * value / peak)
            parts.append(
                f'<rect x="{x + offset}" y="{round(base - h, 1)}" width="30" '
                f'height="{round(h, 1)}" fill="{colour}"/>'
            )
        parts.append(
            f'<text x="{x + 10}" y="{base + 18}" font-size="12">{escape(row.label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text is escaped above
