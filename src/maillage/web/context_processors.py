"""Data every page's header needs: the CTGs the user can switch between, and the
banner of undelivered e-mails."""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from maillage.conventions.selectors import cafs_of, user_cafs, user_conventions
from maillage.outbox.selectors import undelivered_count


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_conventions": SimpleLazyObject(
            lambda: list(user_conventions(user).only("uuid", "name"))
        ),
        "nav_cafs": SimpleLazyObject(lambda: list(user_cafs(user))),
        # The Caf whose map of the département the header links to.
        "nav_map_caf": SimpleLazyObject(lambda: cafs_of(user).only("uuid").first()),
        # The e-mails the user caused that could not be delivered: one query, on full
        # pages only (the banner is in the base template).
        "nav_undelivered": SimpleLazyObject(lambda: {"count": undelivered_count(user)}),
    }
