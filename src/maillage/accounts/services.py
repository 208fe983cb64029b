"""Writes on accounts: invitation links, deactivation, preferences."""

from __future__ import annotations

import logging

from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User
from .twofactor import pending_device

security_log = logging.getLogger("maillage.security")


def invitation_path(user: User) -> str:
    """The path of the link that lets an invited user choose a password."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:invitation", kwargs={"uidb64": uidb64, "token": token})


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
    *,
    user: User,
    full_name: str,
    phone: str,
    notify_assignments: bool,
    notify_minutes: bool,
) -> User:
    """A user changes their own name, phone and notification choices."""
    user.full_name, user.phone = full_name, phone
    user.notify_assignments, user.notify_minutes = notify_assignments, notify_minutes
    user._history_user = user  # type: ignore[attr-defined]
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "phone", "notify_assignments", "notify_minutes"])
    return user


DEVICE_NAME = "Application d'authentification"


@transaction.atomic
def two_factor_pending_device(*, user: User, key: str) -> TOTPDevice:
    """The user's one device being enrolled, created with ``key`` if there is none.

    Reusing it for every code tried keeps django-otp's throttling (stored on the device)
    in force: a new device for each attempt would start from zero failures each time.
    """
    User.objects.select_for_update().filter(pk=user.pk).first()  # one enrolment at a time
    device = pending_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=key, confirmed=False)
    return device


RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "Codes de secours"


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    """New single-use recovery codes for the user; the former ones stop working.

    The codes are returned to be shown once; they cannot be displayed again afterwards.
    """
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes: list[str] = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    security_log.info("2fa recovery codes generated user=%s", user.uuid)
    return codes


@transaction.atomic
def two_factor_confirm(*, device: TOTPDevice) -> list[str]:
    """The enrolled device becomes the user's only authenticator application.

    Returns the new recovery codes, to be shown once.
    """
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    user: User = device.user
    if user.two_factor_must_enrol:
        user.two_factor_must_enrol = False
        user._history_user = user  # type: ignore[attr-defined]
        user.save(update_fields=["two_factor_must_enrol"])
    security_log.info("2fa enrolled user=%s", user.uuid)
    return recovery_codes_regenerate(user=user)


TWO_FACTOR_RESET_REASON = "Double authentification réinitialisée"


@transaction.atomic
def two_factor_reset(*, user: User, by: User) -> None:
    """Remove a user's second factor (lost phone): they enrol again at their next login.

    Who may do it is the caller's rule (the Caf's responsable for its people). The change
    is kept in the user's history with its author, and their open sessions end, since a
    session verified with the removed device must not go on without it.
    """
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user.two_factor_must_enrol = True
    user._history_user = by  # type: ignore[attr-defined]
    user._change_reason = TWO_FACTOR_RESET_REASON  # type: ignore[attr-defined]
    user.save(update_fields=["two_factor_must_enrol"])
    transaction.on_commit(lambda: end_sessions(user))
    security_log.info("2fa reset user=%s by=%s", user.uuid, by.uuid)
