"""Named predicates of the governance. Each states its rule in one line."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from maillage.conventions.permissions import is_cdc, is_platform_admin

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.conventions.models import Convention


can_manage_governance = is_cdc | is_platform_admin
can_manage_governance.__doc__ = (
    "The CTG's CDC creates instances, convenes meetings, records attendance, minutes and decisions."
)


def governance_permissions(user: User, convention: Convention) -> dict[str, bool]:
    """The flags the governance pages need."""
    return {"can_manage": bool(can_manage_governance(user, convention))}


rules.add_perm("governance.manage", can_manage_governance)
