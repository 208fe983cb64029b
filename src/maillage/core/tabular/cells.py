"""Parsers of spreadsheet cells shared by every import: one version of each.

Each takes what a reader returns (text, number, date or None) and either returns the
value or raises :class:`CellError` with a French message.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Choices

from .read import Cell, text

YES = frozenset({"oui", "o", "vrai", "true", "x", "1"})
NO = frozenset({"", "non", "n", "faux", "false", "0"})
DATE_TEXT = [("%d/%m/%Y", r"\d{1,2}/\d{1,2}/\d{4}"), ("%Y-%m-%d", r"\d{4}-\d{1,2}-\d{1,2}")]
SEPARATORS = re.compile(r"[,;\n]")
MAX_AMOUNT = Decimal("1e10")


class CellError(ValueError):
    """A cell's value is refused; the message says why, in French."""


def plain(value: Any) -> str:
    """Lower case, no accents, single spaces: how headers, labels and names are compared."""
    normalized = unicodedata.normalize("NFKD", str(value or ""))
    normalized = "".join(c for c in normalized if not unicodedata.combining(c))
    return " ".join(normalized.split()).casefold()


def choice(choices: type[Choices], value: Cell) -> str | None:
    """The stored value of a choice given by its label or its value (None: unknown)."""
    wanted = plain(text(value))
    for stored, label in choices.choices:
        if wanted in (plain(label), plain(stored)):
            return str(stored)
    return None


def split(value: Cell) -> list[str]:
    """The items of a list cell, separated by commas, semicolons or line breaks."""
    return [part.strip() for part in SEPARATORS.split(text(value)) if part.strip()]


def yes_no(value: Cell) -> bool | None:
    """« oui »/« non » (and their usual spellings; empty is « non »); None when neither."""
    if isinstance(value, bool):
        return value
    wanted = plain(text(value))
    if wanted in YES:
        return True
    if wanted in NO:
        return False
    return None


def date(value: Cell, label: str) -> datetime.date | None:
    """A date cell, or text JJ/MM/AAAA or AAAA-MM-JJ; None when empty."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        stripped = value.strip()
        for fmt, pattern in DATE_TEXT:
            if re.fullmatch(pattern, stripped):
                try:
                    return datetime.datetime.strptime(stripped, fmt).date()
                except ValueError:
                    break
    raise CellError(f"« {label} » n'est pas une date : « {value} ».")


def amount(value: Cell, label: str, *, required: bool) -> Decimal | None:
    """A non-negative amount in euros, to the cent: a number, or text like « 1 200,50 € »."""
    if value is None:
        if required:
            raise CellError(f"le montant « {label} » est obligatoire.")
        return None
    if isinstance(value, bool | datetime.date | datetime.time):
        raise CellError(f"le montant « {label} » n'est pas un nombre.")
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        cleaned = str(value).replace("€", "").replace("\u202f", "").replace("\xa0", "")
        cleaned = cleaned.replace(" ", "").replace(",", ".")
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise CellError(f"le montant « {label} » n'est pas un nombre : « {value} ».") from None
    if not number.is_finite():
        raise CellError(f"le montant « {label} » n'est pas un nombre : « {value} ».")
    if number < 0:
        raise CellError(f"le montant « {label} » est négatif ({value}).")
    number = number.quantize(Decimal("0.01"))
    if number >= MAX_AMOUNT:
        raise CellError(f"le montant « {label} » est trop grand ({value}).")
    return number
