"""Security log lines for authentication events (no business logic here)."""

import logging
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from .client_ip import client_ip

security_log = logging.getLogger("maillage.security")


def _address(request: HttpRequest | None) -> str:
    return (client_ip(request) or "-") if request is not None else "-"


@receiver(user_login_failed)
def log_login_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    security_log.warning(
        "login failed username=%r address=%s", credentials.get("username", ""), _address(request)
    )


@receiver(user_logged_in)
def log_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    security_log.info("login user=%s address=%s", user.uuid, _address(request))


@receiver(user_logged_out)
def log_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        security_log.info("logout user=%s address=%s", user.uuid, _address(request))
