"""The CTG or the Caf a request is about, resolved once with the user's roles and rights.

A page of a CTG is decorated with :func:`ctg_view`: the decorator reads the CTG named by
the URL's ``convention_uuid`` in one query (scoped by ``visible_to``, the user's roles
read in the same query), answers 404 for a missing CTG and for one the user may not see
alike, and sets on the request:

- ``request.ctg``: the :class:`~maillage.conventions.models.Convention`;
- ``request.ctg_roles``: the user's active roles on it, its own and its Caf's;
- ``request.ctg_perms``: the flags the page's tabs and buttons need (see
  :func:`~maillage.conventions.permissions.convention_permissions`), plus those of the
  ``flags`` the view asks for (e.g. ``plans.permissions.plan_permissions``).

``require`` names one of these flags (or gives a predicate): a user who sees the CTG but
lacks that right gets a 403. :func:`ctg_render` renders a template with the CTG and its
flags, so that a view passes only what is its own.

A page of a Caf is decorated with :func:`caf_view` the same way (``caf_uuid``,
``request.caf``, ``request.caf_roles``, ``request.caf_perms``, :func:`caf_render`).

The roles read with the CTG or the Caf are handed to the predicates' per-user cache:
checking a right later in the request costs no query.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import render

from maillage.accounts.http import AuthenticatedRequest
from maillage.organisations.models import Caf

from .enums import CafRole, ConventionRole
from .models import CafMembership, Convention, ConventionMembership
from .permissions import (
    caf_permissions,
    convention_permissions,
    remember_caf_roles,
    remember_roles,
)
from .selectors import cafs_of

if TYPE_CHECKING:
    from maillage.accounts.models import User

Flags = Callable[[Any, Convention], Mapping[str, bool]]
"""A function giving, for a user and a CTG, the flags an app's pages need."""

Requirement = str | Callable[[Any, Any], Any] | None
"""The right a page requires: the name of one of its flags, or a predicate (user, object)."""

View = TypeVar("View", bound=Callable[..., HttpResponse])

_CAF_ROLE_FIELDS = {role: f"_is_{role}" for role in CafRole.values}


class CtgRequest(AuthenticatedRequest):
    """A request whose CTG :func:`ctg_view` has resolved (for type annotations)."""

    ctg: Convention
    ctg_roles: frozenset[str]
    ctg_perms: dict[str, bool]


class CafRequest(AuthenticatedRequest):
    """A request whose Caf :func:`caf_view` has resolved (for type annotations)."""

    caf: Caf
    caf_roles: frozenset[str]
    caf_perms: dict[str, bool]


def _with_caf_roles(qs: Any, user: User, caf_field: str) -> Any:
    """Annotate, for each CAF role, whether the user holds it at the Caf ``caf_field``."""
    return qs.annotate(
        **{
            name: Exists(
                CafMembership.objects.filter(
                    caf=OuterRef(caf_field), user=user, is_active=True, role=role
                )
            )
            for role, name in _CAF_ROLE_FIELDS.items()
        }
    )


def _caf_roles_of(obj: Any) -> set[str]:
    return {role for role, name in _CAF_ROLE_FIELDS.items() if getattr(obj, name)}


def _allowed(require: Requirement, perms: Mapping[str, bool], user: User, obj: Any) -> bool:
    if require is None:
        return True
    if isinstance(require, str):
        try:
            return bool(perms[require])
        except KeyError as exc:  # a misspelt right fails loudly, never grants nor denies
            raise ImproperlyConfigured(f"No flag of this page is named {require!r}.") from exc
    return bool(require(user, obj))


# ----------------------------------------------------------------------------- CTG


