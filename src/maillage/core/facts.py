"""The facts of a year, drawn from the data, that a report section shows beside its text.

A module contributes to a section of the référentiel with one function, registered in its
``report_facts`` module (loaded at start-up by :class:`maillage.core.apps.CoreConfig`)::

    from maillage.core.facts import Fact, FactScope, contributes
    from maillage.core.referentiel import Attendu

    @contributes(Attendu.ELUS, order=10)
    def copil_held(scope: FactScope) -> list[Fact]:
        ...

The function receives the CTG, the year and the report's author, runs a fixed number of
queries and returns its facts: a label, sentences and an optional table. It never writes.
The registry lives here, at the bottom, so that a module contributes without importing the
module that reads the facts.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .referentiel import SECTION_KEYS

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.db.models import Model


# Core names no domain model: a contributor states the CTG's and the author's classes
# (``FactScope[Convention, User]``), the registry accepts any.
_CTG = TypeVar("_CTG", bound="Model")
_Author = TypeVar("_Author", bound="AbstractBaseUser")


@dataclass(frozen=True)
class FactScope(Generic[_CTG, _Author]):
    """What a report's facts are about: a CTG, a calendar year, the CDC who writes."""

    convention: _CTG
    year: int
    author: _Author
    today: datetime.date

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        """The year's last day, or today while the year is not over."""
        return min(datetime.date(self.year, 12, 31), max(self.today, self.start))


@dataclass
class Fact:
    """One fact of the year: a label, sentences, and an optional table."""

    label: str
    lines: list[str] = field(default_factory=list)
    header: tuple[str, ...] = ()
    rows: Sequence[tuple[str, ...]] = field(default_factory=list)
    numeric: tuple[int, ...] = ()  # the table's columns of numbers

    def as_text(self) -> str:
        """The fact as plain text, to insert in a section's text."""
        parts = [f"{self.label} :"] if self.lines or self.rows else [self.label]
        parts += [f"- {line}" for line in self.lines]
        for row in self.rows:
            rest = ", ".join(
                f"{h} : {v}" for h, v in zip(self.header[1:], row[1:], strict=False) if v
            )
            parts.append(f"- {row[0]} — {rest}" if rest else f"- {row[0]}")
        return "\n".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "lines": self.lines,
            "header": list(self.header),
            "rows": [list(r) for r in self.rows],
            "numeric": list(self.numeric),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fact:
        return cls(
            label=str(data.get("label", "")),
            lines=[str(x) for x in data.get("lines", [])],
            header=tuple(str(x) for x in data.get("header", [])),
            rows=[tuple(str(x) for x in r) for r in data.get("rows", [])],
            numeric=tuple(int(x) for x in data.get("numeric", [])),
        )


FactProvider = Callable[[FactScope[Any, Any]], list[Fact]]

_PROVIDERS: dict[str, list[tuple[int, str, FactProvider]]] = {key: [] for key in SECTION_KEYS}


def contributes(section: str, order: int = 50) -> Callable[[FactProvider], FactProvider]:
    """Register a function that gives a section's facts; lower ``order`` comes first."""
    if section not in _PROVIDERS:
        raise ValueError(f"Section inconnue : {section}")

    def register(provider: FactProvider) -> FactProvider:
        name = f"{provider.__module__}.{provider.__qualname__}"
        entries = [e for e in _PROVIDERS[section] if e[1] != name]  # reloading replaces
        entries.append((order, name, provider))
        _PROVIDERS[section] = sorted(entries, key=lambda e: (e[0], e[1]))
        return provider

    return register


def providers(section: str) -> list[FactProvider]:
    """The functions registered for a section, in order."""
    return [p for _, _, p in _PROVIDERS.get(section, [])]
