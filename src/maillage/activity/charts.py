"""Bar charts of the time spent per category, as SVG (pages and every document format).

The layout: a label column on the left, wrapped over at most three
lines, and a horizontal bar per category with its duration as people write it. A category
with no time keeps its row and an empty bar, so that the chart always lists them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.html import escape

from .selectors import hours

if TYPE_CHECKING:
    from .selectors import TotalRow

WIDTH = 640
MARGIN = 8
TITLE_HEIGHT = 30
LABEL_WIDTH = 250
LABEL_CHARS = 40  # what fits in the label column at 12px, in the SVG's estimate
MAX_LINES = 3
LINE_HEIGHT = 15
ROW_PADDING = 12
MIN_ROW = 28
BAR_X = MARGIN + LABEL_WIDTH + 10
VALUE_WIDTH = 66
BAR_MAX = WIDTH - BAR_X - VALUE_WIDTH - MARGIN
BAR_HEIGHT = 14
FONT_SIZE = 12
TITLE_SIZE = 14

TEXT_COLOUR = "#212529"
BAR_COLOUR = "#0a4c8c"
TRACK_COLOUR = "#e9ecef"
FONT_FAMILY = "Liberation Sans, DejaVu Sans, Arial, sans-serif"

ELLIPSIS = "…"


def wrap(text: str, fits: Callable[[str], bool], max_lines: int = MAX_LINES) -> list[str]:
    """Greedy word wrapping; words too long for a line are cut; the last line kept ends
    with « … » when the text does not fit in ``max_lines``."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if fits(candidate):
            current = candidate
            continue
        if current:
            lines.append(current)
        while not fits(word) and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and not fits(word[:cut]):
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return lines or [""]
    kept = lines[:max_lines]
    last = kept[-1]
    while last and not fits(last + ELLIPSIS):
        last = last[:-1]
    kept[-1] = last.rstrip(" ,;:") + ELLIPSIS
    return kept


@dataclass(frozen=True)
class _Row:
    label: str
    lines: list[str]
    minutes: int
    top: int
    height: int


def _layout(
    rows: list[TotalRow], fits: Callable[[str], bool], line_height: int = LINE_HEIGHT
) -> tuple[list[_Row], int]:
    placed, top = [], TITLE_HEIGHT
    for row in rows:
        label = " ".join(row.label.split())
        lines = wrap(label, fits)
        height = max(MIN_ROW, len(lines) * line_height + ROW_PADDING)
        placed.append(_Row(label, lines, max(0, row.minutes), top, height))
        top += height
    return placed, top + MARGIN


def _bar_width(minutes: int, most: int) -> int:
    if not minutes or not most:
        return 0
    return max(2, round(BAR_MAX * minutes / most))


def _summary(rows: list[TotalRow]) -> str:
    return " ; ".join(f"{r.label} : {hours(r.minutes)}" for r in rows) or "Aucune catégorie"


def time_chart_svg(rows: list[TotalRow], title: str) -> str:
    """An accessible horizontal bar chart of the time per category, as SVG markup."""
    placed, height = _layout(rows, lambda text: len(text) <= LABEL_CHARS)
    if not placed:
        height = TITLE_HEIGHT + MIN_ROW + MARGIN
    most = max((r.minutes for r in placed), default=0)
    label = f"{title} — {_summary(rows)}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="time-chart" role="img" '
        f'aria-label="{escape(label)}" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="{FONT_FAMILY}" '
        f'font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(_summary(rows))}</desc>",
        f'<text x="{MARGIN}" y="{TITLE_SIZE + 4}" font-size="{TITLE_SIZE}" '
        f'font-weight="bold">{escape(title)}</text>',
    ]
    if not placed:
        parts.append(
            f'<text x="{MARGIN}" y="{TITLE_HEIGHT + 18}">Aucune catégorie à afficher.</text>'
        )
    for row in placed:
        middle = row.top + row.height / 2
        first = middle - (len(row.lines) - 1) * LINE_HEIGHT / 2 + FONT_SIZE * 0.35
        bar = _bar_width(row.minutes, most)
        bar_top = round(middle - BAR_HEIGHT / 2, 1)
        duration = hours(row.minutes)
        parts.append(f"<g><title>{escape(row.label)} : {escape(duration)}</title>")
        for n, line in enumerate(row.lines):
            parts.append(
                f'<text x="{MARGIN}" y="{round(first + n * LINE_HEIGHT, 1)}">{escape(line)}</text>'
            )
        parts.append(
            f'<rect x="{BAR_X}" y="{bar_top}" width="{BAR_MAX}" height="{BAR_HEIGHT}" '
            f'fill="{TRACK_COLOUR}"/>'
        )
        if bar:
            parts.append(
                f'<rect x="{BAR_X}" y="{bar_top}" width="{bar}" height="{BAR_HEIGHT}" '
                f'fill="{BAR_COLOUR}"/>'
            )
        parts.append(
            f'<text x="{BAR_X + BAR_MAX + 6}" y="{round(middle + FONT_SIZE * 0.35, 1)}">'
            f"{escape(duration)}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)
