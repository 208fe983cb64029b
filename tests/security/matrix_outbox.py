"""Access-matrix rows of the outbox (merged by test_access_matrix): the page « Courriels
non remis » shows each user their own undelivered e-mails; the target is one of the CDC's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from maillage.outbox.enums import OutboxStatus
from maillage.outbox.models import OutboxMessage

from ..conftest import World
from .matrix_base import Global, Rule


def _undelivered(world: World, target: str) -> OutboxMessage:
    """An e-mail the CDC of CTG A caused that could not be delivered."""
    cache = world.__dict__.setdefault("_undelivered", {})
    if "cdc" not in cache:
        cache["cdc"] = OutboxMessage.objects.create(
            to=["absent@example.org"],
            subject="Convocation : COPIL",
            body="Bonjour",
            from_email="ne-pas-repondre@maillage.example.org",
            sender=world.users["cdc"],
            status=OutboxStatus.ECHEC,
            attempts=5,
            last_error="Serveur de messagerie injoignable",
        )
    return cache["cdc"]


TARGET_OBJECTS = [_undelivered]

MATRIX: dict[str, dict[str, Rule | Global]] = {
    "outbox:undelivered": {"GET": Global({"*": 200}), "POST": Global({"*": 302})},
    # Only its sender dismisses a message: 404 for anyone else, as for a missing one.
    "outbox:dismiss": {"POST": Global({"*": 404, "cdc": 302})},
}
KWARGS: dict[str, Callable[[World, str], dict[str, Any]]] = {
    "outbox:dismiss": lambda w, t: {"message_uuid": _undelivered(w, t).uuid},
}
POST_DATA: dict[str, Callable[[World, str], dict[str, Any]]] = {}
REDIRECTS: dict[str, str | dict[str, str]] = {
    "outbox:undelivered": "outbox:undelivered",
    "outbox:dismiss": "outbox:undelivered",
}
