"""Enrolment in and verification of the second factor (TOTP)."""

from __future__ import annotations

import base64
import logging

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from maillage.accounts.http import AuthenticatedRequest
from maillage.core.params import next_param, safe_next

from . import services
from .twofactor import (
    SESSION_KEY,
    confirmed_device,
    normalise_recovery_code,
    pending_device,
    recovery_device,
    two_factor_required,
)

security_log = logging.getLogger("maillage.security")
PENDING_KEY = "maillage_2fa_pending_key"
THROTTLED = "Trop de codes erronés : patientez quelques instants avant de réessayer."


class TokenForm(forms.Form):
    token = forms.RegexField(
        label="Code à 6 chiffres",
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": "Le code comporte 6 chiffres."},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


def _next(request: AuthenticatedRequest) -> str:
    return safe_next(request, next_param(request, "next"), "/")


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@require_http_methods(["GET", "POST"])
def setup(request: AuthenticatedRequest) -> HttpResponse:
    """Every user can enrol; Caf responsables and administrators must before going on."""
    user = request.user
    if confirmed_device(user) is not None and not user.is_verified():  # type: ignore[attr-defined]  # OTPMiddleware
        return redirect("accounts:two_factor_verify")
    # Until a first code is tried the secret waits in the session: a GET writes nothing.
    # From then on the one pending device holds it, and its failures are throttled.
    pending = pending_device(user)
    key = pending.key if pending is not None else request.session.get(PENDING_KEY)
    key = key or random_hex(20)
    request.session[PENDING_KEY] = key
    device = pending or TOTPDevice(user=user, name=services.DEVICE_NAME, key=key, confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.two_factor_pending_device(user=user, key=key)
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            security_log.warning("2fa enrolment throttled user=%s", user.uuid)
            form.add_error("token", THROTTLED)
        elif device.verify_token(form.cleaned_data["token"].strip()):
            codes = services.two_factor_confirm(device=device)
            del request.session[PENDING_KEY]
            otp_login(request, device)
            request.session[SESSION_KEY] = ""
            messages.success(request, "La double authentification est activée sur votre compte.")
            return _show_recovery_codes(request, codes)
        else:
            security_log.warning("2fa enrolment code refused user=%s", user.uuid)
            form.add_error(
                "token", "Ce code n'est pas valable : vérifiez l'heure de votre téléphone."
            )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 — generated SVG, no user input
            "secret": base64.b32encode(device.bin_key).decode(),
            "required": two_factor_required(user),
            "reset": user.two_factor_must_enrol,
            "enrolled": confirmed_device(user) is not None,
            "next": _next(request),
        },
    )


def _show_recovery_codes(request: AuthenticatedRequest, codes: list[str]) -> HttpResponse:
    """The codes are shown in this response only (pages are never cached): not stored in clear
    anywhere the user could come back to."""
    return render(
        request, "accounts/two_factor_recovery_codes.html", {"codes": codes, "next": _next(request)}
    )


class VerifyForm(forms.Form):
    token = forms.CharField(
        label="Code à 6 chiffres ou code de secours",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )


@require_http_methods(["GET", "POST"])
def verify(request: AuthenticatedRequest) -> HttpResponse:
    """The second step of the login: a code of the application, or a single-use recovery code."""
    user = request.user
    device = confirmed_device(user)
    if device is None:
        return redirect("accounts:two_factor_setup")
    if user.is_verified():  # type: ignore[attr-defined]  # OTPMiddleware
        return redirect(_next(request))
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = "".join(form.cleaned_data["token"].split())
        used: TOTPDevice | StaticDevice | None = device
        if not (len(token) == 6 and token.isdigit()):
            used = recovery_device(user)
            token = normalise_recovery_code(token)
        allowed = used is not None and used.verify_is_allowed()[0]
        if used is not None and not allowed:
            security_log.warning("2fa throttled user=%s", user.uuid)
            form.add_error("token", THROTTLED)
        elif used is not None and used.verify_token(token):
            otp_login(request, used)
            kind = "recovery code" if isinstance(used, StaticDevice) else "code"
            security_log.info("2fa verified with %s user=%s", kind, user.uuid)
            if isinstance(used, StaticDevice):
                left = used.token_set.count()
                messages.warning(
                    request,
                    f"Code de secours utilisé : il vous en reste {left}. "
                    "Vous pouvez en générer de nouveaux dans « Double authentification ».",
                )
            return redirect(_next(request))
        else:
            security_log.warning("2fa code refused user=%s", user.uuid)
            form.add_error("token", "Ce code n'est pas valable ou a déjà servi.")
    return render(
        request,
        "accounts/two_factor_verify.html",
        {
            "form": form,
            "next": _next(request),
        },
    )


@require_http_methods(["GET", "POST"])
def recovery_codes(request: AuthenticatedRequest) -> HttpResponse:
    """New recovery codes for a user whose second factor is active (shown once)."""
    user = request.user
    if confirmed_device(user) is None:
        return redirect("accounts:two_factor_setup")
    if request.method == "POST":
        return _show_recovery_codes(request, services.recovery_codes_regenerate(user=user))
    device = recovery_device(user)
    return render(
        request,
        "accounts/two_factor_recovery.html",
        {"left": device.token_set.count() if device is not None else 0},
    )
