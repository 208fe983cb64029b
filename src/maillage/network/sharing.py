"""What a partner sees of the directory: the people and organisations of what is shared.

A user whose only role on a CTG is partenaire does not see the whole directory: only the
contacts and organisations involved in what the CTG shares with them (the fiches they
see: their pilots, pilot organisations and partners). Each module that shares something
with partners says who is involved, in its ``network_links`` module::

    from maillage.network.sharing import Shared, shared_with_partner

    @shared_with_partner()
    def fiches_shared(user, convention) -> Shared:
        shown = Action.objects.visible_to(user).filter(plan__convention=convention)
        return Shared(contacts=[shown.values("pilot_contact")], organisations=[...])

Each queryset gives primary keys (one column, ``values(...)``) and is used as a
subquery: the directory's pages keep their query count.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from .registry import Registry, qualified_name

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.conventions.models import Convention


@dataclass(frozen=True)
class Shared:
    """The directory contacts and organisations involved in what a module shares."""

    contacts: Sequence[QuerySet[Any]] = ()  # each: primary keys of contacts
    organisations: Sequence[QuerySet[Any]] = ()  # each: primary keys of organisations


SharedFunction = Callable[["User", "Convention"], Shared]

PARTNER_SHARES: Registry[SharedFunction] = Registry("ce qu'un partenaire voit de l'annuaire")


def shared_with_partner(*, order: int = 50) -> Callable[[SharedFunction], SharedFunction]:
    """Register a function giving who is involved in what a module shares with a partner."""

    def register(function: SharedFunction) -> SharedFunction:
        return PARTNER_SHARES.register(qualified_name(function), function, order=order)

    return register


def everything_shared(user: User, convention: Convention) -> Shared:
    """Who is involved in what every module shares with the user on the CTG."""
    shares = [share(user, convention) for share in PARTNER_SHARES]
    return Shared(
        contacts=[ids for share in shares for ids in share.contacts],
        organisations=[ids for share in shares for ids in share.organisations],
    )


def in_any(field: str, subqueries: Sequence[QuerySet[Any]]) -> Q | None:
    """``field`` in one of the subqueries; None when there is none (nothing matches)."""
    parts = [Q(**{f"{field}__in": ids}) for ids in subqueries]
    return reduce(operator.or_, parts) if parts else None
