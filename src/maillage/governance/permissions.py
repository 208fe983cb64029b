"""Named predicates of the governance. Each states its rule in one line."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from maillage.conventions.permissions import is_cdc, is_platform_admin

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.conventions.models import Convention

    from .models import Meeting


can_manage_governance = is_cdc | is_platform_admin
can_manage_governance.__doc__ = (
    "The CTG's CDC creates instances, convenes meetings, records attendance, minutes and decisions."
)


def can_read_minutes(user: User, meeting: Meeting) -> bool:
    """Whoever sees a meeting reads its minutes and decisions once published; the CDC always."""
    return meeting.minutes_published or bool(can_manage_governance(user, meeting.body.convention))


def governance_permissions(user: User, convention: Convention) -> dict[str, bool]:
    """The flags the governance pages need."""
    return {"can_manage": bool(can_manage_governance(user, convention))}


rules.add_perm("governance.manage", can_manage_governance)
