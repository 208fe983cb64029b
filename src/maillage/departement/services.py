"""Writes on the Caf's pages. Every change is in the history, with its author."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from maillage.conventions.enums import CafRole
from maillage.conventions.models import CafMembership
from maillage.organisations.models import Caf

if TYPE_CHECKING:
    from maillage.accounts.models import User


@transaction.atomic
def caf_contacts_update(
    *,
    caf: Caf,
    by: User,
    shared_mailbox: str,
    contacts_note: str,
    themes: dict[CafMembership, str],
) -> Caf:
    """Change the Caf's shared mailbox, its practical note and its conseillers' thématiques."""
    caf.shared_mailbox = shared_mailbox.strip().lower()
    caf.contacts_note = contacts_note.strip()
    caf.full_clean()
    caf._history_user = by  # type: ignore[attr-defined]
    caf.save(update_fields=["shared_mailbox", "contacts_note"])
    for membership, theme in themes.items():
        if membership.caf_id != caf.pk or membership.role != CafRole.CONSEILLER:
            raise ValidationError("Seule la thématique d'un conseiller de cette Caf change ici.")
        if membership.theme != theme:
            membership.theme = theme
            membership.full_clean()
            membership._history_user = by  # type: ignore[attr-defined]
            membership.save(update_fields=["theme"])
    return caf
