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
_T = TypeVar("_T")


@dataclass(frozen=True)
class FactScope(Generic[_CTG, _Author]):
    """What a report's facts are about: a CTG, a calendar year, the CDC who writes."""

    convention: _CTG
    year: int
    author: _Author
    today: datetime.date
    # What several contributors read, computed once per gathering (see memo()).
    _memo: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def memo(self, key: str, compute: Callable[[], _T]) -> _T:
        """``compute()`` once for this scope: two facts that read the same data (the year's
        fiches) share one reading, and so one definition."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        """The year's last day, or today while the year is not over."""
        return min(datetime.date(self.year, 12, 31), max(self.today, self.start))


@dataclass
class Fact:
    """One fact of the year: a label, sentences, and an optional table.

    ``key`` names the fact for good (``"plan.fiches_realisees"``): a text that quotes it
    stays linked to it while its numbers change. ``definition`` says how it is counted
    (shown as a tooltip). ``sentence`` and ``bullets`` are what is inserted in a report's
    text: a French sentence and its list; without them the label, lines and rows are.
    """

    label: str
    lines: list[str] = field(default_factory=list)
    header: tuple[str, ...] = ()
    rows: Sequence[tuple[str, ...]] = field(default_factory=list)
    numeric: tuple[int, ...] = ()  # the table's columns of numbers
    key: str = ""
    definition: str = ""
    sentence: str = ""
    bullets: list[str] = field(default_factory=list)

    def as_text(self) -> str:
        """The fact as French text, to insert in a section's text: a sentence, then its
        list, one item per line."""
        if self.sentence:
            head, items = self.sentence, list(self.bullets)
        else:
            items = [*self.lines, *(self.bullets or [_row_text(self.header, r) for r in self.rows])]
            name, sep, value = self.label.rpartition(" : ")
            head = f"{name} ({value})" if sep and items else self.label
        head = head.rstrip(" .:")
        if not items:
            return f"{head}."
        return "\n".join(
            [
                f"{head} :",
                *(f"- {item.rstrip(' .;')} ;" for item in items[:-1]),
                f"- {items[-1].rstrip(' .;')}.",
            ]
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "lines": self.lines,
            "header": list(self.header),
            "rows": [list(r) for r in self.rows],
            "numeric": list(self.numeric),
            "key": self.key,
            "definition": self.definition,
            "sentence": self.sentence,
            "bullets": self.bullets,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fact:
        return cls(
            label=str(data.get("label", "")),
            lines=[str(x) for x in data.get("lines", [])],
            header=tuple(str(x) for x in data.get("header", [])),
            rows=[tuple(str(x) for x in r) for r in data.get("rows", [])],
            numeric=tuple(int(x) for x in data.get("numeric", [])),
            key=str(data.get("key", "")),
            definition=str(data.get("definition", "")),
            sentence=str(data.get("sentence", "")),
            bullets=[str(x) for x in data.get("bullets", [])],
        )


def _row_text(header: tuple[str, ...], row: tuple[str, ...]) -> str:
    """A table's row as a list item: its first cell, then the others in brackets."""
    rest = [v for v in row[1:] if v and v != "—"]
    return f"{row[0]} ({', '.join(rest)})" if rest else row[0]


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
