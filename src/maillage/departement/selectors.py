"""Reads of the Caf's view of its département, scoped to what the user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from maillage.conventions.enums import CafRole
from maillage.conventions.models import CafMembership, Convention
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
