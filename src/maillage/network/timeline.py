"""The timeline of a contact or an organisation: what happened with them, newest first.

Each module that holds something about a person or an organisation of the directory
(the interactions logged here, the fiches they pilot, the meetings they attended…)
contributes a source of entries in its ``network_links`` module::

    from maillage.network.timeline import TimelineEntry, contact_history

    @contact_history(order=30)
    def meetings_attended(user, convention, contact) -> Iterator[TimelineEntry]:
        ...

A source shows only what the user may see and runs a fixed number of queries (one,
usually), so that a timeline's query count does not grow with its length.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .models import Contact, Interaction, Partner
from .registry import Registry, qualified_name

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.conventions.models import Convention


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a contact's or an organisation's timeline."""

    date: datetime.date
    kind: str  # a French label: « Réunion », « Fiche pilotée »…
    title: str
    url: str = ""
    detail: str = ""
    interaction: Interaction | None = None


ContactSource = Callable[["User", "Convention", Contact], Iterable[TimelineEntry]]
PartnerSource = Callable[["User", "Convention", Partner], Iterable[TimelineEntry]]

CONTACT_HISTORY: Registry[ContactSource] = Registry("chronologie d'un contact")
PARTNER_HISTORY: Registry[PartnerSource] = Registry("chronologie d'une organisation")


def contact_history(*, order: int = 50) -> Callable[[ContactSource], ContactSource]:
    """Register a source of a contact's timeline; on the same day, lower ``order`` first."""

    def register(source: ContactSource) -> ContactSource:
        return CONTACT_HISTORY.register(qualified_name(source), source, order=order)

    return register


def partner_history(*, order: int = 50) -> Callable[[PartnerSource], PartnerSource]:
    """Register a source of an organisation's timeline; on the same day, lower ``order`` first."""

    def register(source: PartnerSource) -> PartnerSource:
        return PARTNER_HISTORY.register(qualified_name(source), source, order=order)

    return register


def contact_timeline(user: User, convention: Convention, contact: Contact) -> list[TimelineEntry]:
    """Everything that happened with a contact, newest first, one query per source."""
    entries = [e for source in CONTACT_HISTORY for e in source(user, convention, contact)]
    return sorted(entries, key=lambda e: e.date, reverse=True)


def partner_timeline(user: User, convention: Convention, partner: Partner) -> list[TimelineEntry]:
    """Everything that happened with an organisation, newest first, one query per source."""
    entries = [e for source in PARTNER_HISTORY for e in source(user, convention, partner)]
    return sorted(entries, key=lambda e: e.date, reverse=True)
