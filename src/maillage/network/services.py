"""Writes on the CTG's directory. Every change is in the history, with its author."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from maillage.conventions.models import Convention

from .models import Contact, ContactTheme

if TYPE_CHECKING:
    from maillage.accounts.models import User

CONTACT_FIELDS = {
    "first_name",
    "last_name",
    "function",
    "organisation",
    "email",
    "phone",
    "category",
    "notes",
}


def _check_organisation(contact: Contact) -> None:
    organisation = contact.organisation
    if organisation is not None and organisation.caf_id != contact.convention.caf_id:
        raise ValidationError(
            {"organisation": "Cette organisation n'appartient pas au territoire de la Caf."}
        )


def _set_themes(contact: Contact, themes: Iterable[str]) -> None:
    wanted = set(themes)
    current = set(contact.themes.values_list("theme", flat=True))
    contact.themes.filter(theme__in=current - wanted).delete()
    ContactTheme.objects.bulk_create(
        ContactTheme(contact=contact, theme=theme) for theme in sorted(wanted - current)
    )


@transaction.atomic
def contact_create(
    *,
    convention: Convention,
    by: User,
    last_name: str,
    themes: Iterable[str] = (),
    **fields: Any,
) -> Contact:
    """Add a person to the CTG's directory."""
    unknown = set(fields) - CONTACT_FIELDS
    if unknown:
        raise TypeError(f"champs inconnus : {sorted(unknown)}")
    contact = Contact(convention=convention, last_name=last_name, **fields)
    contact.email = contact.email.strip().lower()
    contact.full_clean()
    _check_organisation(contact)
    contact._history_user = by  # type: ignore[attr-defined]
    contact.save()
    _set_themes(contact, themes)
    return contact


@transaction.atomic
def contact_update(
    *, contact: Contact, by: User, themes: Iterable[str] | None = None, **fields: Any
) -> Contact:
    """Change a contact's fields (and thématiques when given)."""
    unknown = set(fields) - CONTACT_FIELDS
    if unknown:
        raise TypeError(f"champs inconnus : {sorted(unknown)}")
    for name, value in fields.items():
        setattr(contact, name, value)
    contact.email = contact.email.strip().lower()
    contact.full_clean()
    _check_organisation(contact)
    contact._history_user = by  # type: ignore[attr-defined]
    contact.save()
    if themes is not None:
        _set_themes(contact, themes)
    return contact


@transaction.atomic
def contact_erase(*, contact: Contact, by: User) -> None:
    """Erase a contact and its history (RGPD right to erasure).

    The fiches it piloted keep their history but lose the link; the history rows of the
    contact itself, which hold its personal data, are deleted.
    """
    from maillage.plans.models import Action

    for action in Action.objects.filter(pilot_contact=contact):
        action.pilot_contact = None
        action._history_user = by  # type: ignore[attr-defined]
        action._change_reason = "Contact effacé de l'annuaire"  # type: ignore[attr-defined]
        action.save(update_fields=["pilot_contact"])
    contact_id = contact.pk
    contact.delete()
    Contact.history.filter(id=contact_id).delete()
