"""The type of a request once the login is checked (``LoginRequiredMiddleware``)."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from .models import User


class AuthenticatedRequest(HttpRequest):
    """A request of a logged-in user, with htmx's details (for type annotations only)."""

    user: User
    htmx: HtmxDetails
