"""Named predicates of the governance. Each states its rule in one line."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from maillage.conventions.enums import ConventionRole
from maillage.conventions.permissions import (
    is_cdc,
    is_platform_admin,
    is_referent_cdt,
    roles_on,
)

from .models import Meeting

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.conventions.models import Convention

    from .models import Decision, DecisionComment


can_manage_governance = is_cdc | is_platform_admin
can_manage_governance.__doc__ = (
    "The CTG's CDC creates instances, convenes meetings, records attendance, minutes and decisions."
)


@rules.predicate
def is_ctg_member(user: User, convention: Convention) -> bool:
    """The user holds an active role in the CTG itself (CDC, élu, technicien, partenaire)."""
    return bool(roles_on(user, convention) & set(ConventionRole.values))


can_comment_decisions = is_ctg_member | is_referent_cdt | is_platform_admin
can_comment_decisions.__doc__ = (
    "The CTG's members (the élu référent first) and its référent CDT comment the decisions "
    "of the meetings they see."
)


def can_read_decisions(user: User, meeting: Meeting) -> bool:
    """Whoever sees a meeting reads its decisions once the minutes are published; its
    managers at any time."""
    convention = meeting.body.convention
    return meeting.minutes_published or (
        convention is not None and bool(can_manage_governance(user, convention))
    )


def can_comment_decision(user: User, decision: Decision) -> bool:
    """One who may comment the CTG's decisions, sees the meeting and reads its decisions."""
    meeting = decision.meeting
    convention = meeting.body.convention
    return (
        convention is not None
        and bool(can_comment_decisions(user, convention))
        and can_read_decisions(user, meeting)
        and Meeting.objects.visible_to(user).filter(pk=meeting.pk).exists()
    )


def can_change_decision_comment(user: User, comment: DecisionComment) -> bool:
    """A comment's author corrects or deletes it, as long as they may still comment."""
    return comment.author_id == user.pk and can_comment_decision(user, comment.decision)


def governance_permissions(user: User, convention: Convention) -> dict[str, bool]:
    """The flags the governance pages need."""
    return {
        "can_manage": bool(can_manage_governance(user, convention)),
        "can_comment_decisions": bool(can_comment_decisions(user, convention)),
    }


rules.add_perm("governance.manage", can_manage_governance)
rules.add_perm("governance.comment_decisions", can_comment_decisions)
