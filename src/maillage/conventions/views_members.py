"""The members of a CTG: invite, change a role, end an access."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .forms import InviteForm, RoleForm
from .models import ConventionMembership
from .permissions import can_manage_members, convention_permissions
from .selectors import get_convention_for_user


def _managed(request: HttpRequest, convention_uuid: uuid.UUID):  # type: ignore[no-untyped-def]
    convention = get_convention_for_user(request.user, convention_uuid)
    if not can_manage_members(request.user, convention):
        raise PermissionDenied
    return convention


def _members_context(convention, **extra):  # type: ignore[no-untyped-def]
    memberships = (
        ConventionMembership.objects.filter(convention=convention)
        .select_related("user", "invited_by")
        .order_by("-is_active", "role", "user__full_name")
    )
    return {"convention": convention, "memberships": memberships, **extra}


@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, convention_uuid: uuid.UUID) -> HttpResponse:
    convention = get_convention_for_user(request.user, convention_uuid)
    manage = can_manage_members(request.user, convention)
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                invitation = services.member_invite(
                    convention=convention,
                    by=request.user,
                    base_url=request.build_absolute_uri("/"),
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                user = invitation.membership.user
                messages.success(
                    request,
                    f"Invitation envoyée à {user.email}."
                    if invitation.new_user
                    else f"{user} a maintenant accès à la CTG ; un e-mail l'en informe.",
                )
                return redirect("conventions:members", convention_uuid=convention.uuid)
    return render(
        request,
        "conventions/members.html",
        _members_context(
            convention,
            form=form,
            can_manage=manage,
            role_form=RoleForm(),
            **convention_permissions(request.user, convention),
        ),
    )


def _membership(request: HttpRequest, convention_uuid: uuid.UUID, membership_uuid: uuid.UUID):  # type: ignore[no-untyped-def]
    convention = _managed(request, convention_uuid)
    return get_object_or_404(
        ConventionMembership.objects.select_related("user", "convention"),
        convention=convention,
        uuid=membership_uuid,
    )


@require_POST
def member_role(
    request: HttpRequest, convention_uuid: uuid.UUID, membership_uuid: uuid.UUID
) -> HttpResponse:
    membership = _membership(request, convention_uuid, membership_uuid)
    form = RoleForm(request.POST)
    if form.is_valid():
        services.member_change_role(
            membership=membership, by=request.user, role=form.cleaned_data["role"]
        )
        messages.success(request, f"Rôle de {membership.user} : {membership.get_role_display()}.")
    else:
        messages.error(request, "Rôle inconnu : rien n'a été modifié.")
    return redirect("conventions:members", convention_uuid=convention_uuid)


@require_POST
def member_deactivate(
    request: HttpRequest, convention_uuid: uuid.UUID, membership_uuid: uuid.UUID
) -> HttpResponse:
    membership = _membership(request, convention_uuid, membership_uuid)
    try:
        services.member_deactivate(membership=membership, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{membership.user} n'a plus accès à cette CTG.")
    return redirect("conventions:members", convention_uuid=convention_uuid)
