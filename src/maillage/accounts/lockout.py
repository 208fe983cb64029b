"""Lockout after failed logins: per (account, address) pair, with a ceiling per address.

Axes locks the pair (``AXES_LOCKOUT_PARAMETERS``), so failures with made-up e-mails never
lock the real users behind the same address, and nobody can lock an account from elsewhere.
A much higher ceiling of failures per address, across accounts, still stops a password
spraying run from one address.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def failures_from_address(request: HttpRequest, address: str) -> int:
    """Failed logins from one address in the cool-off window, whatever the account."""
    attempts = AccessAttempt.objects.filter(ip_address=address)
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    total = attempts.aggregate(total=Sum("failures_since_start"))["total"]
    return int(total or 0)


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, plus the ceiling of failures per address.

    Axes decides both "is this request locked?" and "does this failure lock?" from
    ``get_failures``, so an address over its ceiling counts as the pair's limit reached.
    """

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        failures = int(super().get_failures(request, credentials))
        address = getattr(request, "axes_ip_address", None)
        if address and (
            failures_from_address(request, address) >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
        ):
            return max(failures, get_failure_limit(request, credentials))
        return failures
