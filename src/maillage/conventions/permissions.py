"""Named predicates: who may do what on a CTG. Each states its rule in one line."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from maillage.accounts.twofactor import requires_two_factor
from maillage.core.field_rights import EditableFields

from .enums import CafRole, ConventionRole
from .models import CafMembership, Convention, ConventionMembership

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.organisations.models import Caf


def roles_on(user: User, convention: Convention) -> frozenset[str]:
    """The active roles a user holds on a CTG, its own and its Caf's (cached per user)."""
    if not user.is_authenticated:
        return frozenset()
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault("_ctg_roles", {})
    if convention.pk not in cache:
        own = ConventionMembership.objects.filter(
            user=user, convention=convention, is_active=True
        ).values_list("role", flat=True)
        caf = CafMembership.objects.filter(
            user=user, caf_id=convention.caf_id, is_active=True
        ).values_list("role", flat=True)
        cache[convention.pk] = frozenset(own.union(caf))
    return cache[convention.pk]


def remember_roles(user: User, convention: Convention, roles: frozenset[str]) -> None:
    """Record the roles a request has already read with its CTG, so that no predicate asks
    the database again (see ``conventions.context``)."""
    user.__dict__.setdefault("_ctg_roles", {})[convention.pk] = roles


def caf_roles(user: User, caf: Caf) -> frozenset[str]:
    """The active roles a user holds at a Caf (cached per user)."""
    if not user.is_authenticated:
        return frozenset()
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault("_caf_roles", {})
    if caf.pk not in cache:
        cache[caf.pk] = frozenset(
            CafMembership.objects.filter(user=user, caf=caf, is_active=True).values_list(
                "role", flat=True
            )
        )
    return cache[caf.pk]


def is_cdc_at(user: User, caf: Caf) -> bool:
    """The user is an active chargé de coopération of one of the Caf's CTGs (cached per
    user)."""
    if not user.is_authenticated:
        return False
    cache: dict[int, bool] = user.__dict__.setdefault("_caf_cdc", {})
    if caf.pk not in cache:
        cache[caf.pk] = ConventionMembership.objects.filter(
            user=user, convention__caf=caf, role=ConventionRole.CDC, is_active=True
        ).exists()
    return cache[caf.pk]


def remember_caf_roles(user: User, caf: Caf, roles: frozenset[str], *, cdc: bool) -> None:
    """Record the Caf roles a request has already read with its Caf (see
    ``conventions.context``)."""
    user.__dict__.setdefault("_caf_roles", {})[caf.pk] = roles
    user.__dict__.setdefault("_caf_cdc", {})[caf.pk] = cdc


@rules.predicate
def is_cdc(user: User, convention: Convention) -> bool:
    """The user is an active chargé de coopération of this CTG."""
    return ConventionRole.CDC in roles_on(user, convention)


@rules.predicate
def is_caf_admin(user: User, convention: Convention) -> bool:
    """The user is an active responsable of the CTG's Caf."""
    return CafRole.CAF_ADMIN in roles_on(user, convention)


@rules.predicate
def is_referent_cdt(user: User, convention: Convention) -> bool:
    """The user is an active CDT of the CTG's Caf and the CTG's référent."""
    return convention.cdt_id == user.pk and CafRole.CDT in roles_on(user, convention)


@rules.predicate
def is_platform_admin(user: User, convention: Convention | None = None) -> bool:
    """The user administers the platform."""
    return bool(user.is_authenticated and user.is_superuser)


can_manage_members = is_cdc | is_caf_admin | is_platform_admin
can_manage_members.__doc__ = "CDCs of the CTG and the Caf's responsables invite and manage members."

can_edit_convention = is_cdc | is_referent_cdt | is_caf_admin | is_platform_admin
can_edit_convention.__doc__ = (
    "CDCs, the référent CDT and the Caf's responsables edit the CTG's identity, territory "
    "and signatories."
)


CONVENTION_FIELDS = EditableFields(
    model=Convention,
    names=frozenset(
        {"name", "epci", "start_date", "end_date", "signed_on", "renewal_in_progress", "cdt"}
    )
    | {"themes"},
    extra={"themes": ("thématiques", lambda c: c.themes.values_list("theme", flat=True))},
)
# Who follows the CTG for the Caf is the Caf's choice.
CAF_CHOSEN_FIELDS = frozenset({"cdt"})


