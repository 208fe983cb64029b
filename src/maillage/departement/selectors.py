"""Reads of the Caf's view of its département, scoped to what the user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.accounts.models import User as UserModel
from maillage.accounts.services import TWO_FACTOR_RESET_REASON
from maillage.conventions.enums import CafRole, ConventionRole
from maillage.conventions.models import CafMembership, Convention, ConventionMembership
from maillage.organisations.models import Caf

if TYPE_CHECKING:
    from maillage.accounts.models import User


def detail_visible_ids(user: User, caf: Caf) -> frozenset[int]:
    """The CTGs of the Caf whose pages the user may open: all for CAF roles, else their own."""
    return frozenset(
        Convention.objects.visible_to(user).filter(caf=caf).values_list("pk", flat=True)
    )


class CafContacts(TypedDict):
    """What the Caf's contacts page lists."""

    cdts: list[tuple[CafMembership, list[Convention]]]
    conseillers: list[CafMembership]
    without_cdt: list[Convention]


def caf_contacts(caf: Caf) -> CafContacts:
    """The Caf's contacts page: CDTs with the CTGs they cover, conseillers, the mailbox."""
    members = list(
        CafMembership.objects.filter(
            caf=caf,
            is_active=True,
            user__is_active=True,
            role__in=[CafRole.CDT, CafRole.CONSEILLER],
        )
        .select_related("user")
        .order_by("user__full_name")
    )
    covered: dict[int, list[Convention]] = {}
    for convention in Convention.objects.filter(caf=caf, cdt__isnull=False).order_by("name"):
        assert convention.cdt_id is not None  # filtered on cdt__isnull=False
        covered.setdefault(convention.cdt_id, []).append(convention)
    cdts = [(m, covered.get(m.user_id, [])) for m in members if m.role == CafRole.CDT]
    conseillers = [m for m in members if m.role == CafRole.CONSEILLER]
    without_cdt = list(Convention.objects.filter(caf=caf, cdt__isnull=True).order_by("name"))
    return {"cdts": cdts, "conseillers": conseillers, "without_cdt": without_cdt}


class Colleague(TypedDict):
    """A person of the Caf on the second-factor page of its responsable."""

    user: UserModel
    roles: list[str]
    enrolled: bool
    must_enrol: bool
    last_reset: object | None  # the user's history record of the last reset, if any


def caf_colleagues_ids(caf: Caf) -> frozenset[int]:
    """The Caf's people whose second factor its responsable may reset: its CDTs and
    conseillers, and the chargés de coopération of its CTGs (active accounts only)."""
    staff = CafMembership.objects.filter(
        caf=caf, is_active=True, role__in=[CafRole.CDT, CafRole.CONSEILLER]
    ).values_list("user_id", flat=True)
    cdcs = ConventionMembership.objects.filter(
        convention__caf=caf, is_active=True, role=ConventionRole.CDC
    ).values_list("user_id", flat=True)
    return frozenset(
        UserModel.objects.filter(pk__in=[*staff, *cdcs], is_active=True).values_list(
            "pk", flat=True
        )
    )


def caf_colleagues_two_factor(caf: Caf) -> list[Colleague]:
    """The Caf's people (see :func:`caf_colleagues_ids`), whether their second factor is
    active, and the last reset of it (who and when), by name."""
    ids = caf_colleagues_ids(caf)
    roles: dict[int, list[str]] = {}
    for membership in CafMembership.objects.filter(
        caf=caf, user_id__in=ids, is_active=True, role__in=[CafRole.CDT, CafRole.CONSEILLER]
    ):
        roles.setdefault(membership.user_id, []).append(CafRole(membership.role).label)
    for cdc in (
        ConventionMembership.objects.filter(
            convention__caf=caf, user_id__in=ids, is_active=True, role=ConventionRole.CDC
        )
        .select_related("convention")
        .order_by("convention__name")
    ):
        roles.setdefault(cdc.user_id, []).append(f"Chargé·e de coopération — {cdc.convention}")
    enrolled = set(
        TOTPDevice.objects.filter(user_id__in=ids, confirmed=True).values_list("user_id", flat=True)
    )
    last_reset: dict[int, object] = {}
    history = UserModel.history.filter(
        id__in=ids, history_change_reason=TWO_FACTOR_RESET_REASON
    ).select_related("history_user")
    for record in history.order_by("history_date"):
        last_reset[record.id] = record
    return [
        {
            "user": user,
            "roles": roles.get(user.pk, []),
            "enrolled": user.pk in enrolled,
            "must_enrol": user.two_factor_must_enrol,
            "last_reset": last_reset.get(user.pk),
        }
        for user in UserModel.objects.filter(pk__in=ids).order_by("full_name", "email")
    ]
