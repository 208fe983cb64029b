"""Reads of the Caf's view of its département, scoped to what the user may see."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from maillage.conventions.enums import CafRole
from maillage.conventions.models import Convention
from maillage.organisations.models import Caf

if TYPE_CHECKING:
    from maillage.accounts.models import User


def cafs_of(user: User) -> QuerySet[Caf]:
    """The Cafs a user belongs to: by a CAF role, or by a role on one of its CTGs."""
    if not user.is_authenticated:
        return Caf.objects.none()
    from maillage.conventions.models import CafMembership, ConventionMembership

    by_role = CafMembership.objects.filter(
        user=user, is_active=True, role__in=CafRole.values
    ).values("caf_id")
    by_ctg = ConventionMembership.objects.filter(user=user, is_active=True).values(
        "convention__caf_id"
    )
    return Caf.objects.filter(Q(pk__in=by_role) | Q(pk__in=by_ctg)).order_by("name")


def get_caf_for_user(user: User, caf_uuid: uuid.UUID) -> Caf:
    """A Caf the user belongs to (see :func:`cafs_of`); 404 for missing and not yours alike."""
    try:
        if user.is_superuser:
            return Caf.objects.select_related("departement").get(uuid=caf_uuid)
        return cafs_of(user).select_related("departement").get(uuid=caf_uuid)
    except Caf.DoesNotExist as exc:
        raise Http404("Caf introuvable.") from exc


def detail_visible_ids(user: User, caf: Caf) -> frozenset[int]:
    """The CTGs of the Caf whose pages the user may open: all for CAF roles, else their own."""
    return frozenset(
        Convention.objects.visible_to(user).filter(caf=caf).values_list("pk", flat=True)
    )


def caf_contacts(caf: Caf) -> dict[str, object]:
    """The Caf's contacts page: CDTs with the CTGs they cover, conseillers, the mailbox."""
    from maillage.conventions.models import CafMembership

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
