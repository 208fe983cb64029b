"""Reads on the CTG's directory, scoped to what the user may see."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias, TypedDict

from django.conf import settings
from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Greatest
from django.http import Http404
from django.utils import timezone

from maillage.conventions.models import Convention
from maillage.core.enums import Theme
from maillage.organisations.enums import PartnerCategory
from maillage.organisations.models import Organisation

from .contact_dates import contact_dates_of_contact, contact_dates_of_partner, latest
from .enums import InteractionKind
from .fiches import visible_fiches
from .models import Contact, Interaction, Partner
from .permissions import can_read_log, is_partner_only
from .sharing import everything_shared, in_any

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from maillage.accounts.models import User


class LastContact(TypedDict):
    """What the directory's reads add: the date of the latest interaction (None if none)."""

    last_contact: datetime.date | None


# A partner annotated with its latest interaction.
ContactedPartner: TypeAlias = "WithAnnotations[Partner, LastContact]"


def contacts_visible_to(user: User, convention: Convention) -> QuerySet[Contact]:
    """The CTG's contacts the user may see.

    A partner sees only the contacts involved in what is shared with them (``sharing``):
    the pilots of the fiches they see. Everyone else with a role on the CTG sees the
    whole directory.
    """
    contacts = Contact.objects.filter(convention=convention)
    if is_partner_only(user, convention):
        shared = in_any("pk", everything_shared(user, convention).contacts)
        contacts = contacts.filter(shared) if shared else contacts.none()
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


def _last_contact_of_contact() -> Subquery | Greatest:
    """The latest interaction with the contact, meeting attended or journal entry about
    them (``contact_dates``)."""
    dates = Interaction.objects.filter(contacts=OuterRef("pk")).order_by("-date").values("date")
    return latest([Subquery(dates[:1]), *contact_dates_of_contact()])


def directory_contacts(
    user: User, convention: Convention, filters: DirectoryFilters
) -> QuerySet[Contact]:
    """The contacts a directory page lists, searched and filtered, in constant queries.

    Each carries ``last_contact``: the date of its latest interaction (None if none).
    """
    contacts = contacts_visible_to(user, convention).annotate(
        last_contact=_last_contact_of_contact()
    )
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


# --------------------------------------------------------------------------- organisations


def partners_visible_to(user: User, convention: Convention) -> QuerySet[Partner]:
    """The organisations of the CTG's directory the user may see.

    A partner sees only the organisations involved in what is shared with them
    (``sharing``): those piloting or partnering a fiche they see, and the organisations of
    the contacts they see.
    """
    partners = Partner.objects.filter(convention=convention)
    if is_partner_only(user, convention):
        people = contacts_visible_to(user, convention).exclude(organisation=None)
        shared = everything_shared(user, convention).organisations
        partners = partners.filter(in_any("organisation", [*shared, people.values("organisation")]))
    return partners


def get_partner_for_user(user: User, convention: Convention, partner_uuid: uuid.UUID) -> Partner:
    """An organisation of this CTG's directory the user may see; 404 for missing and not yours."""
    try:
        return (
            partners_visible_to(user, convention)
            .select_related("organisation__commune")
            .prefetch_related("themes")
            .get(uuid=partner_uuid)
        )
    except Partner.DoesNotExist as exc:
        raise Http404("Organisation introuvable dans l'annuaire.") from exc


def _last_contact_of_partner() -> Subquery | Greatest:
    """The latest interaction with the organisation or with one of its people, or meeting
    attended or journal entry about them (``contact_dates``).

    Two simple subqueries (one per link) rather than one with an OR across both joins,
    which PostgreSQL plans badly on a big directory.
    """
    OrgLink = Interaction.organisations.through
    ContactLink = Interaction.contacts.through
    direct = Subquery(
        OrgLink.objects.filter(
            organisation=OuterRef("organisation"), interaction__convention=OuterRef("convention")
        )
        .order_by("-interaction__date")
        .values("interaction__date")[:1]
    )
    people = Subquery(
        ContactLink.objects.filter(
            contact__organisation=OuterRef("organisation"),
            interaction__convention=OuterRef("convention"),
        )
        .order_by("-interaction__date")
        .values("interaction__date")[:1]
    )
    return latest([direct, people, *contact_dates_of_partner()])


def directory_partners(
    user: User, convention: Convention, filters: DirectoryFilters
) -> QuerySet[Partner]:
    """The organisations a directory page lists, searched and filtered, in constant queries.

    Each carries ``last_contact`` (date of the latest interaction with it or its people).
    """
    partners = partners_visible_to(user, convention)
    for word in filters.q.split():
        partners = partners.filter(
            Q(organisation__name__icontains=word) | Q(organisation__commune__name__icontains=word)
        )
    if filters.category:
        partners = partners.filter(organisation__category=filters.category)
    if filters.theme:
        partners = partners.filter(themes__theme=filters.theme)
    return (
        partners.annotate(last_contact=_last_contact_of_partner())
        .select_related("organisation__commune")
        .prefetch_related("themes")
        .distinct()
    )


