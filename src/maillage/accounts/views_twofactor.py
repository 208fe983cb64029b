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
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from maillage.accounts.http import AuthenticatedRequest
from maillage.core.params import next_param, safe_next

from .twofactor import SESSION_KEY, confirmed_device, two_factor_required

security_log = logging.getLogger("maillage.security")
PENDING_KEY = "maillage_2fa_pending_key"


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
    # The secret waits in the session until a code proves it was scanned: a GET writes nothing.
    key = request.session.get(PENDING_KEY) or random_hex(20)
    request.session[PENDING_KEY] = key
    device = TOTPDevice(user=user, name="Application d'authentification", key=key, confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save()
            del request.session[PENDING_KEY]
            otp_login(request, device)
            request.session[SESSION_KEY] = ""
            security_log.info("2fa enrolled user=%s", user.uuid)
            messages.success(request, "La double authentification est activée sur votre compte.")
            return redirect(_next(request))
        security_log.warning("2fa enrolment code refused user=%s", user.uuid)
        form.add_error("token", "Ce code n'est pas valable : vérifiez l'heure de votre téléphone.")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 — generated SVG, no user input
            "secret": base64.b32encode(device.bin_key).decode(),
            "required": two_factor_required(user),
            "enrolled": confirmed_device(user) is not None,
            "next": _next(request),
        },
    )


@require_http_methods(["GET", "POST"])
def verify(request: AuthenticatedRequest) -> HttpResponse:
    """The second step of the login for users with a confirmed device."""
    user = request.user
    device = confirmed_device(user)
    if device is None:
        return redirect("accounts:two_factor_setup")
    if user.is_verified():  # type: ignore[attr-defined]  # OTPMiddleware
        return redirect(_next(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            otp_login(request, device)
            security_log.info("2fa verified user=%s", user.uuid)
            return redirect(_next(request))
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
