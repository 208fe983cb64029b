"""Named predicates of the plan d'actions. Each states its rule in one line."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from maillage.conventions.enums import CafRole, ConventionRole
from maillage.conventions.permissions import is_cdc, is_elu, is_platform_admin, roles_on

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.conventions.models import Convention

    from .models import Action


can_edit_plan = is_cdc | is_platform_admin
can_edit_plan.__doc__ = "Only the CTG's CDC shapes the plan: axes, objectifs, new fiches, bulk."


def _pilots(action: Action) -> set[int]:
    ids = {c.pk for c in action.copilots.all()}
    if action.pilot_id:
        ids.add(action.pilot_id)
    return ids


def can_edit_action(user: User, action: Action) -> bool:
    """The CDC edits every fiche; a member who pilots or co-pilots a fiche edits that one."""
    convention = action.plan.convention
    if can_edit_plan(user, convention):
        return True
    member_roles = roles_on(user, convention) & set(ConventionRole.values)
    return bool(member_roles) and user.pk in _pilots(action)


def can_comment_action(user: User, action: Action) -> bool:
    """Editors, élus and the Caf's CDTs add follow-up notes to a fiche."""
    convention = action.plan.convention
    return (
        can_edit_action(user, action)
        or is_elu(user, convention)
        or CafRole.CDT in roles_on(user, convention)
    )


def plan_permissions(user: User, convention: Convention) -> dict[str, bool]:
    """The flags the plan's pages need."""
    return {"can_edit_plan": bool(can_edit_plan(user, convention))}


rules.add_perm("plans.change_plan", can_edit_plan)
