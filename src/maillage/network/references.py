"""What other modules hold on a directory contact: for the right of access and erasure.

A module whose records point to a contact (a fiche's pilot, a meeting's invitee…) says,
in its ``network_links`` module, what the contact's personal-data export lists and what
erasing the contact must do first::

    from maillage.network.references import contact_data_section, on_contact_erase

    @contact_data_section("fiches_pilotees", order=10)
    def piloted_fiches(contact) -> list[dict[str, Any]]:
        ...

    @on_contact_erase()
    def unlink_piloted_fiches(contact, by) -> None:
        ...

Merging two contacts needs nothing here: the merge moves every record of any model that
points to the contact (see ``services.contact_merge``).
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


@dataclass(frozen=True)
class DataSection:
    """One section of a contact's personal-data export, held by another module."""

    key: str  # the export's key, in French: « fiches_pilotees »
    rows: DataFunction


CONTACT_DATA: Registry[DataSection] = Registry("données d'un contact tenues ailleurs")
CONTACT_ERASURE: Registry[EraseFunction] = Registry("effacement d'un contact")


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
