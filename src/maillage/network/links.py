"""The sources of the network map's links, contributed by the modules that hold them.

Two organisations are linked when they took part in the same occasion: a fiche action,
a meeting, an interaction… Each kind of occasion is a source that gives, for a CTG as a
user sees it, the groups of organisations that met on one occasion; the map counts one
link per pair of a group. A module adds a source in its ``network_links`` module::

    from maillage.network.links import GraphFilters, link_source

    @link_source("meetings", column="Réunions", reason="étaient présentes à une même "
                 "réunion", noun="réunion", order=20)
    def meeting_groups(user, convention, filters: GraphFilters) -> list[set[int]]:
        ...

A source runs a fixed number of queries (the map's query count does not grow with the
network) and applies the map's filters: thématique and period.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from maillage.core.enums import Theme
from maillage.core.params import parse_date

from .registry import Registry

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.conventions.models import Convention


@dataclass(frozen=True)
class GraphFilters:
    """Thématique and period of the map, from the query string."""

    theme: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None

    @classmethod
    def from_query(cls, params: dict[str, str]) -> GraphFilters:
        def day(name: str) -> datetime.date | None:
            return parse_date(params.get(name))

        theme = params.get("thematique", "")
        start, end = day("debut"), day("fin")
        if start and end and end < start:
            start, end = end, start
        return cls(theme=theme if theme in Theme.values else "", start=start, end=end)


# The organisations (primary keys) that took part in each occasion, as the user sees them.
GroupsFunction = Callable[["User", "Convention", GraphFilters], Iterable[set[int]]]


@dataclass(frozen=True)
class LinkSource:
    """One kind of occasion that links organisations on the map."""

    key: str
    column: str  # the table of links' column: « Fiches »
    reason: str  # in the map's introduction: « étaient présentes à une même réunion »
    noun: str  # one occasion, when nothing links two organisations: « réunion »
    groups: GroupsFunction


LINK_SOURCES: Registry[LinkSource] = Registry("liens de la carte du réseau")


def link_source(
    key: str, *, column: str, reason: str, noun: str, order: int = 50
) -> Callable[[GroupsFunction], GroupsFunction]:
    """Register a function giving the groups of organisations of one kind of occasion.

    ``key`` names the source (registering it again replaces it); a lower ``order`` puts
    its column first in the table of links.
    """

    def register(groups: GroupsFunction) -> GroupsFunction:
        source = LinkSource(key=key, column=column, reason=reason, noun=noun, groups=groups)
        LINK_SOURCES.register(key, source, order=order)
        return groups

    return register
