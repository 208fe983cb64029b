"""A small SVG line chart of a time series: its dated values against a target and a baseline.

Pure: it reads a :class:`Series` and returns markup with no external resource, so it fits
a page, a PDF and any offline document alike.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape

from .formats import french_number

WIDTH = 520
HEIGHT = 220
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 34, 40
PAD = 36  # keeps the first and last value labels inside the plot
VALUE_COLOUR = "#0a4c8c"
TARGET_COLOUR = "#b02a37"
BASELINE_COLOUR = "#6c757d"


@dataclass(frozen=True)
class Point:
    date: datetime.date
    value: Decimal


@dataclass(frozen=True)
class Series:
    """What the chart draws: dated values, and the levels they are read against."""

    key: str  # unique in the page: prefixes the ids of the chart's title and description
    name: str
    unit: str
    points: list[Point]  # in date order
    target: Decimal | None = None
    baseline: Decimal | None = None


def _legend_width(text: str) -> int:
    # An estimate of the text's width at 11px, plus the sample line and a gap.
    return 22 + round(len(text) * 6.2) + 18


def line_chart_svg(series: Series) -> str:
    """An accessible line chart (role="img", <title>, <desc>) of values vs target."""
    points = series.points
    unit = f" {series.unit}" if series.unit else ""
    key = series.key
    title = f"{series.name} : valeurs mesurées et cible"
    described = "; ".join(f"{m.date:%d/%m/%Y} : {french_number(m.value)}{unit}" for m in points)
    if series.target is not None:
        described += f". Cible : {french_number(series.target)}{unit}"
    if series.baseline is not None:
        described += f". Référence : {french_number(series.baseline)}{unit}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'aria-labelledby="{key}-titre {key}-desc" font-family="sans-serif" font-size="11">',
        f'<title id="{key}-titre">{escape(title)}</title>',
        f'<desc id="{key}-desc">{escape(described.strip("; .") or "Aucune valeur mesurée")}</desc>',
    ]
    if not points:
        parts.append(
            f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" fill="#333333">'
            "Aucune valeur mesurée</text></svg>"
        )
        return "".join(parts)

    values = [m.value for m in points]
    references = [v for v in (series.target, series.baseline) if v is not None]
    low = min([Decimal(0), *values, *references])
    high = max([*values, *references])
    if high == low:
        high = low + 1
    high += (high - low) / 10
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: Decimal) -> float:
        return round(TOP + plot_h * float((high - value) / (high - low)), 1)

    def x(index: int) -> float:
        if len(points) == 1:
            return LEFT + plot_w / 2
        return round(LEFT + PAD + (plot_w - 2 * PAD) * index / (len(points) - 1), 1)

    bottom = TOP + plot_h
    parts += [
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="#333333"/>',
        f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="#333333"/>',
        f'<text x="{LEFT - 6}" y="{y(low) + 4}" text-anchor="end">{french_number(low)}</text>',
    ]
    # The legend sits above the plot so that no label covers a value.
    legend_x = LEFT
    values_label = f"Valeurs ({series.unit})" if series.unit else "Valeurs"
    parts.append(
        f'<line x1="{legend_x}" y1="12" x2="{legend_x + 18}" y2="12" '
        f'stroke="{VALUE_COLOUR}" stroke-width="2"/>'
        f'<text x="{legend_x + 22}" y="16">{escape(values_label)}</text>'
    )
    legend_x += _legend_width(values_label)
    for value, colour, label, dash in (
        (series.target, TARGET_COLOUR, "Cible", "6 4"),
        (series.baseline, BASELINE_COLOUR, "Référence", "2 3"),
    ):
        if value is None:
            continue
        parts.append(
            f'<line x1="{LEFT}" y1="{y(value)}" x2="{WIDTH - RIGHT}" y2="{y(value)}" '
            f'stroke="{colour}" stroke-width="1.5" stroke-dasharray="{dash}"/>'
            f'<line x1="{legend_x}" y1="12" x2="{legend_x + 18}" y2="12" stroke="{colour}" '
            f'stroke-width="1.5" stroke-dasharray="{dash}"/>'
            f'<text x="{legend_x + 22}" y="16" fill="{colour}">'
            f"{label} : {escape(french_number(value))}</text>"
        )
        legend_x += _legend_width(f"{label} : {french_number(value)}")
    coords = " ".join(f"{x(i)},{y(m.value)}" for i, m in enumerate(points))
    parts.append(
        f'<polyline points="{coords}" fill="none" stroke="{VALUE_COLOUR}" stroke-width="2"/>'
    )
    for i, m in enumerate(points):
        parts.append(
            f'<circle cx="{x(i)}" cy="{y(m.value)}" r="3.5" fill="{VALUE_COLOUR}"/>'
            f'<text x="{x(i)}" y="{y(m.value) - 8}" text-anchor="middle" fill="{VALUE_COLOUR}">'
            f"{escape(french_number(m.value))}</text>"
            f'<text x="{x(i)}" y="{bottom + 16}" text-anchor="middle">{m.date:%d/%m/%Y}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
