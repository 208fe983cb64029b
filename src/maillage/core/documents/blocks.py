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


LONGEST = 40  # characters: a longer text wraps, and weighs no more than this
UNBROKEN = 16  # characters: a longer word may be cut rather than widen its column further
# A table is drawn on an A4 page's usable width; a character of the 9.5–10 pt text (bold in
# headers) takes about 2.1 mm, and a cell's left and right padding 4 mm together.
PAGE_MM = 174.0
CHAR_MM = 2.1
PADDING_MM = 4.0


def _words(text: str) -> list[str]:
    # Only a plain space breaks a line: « 1 000,00 € » keeps its no-break spaces.
    return text.split(" ")


def column_widths(table: Table, total: float) -> list[float]:
    """Column widths that fit the content, adding up to ``total`` (mm, %…).

    Each column first gets room for its longest word (header and cells), so that no word
    is cut in two (« Ann-ée »); what is left of the width goes to the columns whose texts
    are longer than that, in proportion to what they lack.
    """
    body = [*table.rows, *([table.footer] if table.footer else [])]
    least, wanted = [], []
    for c, title in enumerate(table.header):
        cells = [row[c] for row in body if c < len(row)]
        longest_text = max((len(text) for text in cells), default=1)
        # The header is bold: its letters are wider by about a fifth.
        longest_word = max(
            max(1.2 * len(word) for word in _words(title)),
            max((len(word) for text in cells for word in _words(text)), default=1),
        )
        least.append(PADDING_MM + CHAR_MM * min(max(longest_word, 3), UNBROKEN))
        wanted.append(PADDING_MM + CHAR_MM * min(max(longest_text, longest_word, 3), LONGEST))
    if sum(least) >= PAGE_MM:
        widths = [w * PAGE_MM / sum(least) for w in least]
    elif sum(wanted) <= PAGE_MM:
        widths = [w * PAGE_MM / sum(wanted) for w in wanted]
    else:
        lacking = [w - m for w, m in zip(wanted, least, strict=True)]
        spare = PAGE_MM - sum(least)
        widths = [m + spare * lack / sum(lacking) for m, lack in zip(least, lacking, strict=True)]
    return [round(w * total / PAGE_MM, 2) for w in widths]
