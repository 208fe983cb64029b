"""Which fiches of the plan d'actions a user sees, for the interactions that link them.

An interaction links fiches of the plan, which sits above the directory: the directory
cannot ask the plan who sees which fiche (a confidential one only its CDC, élus and Caf).
The plan gives its rule here, in its ``network_links`` module::

    from maillage.network.fiches import fiche_visibility

    @fiche_visibility
    def visible_fiches(user, convention) -> QuerySet:
        return visible_action_ids(user, convention)

The log, an interaction's form and its save then show, offer and replace only those
fiches; the links to the others are kept. Without a rule, no fiche is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from .models import Interaction
from .registry import Registry

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.conventions.models import Convention


# The primary keys of the CTG's fiches the user may see, as a subquery.
VisibleFiches = Callable[["User", "Convention"], QuerySet[Any]]

FICHE_VISIBILITY: Registry[VisibleFiches] = Registry("fiches qu'un utilisateur voit")


def fiche_visibility(rule: VisibleFiches) -> VisibleFiches:
    """Register the plan's rule: the fiches of a CTG a user may see (registered once)."""
    return FICHE_VISIBILITY.register("fiches", rule)


def fiche_model() -> Any:
    """The plan's fiche model, read from the interaction's relation (not imported)."""
    return Interaction._meta.get_field("actions").related_model


def visible_fiche_ids(user: User, convention: Convention) -> QuerySet[Any]:
    """The primary keys of the CTG's fiches the user may see, as a subquery (none when the
    plan gave no rule: a fiche is never shown by default)."""
    for rule in FICHE_VISIBILITY:
        return rule(user, convention)
    return fiche_model()._default_manager.none().values_list("pk", flat=True)


def visible_fiches(user: User, convention: Convention) -> QuerySet[Any]:
    """The CTG's fiches the user may see, with their axis, in the plan's order."""
    return (
        fiche_model()
        ._default_manager.filter(pk__in=visible_fiche_ids(user, convention))
        .select_related("axis")
        .order_by("axis__number", "number")
    )
