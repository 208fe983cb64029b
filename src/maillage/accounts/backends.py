"""Authentication backends."""

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """Axes' lockout for every login made through a request.

    Authentication without a request (a management command, the shell) has no address to
    lock and is left to the next backend instead of raising.
    """

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """Count failures per address whatever its case, as the login matches it."""
    source = credentials if credentials else request.POST
    return str(source.get("username", "") or "").strip().lower()
