"""Two-factor authentication (TOTP): who must use it, and the login-time flag."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

SESSION_KEY = "maillage_2fa"
ENROL, VERIFY = "enrol", "verify"


# Rules contributed by the apps that know roles (e.g. "a Caf responsable"): accounts knows
# users only, so the apps above it register who else must use a second factor.
_REQUIREMENTS: list[Callable[[User], bool]] = []


def requires_two_factor(rule: Callable[[User], bool]) -> Callable[[User], bool]:
    """Register a rule saying that some users must use a second factor (a decorator)."""
    _REQUIREMENTS.append(rule)
    return rule


def two_factor_required(user: User) -> bool:
    """Platform administrators, and whoever a registered rule names, must use a second factor."""
    return bool(user.is_superuser or user.is_staff) or any(rule(user) for rule in _REQUIREMENTS)


def confirmed_device(user: User) -> TOTPDevice | None:
    """The user's active authenticator application, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: User) -> TOTPDevice | None:
    """The device being enrolled: at most one per user, so its failures are throttled."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()


def recovery_device(user: User) -> StaticDevice | None:
    """The user's single-use recovery codes, if any."""
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def normalise_recovery_code(text: str) -> str:
    """Recovery codes are read without case, spaces or dashes (as people copy them)."""
    return "".join(text.split()).replace("-", "").lower()


def pending_step(user: User) -> str:
    """What the user must do after the password: verify a code, enrol, or nothing."""
    if confirmed_device(user) is not None:
        return VERIFY
    if two_factor_required(user) or user.two_factor_must_enrol:
        return ENROL
    return ""


@receiver(user_logged_in)
def remember_second_factor_step(
    sender: Any, request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    """Decide once per login whether a second factor is due (no query on later requests)."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = pending_step(user)
