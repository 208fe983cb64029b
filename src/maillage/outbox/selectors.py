"""Reads of the outbox: a sender's undelivered messages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

if TYPE_CHECKING:  # the accounts are a layer above: named in annotations only
    from maillage.accounts.models import User


from .enums import OutboxStatus
from .models import OutboxMessage


def undelivered_of(user: User) -> QuerySet[OutboxMessage]:
    """The messages the user caused that could not be delivered and are not dismissed."""
    return OutboxMessage.objects.filter(
        sender=user, status=OutboxStatus.ECHEC, dismissed_at__isnull=True
    )


def undelivered_count(user: User) -> int:
    """How many of them there are (the banner of every page: one query on an index)."""
    return undelivered_of(user).count()
