"""Named predicates of the CTG's directory. Each states its rule in one line."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from maillage.conventions.enums import ConventionRole
from maillage.conventions.permissions import is_cdc, is_platform_admin, roles_on

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.conventions.models import Convention


@rules.predicate
def is_technicien(user: User, convention: Convention) -> bool:
    """The user is an active technicien of this CTG."""
    return ConventionRole.TECHNICIEN in roles_on(user, convention)


can_edit_directory = is_cdc | is_technicien | is_platform_admin
can_edit_directory.__doc__ = "The CDC and the techniciens of the CTG keep its directory."


def is_partner_only(user: User, convention: Convention) -> bool:
    """The user's only role on the CTG is partenaire: they see a reduced directory."""
    return roles_on(user, convention) == {ConventionRole.PARTENAIRE}


def can_read_notes(user: User, convention: Convention) -> bool:
    """Everyone with a role on the CTG reads the directory's private notes, except partners."""
    return (
        bool(roles_on(user, convention))
        and not is_partner_only(user, convention)
        or bool(user.is_superuser)
    )


@rules.predicate
def is_team_reader(user: User, convention: Convention) -> bool:
    """Everyone with a role on the CTG except a partner: the CTG's team and its Caf."""
    return can_read_notes(user, convention)


can_read_log = is_team_reader
can_read_log.__doc__ = "The CTG's team and its Caf read the interaction log; partners do not."

can_export_directory = is_team_reader
can_export_directory.__doc__ = (
    "The CTG's team and its Caf export the directory; partners, who see part of it, do not."
)

can_export_personal_data = is_cdc | is_platform_admin
can_export_personal_data.__doc__ = "The CDC exports everything held on one contact (RGPD)."

can_erase_personal_data = is_cdc | is_platform_admin
can_erase_personal_data.__doc__ = (
    "The CDC, who answers the CTG's RGPD requests, erases a contact with its history; a "
    "technicien who keeps the directory does not."
)


def directory_permissions(user: User, convention: Convention) -> dict[str, bool]:
    """The flags the directory's pages need."""
    return {
        "can_edit_directory": bool(can_edit_directory(user, convention)),
        "can_read_notes": can_read_notes(user, convention),
        "can_read_log": bool(can_read_log(user, convention)),
        "can_export_directory": bool(can_export_directory(user, convention)),
        "can_export_personal_data": bool(can_export_personal_data(user, convention)),
        "can_erase_personal_data": bool(can_erase_personal_data(user, convention)),
    }


rules.add_perm("network.change_contact", can_edit_directory)
rules.add_perm("network.change_partner", can_edit_directory)
rules.add_perm("network.view_interaction", can_read_log)
