"""Access-matrix rows of the departement app: pages of a Caf, not of one CTG."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..conftest import World
from .matrix_base import ALL_ROLES, Global, Rule, s


@dataclass(frozen=True)
class CafRule(Rule):
    """A URL of a Caf: targets ``own`` and ``other_ctg`` name the Caf of CTGs A and B (the
    Savoie), ``other_caf`` another Caf. Everyone with a role in a Caf reaches its pages."""

    def expected(self, role: str, target: str) -> int:
        if role == "anonymous":
            return 302
        if target == "other_caf":
            return 404
        return self.ok if role in self.own else 403


CAF_READ = CafRule(own=s(*ALL_ROLES), other_ctg=s(*ALL_ROLES))
CAF_ADMIN = CafRule(own=s("caf_admin"), other_ctg=s("caf_admin"))
CAF_ADMIN_POST = CafRule(own=s("caf_admin"), other_ctg=s("caf_admin"), ok=302)


def caf_kwargs(world: World, target: str) -> dict[str, Any]:
    caf = world.other_caf if target == "other_caf" else world.caf
    return {"caf_uuid": caf.uuid}


MATRIX: dict[str, dict[str, Rule | Global]] = {
    "departement:map": {"GET": CAF_READ},
    "departement:contacts": {"GET": CAF_READ},
    "departement:contacts_edit": {"GET": CAF_ADMIN, "POST": CAF_ADMIN_POST},
}
KWARGS: dict[str, Callable[[World, str], dict[str, Any]]] = {
    "departement:map": caf_kwargs,
    "departement:contacts": caf_kwargs,
    "departement:contacts_edit": caf_kwargs,
}
POST_DATA: dict[str, Callable[[World, str], dict[str, Any]]] = {
    "departement:contacts_edit": lambda w, t: {
        "shared_mailbox": "partenaires@caf.example.org",
        "contacts_note": "Réponse sous 5 jours ouvrés.",
    },
}
