"""Named predicates of the Caf's pages. Each states its rule in one line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from maillage.accounts.enums import CafRole
from maillage.conventions.permissions import caf_roles

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.organisations.models import Caf


def can_edit_caf_contacts(user: User, caf: Caf) -> bool:
    """The Caf's responsables (and platform administrators) keep its contacts page."""
    return bool(user.is_superuser) or CafRole.CAF_ADMIN in caf_roles(user, caf)
