"""Reads on CTGs, always scoped to what the user may see."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404

from maillage.conventions.enums import CafRole
from maillage.organisations.models import Caf

from .enums import ConventionStatus
from .models import CafMembership, Convention, ConventionMembership, Signatory

if TYPE_CHECKING:
    from maillage.accounts.models import User


def get_convention_for_user(user: User, convention_uuid: uuid.UUID | str) -> Convention:
    """The CTG with this UUID if the user may see it; 404 for missing and not yours alike."""
    try:
        return Convention.objects.visible_to(user).for_listing().get(uuid=convention_uuid)
    except (Convention.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("CTG introuvable.") from exc


def cafs_of(user: User) -> QuerySet[Caf]:
    """The Cafs a user belongs to: by a CAF role, or by a role on one of its CTGs."""
    if not user.is_authenticated:
        return Caf.objects.none()
    by_role = CafMembership.objects.filter(
        user=user, is_active=True, role__in=CafRole.values
    ).values("caf_id")
    by_ctg = ConventionMembership.objects.filter(user=user, is_active=True).values(
        "convention__caf_id"
    )
    return Caf.objects.filter(Q(pk__in=by_role) | Q(pk__in=by_ctg)).order_by("name")


def header_cafs(user: User) -> list[Caf]:
    """The Cafs of :func:`cafs_of`, by name, in one query, each with ``has_caf_role``: whether
    the user holds a CAF role there (the header's Caf menu) or only a role on its CTGs."""
    return list(
        cafs_of(user)
        .annotate(
            has_caf_role=Exists(
                CafMembership.objects.filter(
                    caf=OuterRef("pk"), user=user, is_active=True, role__in=CafRole.values
                )
            )
        )
        .only("uuid", "name")
    )


def get_caf_for_user(user: User, caf_uuid: uuid.UUID) -> Caf:
    """A Caf the user belongs to (see :func:`cafs_of`); 404 for missing and not yours alike."""
    try:
        if user.is_superuser:
            return Caf.objects.select_related("departement").get(uuid=caf_uuid)
        return cafs_of(user).select_related("departement").get(uuid=caf_uuid)
    except Caf.DoesNotExist as exc:
        raise Http404("Caf introuvable.") from exc


def convention_overview(convention: Convention) -> Convention:
    """Load, on an already fetched CTG, what its overview shows, in a fixed number of queries."""
    prefetch_related_objects(
        [convention],
        "themes",
        Prefetch("signatories", queryset=Signatory.objects.select_related("organisation")),
        Prefetch(
            "memberships",
            queryset=ConventionMembership.objects.filter(is_active=True)
            .select_related("user")
            .order_by("role", "user__full_name"),
            to_attr="active_memberships",
        ),
    )
    return convention


def user_conventions(user: User) -> QuerySet[Convention]:
    """The CTGs where the user holds an active collectivité-side membership."""
    if not user.is_authenticated:
        return Convention.objects.none()
    return Convention.objects.filter(memberships__user=user, memberships__is_active=True).order_by(
        "name"
    )


def user_cafs(user: User) -> QuerySet[Caf]:
    """The Cafs where the user holds an active CAF role."""
    if not user.is_authenticated:
        return Caf.objects.none()
    return Caf.objects.filter(
        memberships__user=user,
        memberships__is_active=True,
        memberships__role__in=CafRole.values,
    ).distinct()


SORTS = {
    "nom": "name",
    "epci": "epci__name",
    "population": "population",
    "debut": "start_date",
    "fin": "end_date",
    "statut": "status",
    "cdt": "cdt__full_name",
}


@dataclass(frozen=True)
class ConventionFilters:
    """The filters of the Caf's table of CTGs, parsed from the query string."""

    q: str = ""
    status: str = ""
    cdt: str = ""
    mine: bool = False
    sort: str = "nom"
    descending: bool = False

    @classmethod
    def from_query(cls, params: dict[str, str]) -> ConventionFilters:
        sort = params.get("tri", "nom")
        descending = sort.startswith("-")
        sort = sort.lstrip("-")
        status = params.get("statut", "")
        return cls(
            q=params.get("q", "").strip()[:100],
            status=status if status in ConventionStatus.values else "",
            cdt=params.get("cdt", "")[:36],
            mine=params.get("mes_ctg") == "1",
            sort=sort if sort in SORTS else "nom",
            descending=descending,
        )


def caf_conventions(user: User, caf: Caf, filters: ConventionFilters) -> QuerySet[Convention]:
    """The Caf's CTGs visible to the user, filtered and sorted for the table."""
    qs = Convention.objects.visible_to(user).filter(caf=caf).for_listing()
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(epci__name__icontains=filters.q))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.cdt:
        try:
            qs = qs.filter(cdt__uuid=uuid.UUID(filters.cdt))
        except ValueError:
            qs = qs.none()
    if filters.mine:
        qs = qs.filter(cdt=user)
    order = SORTS[filters.sort]
    return qs.order_by(f"-{order}" if filters.descending else order, "name")
