"""The facts of a report: gathered from every contributing module, frozen when it is sent.

The modules contribute through the registry of :mod:`maillage.core.facts`; while the report
is written its facts follow the data (:func:`gather`), and once it is sent they are kept as
JSON (:func:`to_json`, :func:`from_json`) so that the report says what it said that day.

A fact inserted in a section's text stays linked to its key while its text is left as
inserted (:func:`followed`); :func:`insertions` compares it with today's fact, so that a
stale one is flagged and updated in one click.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from maillage.core.facts import Fact, FactScope, providers
from maillage.core.referentiel import SECTION_KEYS


def gather(scope: FactScope) -> dict[str, list[Fact]]:
    """Every section's facts for the scope, from the data as it stands."""
    return {key: [f for p in providers(key) for f in p(scope)] for key in SECTION_KEYS}


def to_json(facts: dict[str, list[Fact]]) -> dict[str, list[dict[str, Any]]]:
    """The facts as JSON, to freeze them with the report when it is sent."""
    return {key: [f.to_json() for f in items] for key, items in facts.items()}


def from_json(data: dict[str, Any]) -> dict[str, list[Fact]]:
    """The facts frozen by :func:`to_json`, every section present."""
    return {key: [Fact.from_json(f) for f in data.get(key, [])] for key in SECTION_KEYS}


@dataclass(frozen=True)
class Insertion:
    """A fact inserted in a section's text, as written and as it reads from today's data."""

    key: str
    label: str
    written: str
    current: str

    @property
    def stale(self) -> bool:
        """The data changed since the fact was inserted: the text no longer says it."""
        return self.written != self.current


def followed(text: str, inserted: list[dict[str, str]]) -> list[dict[str, str]]:
    """The inserted facts still in the text as inserted, once each (a fact rewritten by
    hand is the author's text: it is no longer followed)."""
    kept: list[dict[str, str]] = []
    for entry in inserted:
        written = str(entry.get("text", ""))
        item = {"key": str(entry.get("key", "")), "text": written}
        if item["key"] and written and written in text and item not in kept:
            kept.append(item)
    return kept


def insertions(text: str, inserted: list[dict[str, str]], facts: list[Fact]) -> list[Insertion]:
    """The facts inserted in a section's text that are still followed, against today's."""
    by_key = {f.key: f for f in facts if f.key}
    return [
        Insertion(e["key"], by_key[e["key"]].label, e["text"], by_key[e["key"]].as_text())
        for e in followed(text, inserted)
        if e["key"] in by_key
    ]
