"""The panels of a CTG's overview that other modules contribute.

The overview belongs to ``conventions``, but what it shows beside the CTG's identity (this
year's COPIL, the annual report…) belongs to modules above it. Each such module declares
its panel in its own ``ctg_overview`` module, loaded when the application starts::

    from maillage.conventions.overview import OverviewScope, Panel, overview_panel

    @overview_panel(order=10)
    def copil(scope: OverviewScope) -> Panel | None:
        return Panel(template="governance/_overview_copil.html", context={...})

A contributor runs a fixed number of queries, never writes, and returns ``None`` when it
has nothing to show to this user.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from maillage.accounts.models import User

    from .models import Convention


@dataclass(frozen=True)
class OverviewScope:
    """Whose overview of which CTG, on which day."""

    convention: Convention
    user: User
    today: datetime.date


@dataclass(frozen=True)
class Panel:
    """A block of the overview's side column: a template and its context."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


Contributor = Callable[[OverviewScope], "Panel | None"]
_CONTRIBUTORS: list[tuple[int, str, Contributor]] = []


def overview_panel(*, order: int) -> Callable[[Contributor], Contributor]:
    """Register a function that contributes a panel to every CTG's overview."""

    def register(function: Contributor) -> Contributor:
        key = f"{function.__module__}.{function.__qualname__}"
        _CONTRIBUTORS[:] = [c for c in _CONTRIBUTORS if c[1] != key]
        _CONTRIBUTORS.append((order, key, function))
        _CONTRIBUTORS.sort(key=lambda c: (c[0], c[1]))
        return function

    return register


def overview_panels(scope: OverviewScope) -> list[Panel]:
    """The contributed panels of this overview, in their declared order."""
    panels = (function(scope) for _, _, function in _CONTRIBUTORS)
    return [panel for panel in panels if panel is not None]
