"""The building blocks every module's documents are made of, whatever the format.

A module gathers what its document says as plain data (tables, « label : value » fields,
dates written the French way), then each writer (Word, PDF, ODT) draws the same blocks.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.text import slugify

DASH = "—"  # what a document shows for a missing value


def day(value: datetime.date | None) -> str:
    """« 28/11/2026 », or « — » for no date."""
    return f"{value:%d/%m/%Y}" if value else DASH


def slug(text: str) -> str:
    """A file name's part made of the text: lower case, hyphens, at most 60 characters."""
    return slugify(text)[:60].strip("-") or "document"


@dataclass(frozen=True)
class Table:
    """A table with a header row, an optional footer row and right-aligned number columns."""

    caption: str
    header: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    footer: tuple[str, ...] | None = None
    numeric: frozenset[int] = frozenset()  # right-aligned columns
    empty: str = "Aucune ligne."
    show_caption: bool = True  # False where the heading above already says it
