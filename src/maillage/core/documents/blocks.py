"""The building blocks every module's documents are made of, whatever the format.

A module gathers what its document says as plain data and lays it out once as a
:class:`Document`: a list of blocks (headings, paragraphs, « label : value » fields,
tables, charts, lists, page breaks). Each writer (Word, ODT, PDF) draws any document, so
that the three files of a document say the same thing in the same order.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from django.utils.text import slugify

DASH = "—"  # what a document shows for a missing value
LANGUAGE = "fr-FR"


def day(value: datetime.date | None) -> str:
    """« 28/11/2026 », or « — » for no date."""
    return f"{value:%d/%m/%Y}" if value else DASH


def slug(text: str) -> str:
    """A file name's part made of the text: lower case, hyphens, at most 60 characters."""
    # « A1.1 » stays readable as « a1-1 » rather than « a11 ».
    return slugify(text.replace(".", "-"))[:60].strip("-") or "document"


@dataclass(frozen=True)
class Heading:
    """A section heading; level 1 is the highest under the document's title."""

    kind: ClassVar[str] = "heading"
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text, with style hints every writer understands."""

    kind: ClassVar[str] = "paragraph"
    text: str
    italic: bool = False
    bold: bool = False
    small: bool = False
    muted: bool = False  # grey: a placeholder such as « Section non renseignée. »
    keep_with_next: bool = False  # a label that belongs to what follows


@dataclass(frozen=True)
class Fields:
    """« Label : value » lines, the labels in bold."""

    kind: ClassVar[str] = "fields"
    pairs: Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Table:
    """A table with a header row, an optional footer row and right-aligned number columns."""

    kind: ClassVar[str] = "table"
    caption: str
    header: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    footer: tuple[str, ...] | None = None
    numeric: frozenset[int] = frozenset()  # right-aligned columns
    empty: str = "Aucune ligne."
    show_caption: bool = True  # False where the heading above already says it


@dataclass(frozen=True)
class Chart:
    """A chart drawn once as SVG; Word and ODT get a PNG of the same drawing.

    The data stays readable beside it: a module puts the chart's :class:`Table` after it.
    """

    kind: ClassVar[str] = "chart"
    svg: str  # escaped markup, from the chart functions
    title: str
    description: str = "Le tableau qui suit donne les valeurs."
    width_mm: float = 170.0


@dataclass(frozen=True)
class BulletList:
    kind: ClassVar[str] = "bullets"
    items: Sequence[str]


@dataclass(frozen=True)
class PageBreak:
    kind: ClassVar[str] = "page_break"


Block = Heading | Paragraph | Fields | Table | Chart | BulletList | PageBreak


@dataclass(frozen=True)
class Document:
    """A whole document: what each writer renders, in any format.

    ``filename`` is the download's name without its extension (see
    :func:`maillage.core.downloads.download_stem`).
    """

    title: str
    subtitle: str
    filename: str
    blocks: Sequence[Block] = field(default_factory=list)
    logo: bytes | None = None  # an image for the page header: the CTG's or the Caf's
    language: str = LANGUAGE
    one_page: bool = False  # the PDF keeps the first page only (a summary for élus)


MIN_SHARE = 0.06  # no column narrower than this share of the width
LONGEST = 40  # characters: a longer text wraps, and weighs no more than this


def column_widths(table: Table, total: float) -> list[float]:
    """Column widths that fit the content: shares of ``total`` by the texts' lengths.

    Each column weighs its longest cell (header included), capped so that one long text
    does not starve the others; every column keeps a minimum share.
    """
    body = [*table.rows, *([table.footer] if table.footer else [])]
    weights = []
    for c, title in enumerate(table.header):
        longest = max((len(row[c]) for row in body if c < len(row)), default=1)
        # A header wraps between words: its longest word is what must fit.
        word = max((len(w) for w in title.split()), default=1)
        # Two characters more for the cell's padding and a bold header.
        weights.append(float(min(LONGEST, max(longest, word, 3)) + 2))
    whole = sum(weights)
    shares = [max(MIN_SHARE, w / whole) for w in weights]
    scale = total / sum(shares)
    return [round(s * scale, 2) for s in shares]
