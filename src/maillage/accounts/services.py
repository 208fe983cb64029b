"""Writes on accounts: invitations, roles, deactivation."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from maillage.conventions.models import Convention

from .enums import ConventionRole
from .models import ConventionMembership, User

security_log = logging.getLogger("maillage.security")


@dataclass(frozen=True)
class Invitation:
    membership: ConventionMembership
    new_user: bool


def invitation_path(user: User) -> str:
    """The path of the link that lets an invited user choose a password."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:invitation", kwargs={"uidb64": uidb64, "token": token})


def _send_invitation(*, membership: ConventionMembership, new_user: bool, base_url: str) -> None:
    user = membership.user
    context = {
        "membership": membership,
        "convention": membership.convention,
        "invited_by": membership.invited_by,
        "link": base_url.rstrip("/")
        + (
            invitation_path(user)
            if new_user
            else reverse(
                "conventions:detail", kwargs={"convention_uuid": membership.convention.uuid}
            )
        ),
        "new_user": new_user,
    }
    send_mail(
        subject=f"Maillage — invitation à la CTG {membership.convention.name}",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def member_invite(
    *, convention: Convention, by: User, email: str, full_name: str, role: str, base_url: str
) -> Invitation:
    """Invite a person to a CTG with a role; the e-mail leaves after commit.

    A new address gets an account without password and a link to choose one; an
    existing account gets the membership (reactivated if it had been deactivated).
    Raises ValidationError if the person is already an active member.
    """
    if role not in ConventionRole.values:
        raise ValidationError("Rôle inconnu.")
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    new_user = user is None or not user.has_usable_password()
    if user is None:
        user = User(email=email, full_name=full_name.strip())
        user.set_unusable_password()
        user.full_clean()
        user.save()
    membership = ConventionMembership.objects.filter(user=user, convention=convention).first()
    if membership is not None and membership.is_active:
        raise ValidationError(f"{user.email} est déjà membre de cette CTG.")
    if membership is None:
        membership = ConventionMembership(user=user, convention=convention)
    membership.role = role
    membership.is_active = True
    membership.deactivated_at = None
    membership.invited_by = by
    membership._history_user = by  # type: ignore[attr-defined]
    membership.full_clean()
    membership.save()
    transaction.on_commit(
        lambda: _send_invitation(membership=membership, new_user=new_user, base_url=base_url)
    )
    return Invitation(membership=membership, new_user=new_user)


@transaction.atomic
def member_change_role(*, membership: ConventionMembership, by: User, role: str) -> None:
    """Give a member another role on the CTG."""
    if role not in ConventionRole.values:
        raise ValidationError("Rôle inconnu.")
    membership.role = role
    membership._history_user = by  # type: ignore[attr-defined]
    membership.save(update_fields=["role"])


@transaction.atomic
def member_deactivate(*, membership: ConventionMembership, by: User) -> None:
    """End a member's access to the CTG; the membership is kept for history."""
    if membership.user_id == by.pk:
        raise ValidationError("Vous ne pouvez pas retirer votre propre accès.")
    membership.is_active = False
    membership.deactivated_at = timezone.now()
    membership._history_user = by  # type: ignore[attr-defined]
    membership.save(update_fields=["is_active", "deactivated_at"])
    security_log.info(
        "membership deactivated user=%s convention=%s by=%s",
        membership.user.uuid,
        membership.convention.uuid,
        by.uuid,
    )


def end_sessions(user: User) -> int:
    """Delete every stored session of a user; returns how many."""
    keys = [
        s.session_key
        for s in Session.objects.filter(expire_date__gt=timezone.now())
        if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(session_key__in=keys).delete()
    return len(keys)


@transaction.atomic
def user_deactivate(*, user: User, by: User | None = None) -> None:
    """Deactivate an account: it can no longer log in and its sessions end."""
    user.is_active = False
    if by is not None:
        user._history_user = by  # type: ignore[attr-defined]
    user.save(update_fields=["is_active"])
    transaction.on_commit(lambda: end_sessions(user))
    security_log.info("user deactivated user=%s", user.uuid)


@transaction.atomic
def user_update_preferences(
    *, user: User, full_name: str, phone: str, notify_assignments: bool
) -> User:
    """A user changes their own name, phone and notification choice."""
    user.full_name, user.phone, user.notify_assignments = full_name, phone, notify_assignments
    user._history_user = user  # type: ignore[attr-defined]
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "phone", "notify_assignments"])
    return user
