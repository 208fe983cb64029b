"""The activity journal's contribution to the directory (``maillage.network``), which sits
below it: an entry of the CDC's journal about a contact or an organisation counts as a
contact with them (the date only: the entry itself stays in its author's journal)."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery

from maillage.network.contact_dates import contact_dates

from .models import JournalEntry


def _latest_entry(**links: Any) -> Subquery:
    return Subquery(JournalEntry.objects.filter(**links).order_by("-date").values("date")[:1])


contact_dates(
    "activity.journal",
    of_contact=lambda: [_latest_entry(contact=OuterRef("pk"))],
    of_partner=lambda: [
        _latest_entry(organisation=OuterRef("organisation"), convention=OuterRef("convention")),
        _latest_entry(
            contact__organisation=OuterRef("organisation"), convention=OuterRef("convention")
        ),
    ],
)
