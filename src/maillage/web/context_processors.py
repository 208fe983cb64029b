"""Data every page's header needs: the CTGs the user can switch between, the Caf menu of
the CAF roles, and the banner of undelivered e-mails.

Each item is lazy and costs at most one query, whatever the number of CTGs or Cafs.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from maillage.conventions.selectors import header_cafs, user_cafs, user_conventions
from maillage.organisations.models import Caf
from maillage.outbox.selectors import undelivered_count

# The Caf menu's entries (key, URL name, label), and the entry each Caf page belongs to.
CAF_MENU: tuple[tuple[str, str, str], ...] = (
    ("compliance", "departement:compliance", "Suivi des CTG"),
    ("reports", "activity:caf_reports", "Rapports"),
    ("map", "departement:map", "Carte"),
    ("contacts", "departement:contacts", "Contacts Caf"),
    ("network", "departement:network", "Réseau"),
)
_SECTION_OF_VIEW = {
    "departement:compliance": "compliance",
    "departement:compliance_export": "compliance",
    "activity:caf_reports": "reports",
    "activity:caf_due_date_delete": "reports",
    "departement:map": "map",
    "departement:contacts": "contacts",
    "departement:contacts_edit": "contacts",
    "departement:team_two_factor": "contacts",
    "departement:team_two_factor_reset": "contacts",
}


def _section(view_name: str) -> str:
    """Which entry of the Caf menu a page belongs to ("" for none)."""
    if view_name.startswith("departement:network"):
        return "network"
    return _SECTION_OF_VIEW.get(view_name, "")


def caf_menu(request: HttpRequest, cafs: list[Caf]) -> dict[str, Any] | None:
    """The header's Caf menu, for a user with a CAF role: the Caf it points to (the page's
    own Caf if it is one of theirs, else the first by name), its entries and the current one.
    None for a user without a CAF role."""
    own = [caf for caf in cafs if getattr(caf, "has_caf_role", False)]
    if not own:
        return None
    match = request.resolver_match
    page_caf = str(match.kwargs.get("caf_uuid", "")) if match else ""
    caf = next((c for c in own if str(c.uuid) == page_caf), own[0])
    current = _section(match.view_name) if match and str(caf.uuid) == page_caf else ""
    return {
        "caf": caf,
        "entries": [
            {"url_name": url_name, "label": label, "current": key == current}
            for key, url_name, label in CAF_MENU
        ],
    }


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    cafs = SimpleLazyObject(lambda: header_cafs(user))
    return {
        "nav_conventions": SimpleLazyObject(
            lambda: list(user_conventions(user).only("uuid", "name"))
        ),
        "nav_cafs": SimpleLazyObject(lambda: list(user_cafs(user))),
        # The Caf whose map of the département the header links to (the collectivité side).
        "nav_map_caf": SimpleLazyObject(lambda: cafs[0] if cafs else None),
        # The CAF roles' menu: the Caf's pages (same query as the map's Caf).
        "nav_caf_menu": SimpleLazyObject(lambda: caf_menu(request, list(cafs))),
        "nav_view_name": request.resolver_match.view_name if request.resolver_match else "",
        # The e-mails the user caused that could not be delivered: one query, on full
        # pages only (the banner is in the base template).
        "nav_undelivered": SimpleLazyObject(lambda: {"count": undelivered_count(user)}),
    }
