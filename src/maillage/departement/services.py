"""Writes on the Caf's pages. Every change is in the history, with its author."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from maillage.accounts import services as accounts_services
from maillage.conventions.enums import CafRole
from maillage.conventions.models import CafMembership
from maillage.conventions.permissions import can_edit_caf_contacts
from maillage.organisations.models import Caf

from .selectors import caf_colleagues_ids

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


@transaction.atomic
def colleague_two_factor_reset(*, caf: Caf, user: User, by: User) -> None:
    """The Caf's responsable resets the second factor of one of the Caf's people (a lost
    phone): they enrol again at their next login. Kept in the user's history."""
    if not can_edit_caf_contacts(by, caf):
        raise PermissionDenied
    if user.pk not in caf_colleagues_ids(caf):
        raise ValidationError("Cette personne ne fait pas partie de la Caf.")
    accounts_services.two_factor_reset(user=user, by=by)
