"""Named predicates of the plan d'actions. Each states its rule in one line."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from maillage.conventions.enums import ConventionRole
from maillage.conventions.permissions import (
    is_cdc,
    is_elu,
    is_platform_admin,
    is_referent_cdt,
    roles_on,
)
from maillage.core.field_rights import EditableFields

from .models import Action

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.conventions.models import Convention

    from .models import Note


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
    """Editors, élus and the CTG's référent CDT add follow-up notes to a fiche (a CDT of
    the Caf who is not the CTG's référent reads it only)."""
    convention = action.plan.convention
    return (
        can_edit_action(user, action)
        or is_elu(user, convention)
        or is_referent_cdt(user, convention)
    )


def can_change_note(user: User, note: Note) -> bool:
    """A note's author corrects or deletes it, as long as they may still comment the fiche."""
    return note.author_id == user.pk and can_comment_action(user, note.action)


# What a fiche's pilot and co-pilots change: its content, dates, progress and partners.
ACTION_CONTENT_FIELDS = frozenset(
    {
        "title",
        "description",
        "status",
        "priority",
        "start_date",
        "end_date",
        "progress_manual",
        "partners",
        "communes",
        "participation",
        "themes",
        "publics",
    }
)
# What only the CDC changes: who pilots the fiche, its place in the plan, who may see it.
ACTION_STEERING_FIELDS = frozenset(
    {
        "axis",
        "objectives",
        "pilot",
        "pilot_contact",
        "pilot_organisation",
        "copilots",
        "elu_referent",
        "confidential",
    }
)
ACTION_FIELDS = EditableFields(
    model=Action,
    names=ACTION_CONTENT_FIELDS | ACTION_STEERING_FIELDS,
    extra={
        "themes": ("thématiques", lambda a: a.themes.values_list("theme", flat=True)),
        "publics": ("public cible", lambda a: a.publics.values_list("public", flat=True)),
    },
)


def action_editable_fields(user: User, action: Action) -> frozenset[str]:
    """The CDC changes every field of a fiche; its pilot and co-pilots change its content,
    not who pilots it, its axis and objectifs, or its confidentiality; others change none."""
    if can_edit_plan(user, action.plan.convention):
        return ACTION_FIELDS.names
    if can_edit_action(user, action):
        return ACTION_CONTENT_FIELDS
    return frozenset()


def plan_permissions(user: User, convention: Convention) -> dict[str, bool]:
    """The flags the plan's pages need."""
    return {"can_edit_plan": bool(can_edit_plan(user, convention))}


rules.add_perm("plans.change_plan", can_edit_plan)
