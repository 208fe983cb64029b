"""A small SVG chart of an indicator: its dated values against its target.

Pure: it reads the indicator and its (prefetched) measurements and returns markup with
no external resource, so it fits a page, a PDF and any offline document alike.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.html import escape

if TYPE_CHECKING:
    from .models import Indicator

WIDTH = 520
HEIGHT = 220
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 34, 40
PAD = 36  # keeps the first and last value labels inside the plot
VALUE_COLOUR = "#0a4c8c"
TARGET_COLOUR = "#b02a37"
BASELINE_COLOUR = "#6c757d"


def french_number(value: Decimal | int | float) -> str:
    """« 1 234,5 »: French separators, no useless trailing zeros."""
    number = Decimal(value).quantize(Decimal("0.01"))
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    whole, _, decimals = text.partition(".")
    whole = whole.replace(",", "\u202f")
    return f"{whole},{decimals}" if decimals else whole


def _legend_width(text: str) -> int:
    # An estimate of the text's width at 11px, plus the sample line and a gap.
    return 22 + round(len(text) * 6.2) + 18


def indicator_chart_svg(indicator: Indicator) -> str:
    """An accessible line chart (role="img", <title>, <desc>) of values vs target."""
    points = sorted(indicator.measurements.all(), key=lambda m: m.date)
    unit = f" {indicator.unit}" if indicator.unit else ""
    key = f"indicateur-{indicator.uuid}"
    title = f"{indicator.name} : valeurs mesurées et cible"
    described = "; ".join(f"{m.date:%d/%m/%Y} : {french_number(m.value)}{unit}" for m in points)
    if indicator.target_value is not None:
        described += f". Cible : {french_number(indicator.target_value)}{unit}"
    if indicator.baseline_value is not None:
        described += f". Référence : {french_number(indicator.baseline_value)}{unit}"
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
    references = [v for v in (indicator.target_value, indicator.baseline_value) if v is not None]
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
    values_label = f"Valeurs ({indicator.unit})" if indicator.unit else "Valeurs"
    parts.append(
        f'<line x1="{legend_x}" y1="12" x2="{legend_x + 18}" y2="12" '
        f'stroke="{VALUE_COLOUR}" stroke-width="2"/>'
        f'<text x="{legend_x + 22}" y="16">{escape(values_label)}</text>'
    )
    legend_x += _legend_width(values_label)
    for value, colour, label, dash in (
        (indicator.target_value, TARGET_COLOUR, "Cible", "6 4"),
        (indicator.baseline_value, BASELINE_COLOUR, "Référence", "2 3"),
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