def resolve_ctg(
    request: AuthenticatedRequest,
    convention_uuid: uuid.UUID | str,
    *,
    flags: Sequence[Flags] = (),
    listing: bool = False,
) -> Convention:
    """Read the CTG of a request with the user's roles on it (one query) and set
    ``request.ctg``, ``request.ctg_roles`` and ``request.ctg_perms``.

    ``listing`` reads what a table of CTGs shows (status, population, number of
    communes), for the pages that print it. 404 for a missing CTG and one the user may not
    see alike.
    """
    user = request.user
    if not user.is_authenticated:
        raise Http404("CTG introuvable.")
    qs = Convention.objects.visible_to(user)
    qs = qs.for_listing() if listing else qs.select_related("caf", "epci", "cdt")
    member_role = ConventionMembership.objects.filter(
        convention=OuterRef("pk"), user=user, is_active=True
    ).values("role")[:1]
    qs = _with_caf_roles(qs.annotate(_member_role=Subquery(member_role)), user, "caf_id")
    try:
        convention = qs.get(uuid=convention_uuid)
    except (Convention.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("CTG introuvable.") from exc
    roles = _caf_roles_of(convention)
    if convention._member_role:
        roles.add(convention._member_role)
    remember_roles(user, convention, frozenset(roles))
    perms = convention_permissions(user, convention)
    for provider in flags:
        perms.update(provider(user, convention))
    ctg_request = cast(CtgRequest, request)
    ctg_request.ctg = convention
    ctg_request.ctg_roles = frozenset(roles)
    ctg_request.ctg_perms = perms
    return convention


def ctg_view(
    require: Requirement = None, *, flags: Sequence[Flags] = (), listing: bool = False
) -> Callable[[View], View]:
    """Decorate a view of a CTG's page: the CTG of the URL's ``convention_uuid`` is
    resolved before the view runs (see :func:`resolve_ctg`), and the view is called
    without that argument.

    ``require``: the flag (among the CTG's and ``flags``') or the predicate a user who sees
    the CTG must hold, else 403.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(
            request: AuthenticatedRequest, *args: Any, convention_uuid: uuid.UUID, **kwargs: Any
        ) -> HttpResponse:
            convention = resolve_ctg(request, convention_uuid, flags=flags, listing=listing)
            if not _allowed(require, request.ctg_perms, request.user, convention):  # type: ignore[attr-defined]
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return cast(View, wrapper)

    return decorate


def ctg_context(request: AuthenticatedRequest, **context: Any) -> dict[str, Any]:
    """The context of a CTG's page: the CTG (as ``convention`` and ``ctg``), the user's
    roles, the page's flags, then the view's own ``context``."""
    ctg_request = cast(CtgRequest, request)
    return {
        "convention": ctg_request.ctg,
        "ctg": ctg_request.ctg,
        "ctg_roles": ctg_request.ctg_roles,
        **ctg_request.ctg_perms,
        **context,
    }


def ctg_render(
    request: AuthenticatedRequest, template: str, *, status: int | None = None, **context: Any
) -> HttpResponse:
    """Render a CTG's page with its CTG and flags (see :func:`ctg_context`)."""
    return render(request, template, ctg_context(request, **context), status=status)


# ----------------------------------------------------------------------------- Caf


def resolve_caf(request: AuthenticatedRequest, caf_uuid: uuid.UUID | str) -> Caf:
    """Read the Caf of a request with the user's roles there (one query) and set
    ``request.caf``, ``request.caf_roles`` and ``request.caf_perms``.

    A Caf is the user's by a CAF role or by a role on one of its CTGs (platform
    administrators: every Caf); 404 for a missing Caf and another's alike.
    """
    user = request.user
    if not user.is_authenticated:
        raise Http404("Caf introuvable.")
    qs = Caf.objects.all() if user.is_superuser else cafs_of(user)
    cdc = ConventionMembership.objects.filter(
        user=user, convention__caf=OuterRef("pk"), role=ConventionRole.CDC, is_active=True
    )
    qs = _with_caf_roles(qs.select_related("departement"), user, "pk").annotate(
        _is_cdc_here=Exists(cdc)
    )
    try:
        caf = qs.get(uuid=caf_uuid)
    except (Caf.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Caf introuvable.") from exc
    roles = frozenset(_caf_roles_of(caf))
    remember_caf_roles(user, caf, roles, cdc=caf._is_cdc_here)
    caf_request = cast(CafRequest, request)
    caf_request.caf = caf
    caf_request.caf_roles = roles
    caf_request.caf_perms = caf_permissions(user, caf)
    return caf


def caf_view(require: Requirement = None) -> Callable[[View], View]:
    """Decorate a view of a Caf's page: the Caf of the URL's ``caf_uuid`` is resolved
    before the view runs (see :func:`resolve_caf`), and the view is called without that
    argument. ``require``: the flag or predicate the user must hold there, else 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(
            request: AuthenticatedRequest, *args: Any, caf_uuid: uuid.UUID, **kwargs: Any
        ) -> HttpResponse:
            caf = resolve_caf(request, caf_uuid)
            if not _allowed(require, request.caf_perms, request.user, caf):  # type: ignore[attr-defined]
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return cast(View, wrapper)

    return decorate


def caf_context(request: AuthenticatedRequest, **context: Any) -> dict[str, Any]:
    """The context of a Caf's page: the Caf, the user's roles there, its flags, then the
    view's own ``context``."""
    caf_request = cast(CafRequest, request)
    return {
        "caf": caf_request.caf,
        "caf_roles": caf_request.caf_roles,
        **caf_request.caf_perms,
        **context,
    }


def caf_render(
    request: AuthenticatedRequest, template: str, *, status: int | None = None, **context: Any
) -> HttpResponse:
    """Render a Caf's page with its Caf and flags (see :func:`caf_context`)."""
    return render(request, template, caf_context(request, **context), status=status)
