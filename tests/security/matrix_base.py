"""The access matrix's vocabulary: roles, targets and rules, shared by every app's rows.

An app's rows live in ``matrix_<app>.py`` (MATRIX, KWARGS, POST_DATA) and are merged by
``test_access_matrix``.
"""

from __future__ import annotations

from dataclasses import dataclass

from maillage.conventions.models import Convention

from ..conftest import World

CAF_ROLES = {"cdt", "conseiller", "caf_admin"}
COLLECTIVITE_ROLES = {"cdc", "elu", "technicien", "partenaire"}
ALL_ROLES = CAF_ROLES | COLLECTIVITE_ROLES
TARGETS = ["own", "other_ctg", "other_caf"]
PUBLIC = "public"


@dataclass(frozen=True)
class Rule:
    """Who may act on a CTG-scoped URL, and the status of a success."""

    own: frozenset[str]  # roles allowed on their own CTG (CTG A)
    other_ctg: frozenset[str]  # roles allowed on another CTG of their Caf (CTG B)
    ok: int = 200

    def expected(self, role: str, target: str) -> int:
        if role == "anonymous":
            return 302
        if target == "other_caf":
            return 404
        if target == "other_ctg":
            if role not in CAF_ROLES:
                return 404
            return self.ok if role in self.other_ctg else 403
        return self.ok if role in self.own else 403


@dataclass(frozen=True)
class Global:
    """A URL that does not depend on a CTG: status per role."""

    statuses: dict[str, int]
    anonymous: int = 302

    def expected(self, role: str, target: str) -> int:
        if role == "anonymous":
            return self.anonymous
        return self.statuses.get(role, self.statuses.get("*", 0))


def s(*roles: str) -> frozenset[str]:
    return frozenset(roles)


READ = Rule(own=s(*ALL_ROLES), other_ctg=s(*CAF_ROLES))
EDIT = Rule(own=s("cdc", "cdt", "caf_admin"), other_ctg=s("caf_admin"))
EDIT_POST = Rule(own=EDIT.own, other_ctg=EDIT.other_ctg, ok=302)
MANAGE_POST = Rule(own=s("cdc", "caf_admin"), other_ctg=s("caf_admin"), ok=302)
PLAN_EDIT = Rule(own=s("cdc"), other_ctg=s())
PLAN_EDIT_POST = Rule(own=s("cdc"), other_ctg=s(), ok=302)
# The target fiche is piloted by the technicien and co-piloted by the partenaire of CTG A.
FICHE_EDIT = Rule(own=s("cdc", "technicien", "partenaire"), other_ctg=s())
FICHE_EDIT_POST = Rule(own=FICHE_EDIT.own, other_ctg=s(), ok=302)
# The CDT writes only on the CTGs they are référent for: CTG A, not CTG B.
COMMENT_POST = Rule(own=s("cdc", "technicien", "partenaire", "elu", "cdt"), other_ctg=s(), ok=302)
# A note's author corrects it: the technicien's note on CTG A; on CTG B the CDC's.
NOTE_AUTHOR = Rule(own=s("technicien"), other_ctg=s())
NOTE_AUTHOR_POST = Rule(own=NOTE_AUTHOR.own, other_ctg=s(), ok=302)
HISTORY = Rule(own=s("cdc", "elu", *CAF_ROLES), other_ctg=s(*CAF_ROLES))


def ctg(world: World, target: str) -> Convention:
    """The CTG a target names: A (own), B (same Caf) or C (another Caf)."""
    return {"own": world.a, "other_ctg": world.b, "other_caf": world.c}[target]
