"""Holds a user who owes a second factor on the verification (or enrolment) page."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .twofactor import ENROL, SESSION_KEY, VERIFY

EXEMPT_URL_NAMES = {"logout", "two_factor_verify", "two_factor_setup"}


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        step = request.session.get(SESSION_KEY, "")
        if not step or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.url_name in EXEMPT_URL_NAMES:
            return None
        if not getattr(view_func, "login_required", True):  # public pages stay public
            return None
        target = "accounts:two_factor_verify" if step == VERIFY else "accounts:two_factor_setup"
        if step not in (VERIFY, ENROL):
            return None
        return redirect(f"{reverse(target)}?next={request.get_full_path()}")