def addable_organisations(convention: Convention) -> QuerySet[Organisation]:
    """The Caf's organisations not yet in this CTG's directory."""
    return Organisation.objects.filter(caf_id=convention.caf_id).exclude(
        directory_entries__convention=convention
    )


def directory_organisations(convention: Convention) -> QuerySet[Organisation]:
    """The organisations in this CTG's directory."""
    return Organisation.objects.filter(directory_entries__convention=convention)


def organisation_contacts(
    user: User, convention: Convention, organisation: Organisation
) -> QuerySet[Contact]:
    """The people of an organisation in this CTG's directory that the user may see."""
    return contacts_visible_to(user, convention).filter(organisation=organisation)


def silent_partners(
    convention: Convention, *, months: int | None = None, today: datetime.date | None = None
) -> tuple[datetime.date, list[ContactedPartner]]:
    """The strategic partners without any interaction since the threshold, oldest first.

    The threshold is ``months`` ago (default: ``MAILLAGE_PARTNER_SILENCE_MONTHS``).
    """
    months = settings.MAILLAGE_PARTNER_SILENCE_MONTHS if months is None else months
    since = months_before(today or timezone.localdate(), months)
    partners = (
        Partner.objects.filter(convention=convention, strategic=True)
        .annotate(last_contact=_last_contact_of_partner())
        .filter(Q(last_contact__isnull=True) | Q(last_contact__lt=since))
        .select_related("organisation")
        .prefetch_related("themes")
    )
    never = datetime.date.min
    return since, sorted(
        partners, key=lambda p: (p.last_contact or never, p.organisation.name.casefold())
    )


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last = (following - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


# --------------------------------------------------------------------------- interactions


def interactions_visible_to(user: User, convention: Convention) -> QuerySet[Interaction]:
    """The CTG's interaction log as the user may read it: none for a partner."""
    if not can_read_log(user, convention):
        return Interaction.objects.none()
    return Interaction.objects.filter(convention=convention)


def with_links(
    interactions: QuerySet[Interaction], user: User, convention: Convention
) -> QuerySet[Interaction]:
    """The interactions with their author, people, organisations and the fiches the user
    may see (none of the others, not even their reference), in constant queries."""
    return interactions.select_related("author").prefetch_related(
        Prefetch("contacts", queryset=Contact.objects.order_by("last_name", "first_name")),
        Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
        Prefetch("actions", queryset=visible_fiches(user, convention)),
    )


def get_interaction_for_user(
    user: User, convention: Convention, interaction_uuid: uuid.UUID
) -> Interaction:
    """An interaction of this CTG the user may read; 404 for missing and not yours alike."""
    try:
        return with_links(interactions_visible_to(user, convention), user, convention).get(
            uuid=interaction_uuid
        )
    except Interaction.DoesNotExist as exc:
        raise Http404("Interaction introuvable.") from exc


@dataclass(frozen=True)
class LogFilters:
    """The interaction log's filters, from the query string."""

    q: str = ""
    kind: str = ""

    @classmethod
    def from_query(cls, params: dict[str, str]) -> LogFilters:
        kind = params.get("type", "")
        return cls(
            q=params.get("q", "").strip()[:100],
            kind=kind if kind in InteractionKind.values else "",
        )


def interaction_log(
    user: User, convention: Convention, filters: LogFilters, *, limit: int = 200
) -> list[Interaction]:
    """The latest interactions of the CTG, filtered, with their links, in constant queries."""
    interactions = interactions_visible_to(user, convention)
    for word in filters.q.split():
        interactions = interactions.filter(
            Q(subject__icontains=word)
            | Q(contacts__last_name__icontains=word)
            | Q(organisations__name__icontains=word)
        )
    if filters.kind:
        interactions = interactions.filter(kind=filters.kind)
    return list(with_links(interactions.distinct(), user, convention)[:limit])


def silent_partners_for(
    convention_ids: list[int], today: datetime.date, months: int | None = None
) -> list[ContactedPartner]:
    """:func:`silent_partners` for several CTGs at once, in one query: the strategic
    partners without any interaction since ``months`` ago, by CTG, oldest contact first."""
    months = settings.MAILLAGE_PARTNER_SILENCE_MONTHS if months is None else months
    since = months_before(today, months)
    return list(
        Partner.objects.filter(convention_id__in=convention_ids, strategic=True)
        .annotate(last_contact=_last_contact_of_partner())
        .filter(Q(last_contact__isnull=True) | Q(last_contact__lt=since))
        .select_related("organisation", "convention")
        .order_by("convention__name", F("last_contact").asc(nulls_first=True), "organisation__name")
    )
