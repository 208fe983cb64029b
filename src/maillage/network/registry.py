"""What other modules contribute to the directory, kept in order.

The directory sits below the modules that use it (plans, governance…): they may import
it, it never imports them. When a directory page shows what such a module holds (the
fiches linking two organisations on the map, the meetings a contact attended…), the
module contributes it through one of the directory's registries: ``links`` (the
network map), ``timeline`` (a contact's or an organisation's history), ``sharing``
(what a partner sees of the directory) and ``references`` (a contact's personal data
held elsewhere). Each module declares its contributions in its ``network_links``
module, loaded once when the application starts (see ``apps.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """Named contributions to one extension point, iterated by ``order`` then name.

    Registering a name again replaces the earlier contribution (a module reloaded by the
    development server registers again), so a contribution is never counted twice.
    """

    def __init__(self, purpose: str) -> None:
        self.purpose = purpose
        self._entries: dict[str, tuple[int, T]] = {}
        self._ordered: list[T] = []

    def register(self, name: str, item: T, *, order: int = 50) -> T:
        """Add ``item`` under ``name``; a lower ``order`` comes first."""
        self._entries[name] = (order, item)
        self._sort()
        return item

    def unregister(self, name: str) -> None:
        """Remove the contribution registered under ``name`` (nothing if there is none)."""
        if self._entries.pop(name, None) is not None:
            self._sort()

    def names(self) -> list[str]:
        """The registered names, in order."""
        return [name for name, _ in sorted(self._entries.items(), key=_rank)]

    def _sort(self) -> None:
        # Sorted once per change rather than at each use: pages read, modules rarely write.
        self._ordered = [item for _, (_, item) in sorted(self._entries.items(), key=_rank)]

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._ordered))

    def __len__(self) -> int:
        return len(self._ordered)

    def __repr__(self) -> str:
        return f"<Registry {self.purpose}: {', '.join(self.names())}>"


def _rank(entry: tuple[str, tuple[int, object]]) -> tuple[int, str]:
    name, (order, _) = entry
    return order, name


def qualified_name(function: object) -> str:
    """The name a function is registered under: its module and qualified name."""
    return f"{function.__module__}.{function.__qualname__}"  # type: ignore[attr-defined]
