"""What other modules hold on a directory contact: for the right of access, erasure, merge.

A module whose records point to a contact (a fiche's pilot, a meeting's invitee…) says,
in its ``network_links`` module, what the contact's personal-data export lists, what
erasing the contact must do first and, when two contacts are merged, how to settle the
records both have::

    from maillage.network.references import contact_data_section, on_contact_erase

    @contact_data_section("fiches_pilotees", order=10)
    def piloted_fiches(contact) -> list[dict[str, Any]]:
        ...

    @on_contact_erase()
    def unlink_piloted_fiches(contact, by) -> None:
        ...

Merging two contacts moves every record that points to the contact merged away through a
named relation (see ``services.contact_merge``); a module registers ``on_contact_merge``
only for what cannot simply move: a record both contacts have where one per person is
allowed (a meeting both were invited to), or a relation without a name (``related_name="+"``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from .models import Contact
from .registry import Registry, qualified_name

if TYPE_CHECKING:
    from maillage.accounts.models import User


def data_date(value: datetime.date | datetime.datetime | None) -> str | None:
    """A date or a moment as the export shows it: « 02/03/2026 », « 02/03/2026 14:30 »."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


DataFunction = Callable[[Contact], list[dict[str, Any]]]
EraseFunction = Callable[[Contact, "User"], None]
MergeFunction = Callable[[Contact, Contact, "User", str], None]


@dataclass(frozen=True)
class DataSection:
    """One section of a contact's personal-data export, held by another module."""

    key: str  # the export's key, in French: « fiches_pilotees »
    rows: DataFunction


CONTACT_DATA: Registry[DataSection] = Registry("données d'un contact tenues ailleurs")
CONTACT_ERASURE: Registry[EraseFunction] = Registry("effacement d'un contact")
CONTACT_MERGE: Registry[MergeFunction] = Registry("fusion de deux contacts")


def contact_data_section(key: str, *, order: int = 50) -> Callable[[DataFunction], DataFunction]:
    """Register a section of the personal-data export: ``key`` and a function of the contact.

    The function returns everything the module holds on the contact, as plain values
    (texts, dates formatted for people), and runs a fixed number of queries.
    """

    def register(rows: DataFunction) -> DataFunction:
        CONTACT_DATA.register(key, DataSection(key=key, rows=rows), order=order)
        return rows

    return register


def on_contact_erase(*, order: int = 50) -> Callable[[EraseFunction], EraseFunction]:
    """Register what erasing a contact does first in a module (within the erasure's
    transaction): e.g. unlink the records that must stay, with a reason in their history.
    Records deleted with the contact (``on_delete=CASCADE``) need nothing."""

    def register(function: EraseFunction) -> EraseFunction:
        return CONTACT_ERASURE.register(qualified_name(function), function, order=order)

    return register


def on_contact_merge(*, order: int = 50) -> Callable[[MergeFunction], MergeFunction]:
    """Register what merging ``other`` into ``keep`` does first in a module (within the
    merge's transaction), called with ``(keep, other, by, reason)``; ``reason`` goes in
    the history of the records it changes."""

    def register(function: MergeFunction) -> MergeFunction:
        return CONTACT_MERGE.register(qualified_name(function), function, order=order)

    return register
