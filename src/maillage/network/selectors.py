"""Reads on the CTG's directory, scoped to what the user may see."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from maillage.conventions.models import Convention
from maillage.core.enums import Theme
from maillage.organisations.enums import PartnerCategory
from maillage.plans.models import Action

from .models import Contact
from .permissions import is_partner_only

if TYPE_CHECKING:
    from maillage.accounts.models import User


def contacts_visible_to(user: User, convention: Convention) -> QuerySet[Contact]:
    """The CTG's contacts the user may see.

    A partner sees only the contacts involved in what is shared with them: the pilots of
    the fiches they see. Everyone else with a role on the CTG sees the whole directory.
    """
    contacts = Contact.objects.filter(convention=convention)
    if is_partner_only(user, convention):
        shown = Action.objects.visible_to(user).filter(plan__convention=convention)
        contacts = contacts.filter(piloted_actions__in=shown).distinct()
    return contacts


def get_contact_for_user(user: User, convention: Convention, contact_uuid: uuid.UUID) -> Contact:
    """A contact of this CTG the user may see; 404 for missing and not yours alike."""
    try:
        return (
            contacts_visible_to(user, convention)
            .select_related("organisation")
            .prefetch_related("themes")
            .get(uuid=contact_uuid)
        )
    except Contact.DoesNotExist as exc:
        raise Http404("Contact introuvable.") from exc


@dataclass(frozen=True)
class DirectoryFilters:
    """The directory's search box and filters, from the query string."""

    q: str = ""
    category: str = ""
    theme: str = ""

    @classmethod
    def from_query(cls, params: dict[str, str]) -> DirectoryFilters:
        category = params.get("categorie", "")
        theme = params.get("thematique", "")
        return cls(
            q=params.get("q", "").strip()[:100],
            category=category if category in PartnerCategory.values else "",
            theme=theme if theme in Theme.values else "",
        )


def directory_contacts(
    user: User, convention: Convention, filters: DirectoryFilters
) -> QuerySet[Contact]:
    """The contacts a directory page lists, searched and filtered, in constant queries."""
    contacts = contacts_visible_to(user, convention)
    for word in filters.q.split():
        contacts = contacts.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(function__icontains=word)
            | Q(email__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    if filters.category:
        contacts = contacts.filter(category=filters.category)
    if filters.theme:
        contacts = contacts.filter(themes__theme=filters.theme)
    return contacts.select_related("organisation").prefetch_related("themes").distinct()


def pilot_contacts(convention: Convention) -> QuerySet[Contact]:
    """The contacts a fiche of this CTG may have as pilot."""
    return Contact.objects.filter(convention=convention).select_related("organisation")
