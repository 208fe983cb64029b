"""Named predicates of the Caf's pages. Each states its rule in one line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from maillage.conventions.enums import CafRole
from maillage.conventions.permissions import caf_roles

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.organisations.models import Caf


def can_view_compliance(user: User, caf: Caf) -> bool:
    """The Caf's roles (CDT, conseillers, responsables) follow the compliance of its CTGs."""
    return bool(user.is_superuser) or bool(caf_roles(user, caf) & set(CafRole.values))


def can_manage_cdc_network(user: User, caf: Caf) -> bool:
    """The Caf's responsables and CDTs schedule the network meetings of its chargés de
    coopération, invite, record attendance and write the minutes."""
    return bool(user.is_superuser) or bool(caf_roles(user, caf) & {CafRole.CAF_ADMIN, CafRole.CDT})


def can_view_cdc_network(user: User, caf: Caf) -> bool:
    """The Caf's roles and the chargés de coopération of its CTGs open the network page."""
    if user.is_superuser or caf_roles(user, caf) & set(CafRole.values):
        return True
    from maillage.conventions.enums import ConventionRole
    from maillage.conventions.models import ConventionMembership

    return ConventionMembership.objects.filter(
        user=user, convention__caf=caf, role=ConventionRole.CDC, is_active=True
    ).exists()
