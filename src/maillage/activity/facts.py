"""The facts of a report: gathered from every contributing module, frozen when it is sent.

The modules contribute through the registry of :mod:`maillage.core.facts`; while the report
is written its facts follow the data (:func:`gather`), and once it is sent they are kept as
JSON (:func:`to_json`, :func:`from_json`) so that the report says what it said that day.
"""

from __future__ import annotations

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