def convention_editable_fields(user: User, convention: Convention) -> frozenset[str]:
    """The Caf's responsables change every field of a CTG; the CDC and the référent CDT
    change its identity, period, status flags and thématiques, not its référent CDT."""
    if is_caf_admin(user, convention) or is_platform_admin(user, convention):
        return CONVENTION_FIELDS.names
    if can_edit_convention(user, convention):
        return CONVENTION_FIELDS.names - CAF_CHOSEN_FIELDS
    return frozenset()


def can_create_convention(user: User, caf: Caf) -> bool:
    """Only a Caf's responsables (and platform administrators) create its CTGs."""
    return bool(user.is_superuser) or CafRole.CAF_ADMIN in caf_roles(user, caf)


@rules.predicate
def is_elu(user: User, convention: Convention) -> bool:
    """The user is an active élu référent of this CTG."""
    return ConventionRole.ELU in roles_on(user, convention)


@rules.predicate
def has_caf_role(user: User, convention: Convention) -> bool:
    """The user holds any active role at the CTG's Caf."""
    return bool(roles_on(user, convention) & set(CafRole.values))


can_view_history = is_cdc | is_elu | has_caf_role | is_platform_admin
can_view_history.__doc__ = "The CDC, the élus and the Caf's roles read the CTG's history."

can_open_reports = is_cdc | is_elu | has_caf_role
can_open_reports.__doc__ = (
    "The CDCs, the élus and the Caf's roles open the CTG's activity reports page; each sees "
    "the reports they may read."
)

rules.add_perm("conventions.manage_members", can_manage_members)
rules.add_perm("conventions.change_convention", can_edit_convention)


def convention_permissions(user: User, convention: Convention) -> dict[str, bool]:
    """The flags every CTG page's tabs and buttons need."""
    return {
        "can_edit": bool(can_edit_convention(user, convention)),
        "can_manage_members": bool(can_manage_members(user, convention)),
        "can_view_history": bool(can_view_history(user, convention)),
        "can_keep_journal": bool(is_cdc(user, convention)),
        "can_open_reports": bool(can_open_reports(user, convention)),
    }


@requires_two_factor
def is_caf_responsable(user: User) -> bool:
    """The user is an active responsable of some Caf: a second factor is required."""
    return CafMembership.objects.filter(user=user, role=CafRole.CAF_ADMIN, is_active=True).exists()


# ----------------------------------------------------------------------------- the Caf
# The Caf's pages (``departement``) and the apps below them (the activity reports' due
# dates) share these predicates.


def can_edit_caf_contacts(user: User, caf: Caf) -> bool:
    """The Caf's responsables (and platform administrators) keep its contacts page."""
    return bool(user.is_superuser) or CafRole.CAF_ADMIN in caf_roles(user, caf)


def can_view_compliance(user: User, caf: Caf) -> bool:
    """The Caf's roles (CDT, conseillers, responsables) follow the compliance of its CTGs."""
    return bool(user.is_superuser) or bool(caf_roles(user, caf) & set(CafRole.values))


def can_manage_cdc_network(user: User, caf: Caf) -> bool:
    """The Caf's responsables and CDTs schedule the network meetings of its chargés de
    coopération, invite, record attendance and write the minutes."""
    return bool(user.is_superuser) or bool(caf_roles(user, caf) & {CafRole.CAF_ADMIN, CafRole.CDT})


def can_view_cdc_network(user: User, caf: Caf) -> bool:
    """The Caf's roles and the chargés de coopération of its CTGs open the network page."""
    return bool(user.is_superuser or caf_roles(user, caf) & set(CafRole.values)) or is_cdc_at(
        user, caf
    )


def caf_permissions(user: User, caf: Caf) -> dict[str, bool]:
    """The flags every page of a Caf needs (its tabs and buttons)."""
    return {
        "can_view_compliance": can_view_compliance(user, caf),
        "can_edit_caf_contacts": can_edit_caf_contacts(user, caf),
        "can_manage_cdc_network": can_manage_cdc_network(user, caf),
        "can_view_cdc_network": can_view_cdc_network(user, caf),
    }
