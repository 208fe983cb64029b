"""When a contact or an organisation of a CTG's directory was last in touch with the CTG.

An interaction in the log counts, and so does what the modules above the directory record:
attendance at a meeting (governance), an entry of the CDC's journal (activity). Each such
module registers, in its ``network_links`` module, two functions that return subqueries of
dates: one for a contact (``OuterRef("pk")`` is the contact), one for an organisation of
the directory (``OuterRef("organisation")`` and ``OuterRef("convention")`` on a
``Partner``). The directory takes the latest of all of them, in the same query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Subquery
from django.db.models.functions import Coalesce, Greatest

from .registry import Registry


@dataclass(frozen=True)
class ContactDates:
    """One module's dates of contact: subqueries for a contact and for an organisation."""

    of_contact: Callable[[], list[Subquery]]
    of_partner: Callable[[], list[Subquery]]


CONTACT_DATES: Registry[ContactDates] = Registry("dates de contact tenues ailleurs")


def contact_dates(
    name: str,
    *,
    of_contact: Callable[[], list[Subquery]],
    of_partner: Callable[[], list[Subquery]],
    order: int = 50,
) -> ContactDates:
    """Register a module's dates of contact under ``name``."""
    return CONTACT_DATES.register(
        name, ContactDates(of_contact=of_contact, of_partner=of_partner), order=order
    )


def latest(dates: list[Subquery]) -> Subquery | Greatest:
    """The latest of several dates, any of which may be NULL (NULL only if all are).

    GREATEST ignores NULL on PostgreSQL but not on SQLite: each argument falls back on the
    others, so that none is NULL unless all are.
    """
    if len(dates) == 1:
        return dates[0]
    return Greatest(*(Coalesce(date, *(d for d in dates if d is not date)) for date in dates))


def contact_dates_of_contact() -> list[Subquery]:
    """The subqueries every module contributes for a contact."""
    return [date for source in CONTACT_DATES for date in source.of_contact()]


def contact_dates_of_partner() -> list[Subquery]:
    """The subqueries every module contributes for an organisation of the directory."""
    return [date for source in CONTACT_DATES for date in source.of_partner()]
