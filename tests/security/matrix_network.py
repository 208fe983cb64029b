"""Access-matrix rows of the network app (merged by test_access_matrix)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from maillage.accounts.models import ConventionMembership
from maillage.network.models import Contact
from maillage.plans import services as plan_services
from maillage.plans.selectors import plan_of

from ..conftest import World
from .matrix_base import READ, Global, Rule, ctg, s

DIRECTORY_EDIT = Rule(own=s("cdc", "technicien"), other_ctg=s())
DIRECTORY_EDIT_POST = Rule(own=DIRECTORY_EDIT.own, other_ctg=s(), ok=302)


def _contact(world: World, target: str) -> Contact:
    """A contact of the target CTG who pilots a fiche (so a partner of the CTG sees them)."""
    cache = world.__dict__.setdefault("_contacts", {})
    if target not in cache:
        convention = ctg(world, target)
        contact = Contact.objects.create(
            convention=convention,
            first_name="Claire",
            last_name="Fontaine",
            email="claire.fontaine@example.org",
        )
        cdc = ConventionMembership.objects.filter(convention=convention, role="cdc").first().user
        plan = plan_of(convention)
        axis = plan.axes.first() or plan_services.axis_create(plan=plan, by=cdc, title="Jeunesse")
        plan_services.action_create(
            plan=plan, by=cdc, axis=axis, title="Point information jeunesse", pilot_contact=contact
        )
        cache[target] = contact
    return cache[target]


def _c(world: World, target: str) -> dict[str, Any]:
    return {
        "convention_uuid": ctg(world, target).uuid,
        "contact_uuid": _contact(world, target).uuid,
    }


MATRIX: dict[str, dict[str, Rule | Global]] = {
    "network:directory": {"GET": READ},
    "network:contact_create": {"GET": DIRECTORY_EDIT, "POST": DIRECTORY_EDIT_POST},
    "network:contact_detail": {"GET": READ},
    "network:contact_edit": {"GET": DIRECTORY_EDIT, "POST": DIRECTORY_EDIT_POST},
    "network:contact_erase": {"POST": DIRECTORY_EDIT_POST},
}
KWARGS: dict[str, Callable[[World, str], dict[str, Any]]] = {
    "network:contact_detail": _c,
    "network:contact_edit": _c,
    "network:contact_erase": _c,
}
POST_DATA: dict[str, Callable[[World, str], dict[str, Any]]] = {
    "network:contact_create": lambda w, t: {"first_name": "Malik", "last_name": "Benali"},
    "network:contact_edit": lambda w, t: {
        "first_name": "Claire",
        "last_name": "Fontaine-Morel",
        "email": "claire.fontaine@example.org",
    },
}
