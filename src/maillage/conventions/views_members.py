"""The members of a CTG: invite, change a role, end an access."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST

from maillage.core.formats import de
from maillage.core.once import creates_once, once

from . import services
from .context import CtgRequest, ctg_render, ctg_view
from .forms import InviteForm, RoleForm
from .models import ConventionMembership


def _memberships(request: CtgRequest) -> QuerySet[ConventionMembership]:
    return (
        ConventionMembership.objects.filter(convention=request.ctg)
        .select_related("user", "invited_by")
        .order_by("-is_active", "role", "user__full_name")
    )


@require_http_methods(["GET", "POST"])
@ctg_view()
@creates_once
def members(request: CtgRequest) -> HttpResponse:
    convention = request.ctg
    manage = request.ctg_perms["can_manage_members"]
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                with once(request):
                    invitation = services.member_invite(
                        convention=convention,
                        by=request.user,
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
    return ctg_render(
        request,
        "conventions/members.html",
        memberships=_memberships(request),
        form=form,
        can_manage=manage,
        role_form=RoleForm(),
    )


def _membership(request: CtgRequest, membership_uuid: uuid.UUID) -> ConventionMembership:
    return get_object_or_404(
        ConventionMembership.objects.select_related("user", "convention"),
        convention=request.ctg,
        uuid=membership_uuid,
    )


@require_POST
@ctg_view("can_manage_members")
def member_role(request: CtgRequest, membership_uuid: uuid.UUID) -> HttpResponse:
    membership = _membership(request, membership_uuid)
    form = RoleForm(request.POST)
    if form.is_valid():
        services.member_change_role(
            membership=membership, by=request.user, role=form.cleaned_data["role"]
        )
        messages.success(
            request, f"Rôle {de(str(membership.user))} : {membership.get_role_display()}."
        )
    else:
        messages.error(request, "Rôle inconnu : rien n'a été modifié.")
    return redirect("conventions:members", convention_uuid=request.ctg.uuid)


@require_POST
@ctg_view("can_manage_members")
def member_deactivate(request: CtgRequest, membership_uuid: uuid.UUID) -> HttpResponse:
    membership = _membership(request, membership_uuid)
    try:
        services.member_deactivate(membership=membership, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{membership.user} n'a plus accès à cette CTG.")
    return redirect("conventions:members", convention_uuid=request.ctg.uuid)
