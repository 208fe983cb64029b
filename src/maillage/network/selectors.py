"""Reads on the CTG's directory, scoped to what the user may see."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from maillage.conventions.models import Convention
from maillage.core.enums import Theme
from maillage.organisations.enums import PartnerCategory
from maillage.organisations.models import Organisation
from maillage.plans.models import Action

from .models import Contact, Interaction, Partner
from .permissions import can_read_log, is_partner_only

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


def _last_contact_of_contact() -> Subquery:
    dates = Interaction.objects.filter(contacts=OuterRef("pk")).order_by("-date").values("date")
    return Subquery(dates[:1])


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

    A partner sees only the organisations involved in what is shared with them: those
    piloting or partnering a fiche they see, and the organisations of the contacts they see.
    """
    partners = Partner.objects.filter(convention=convention)
    if is_partner_only(user, convention):
        shown = Action.objects.visible_to(user).filter(plan__convention=convention)
        contacts = contacts_visible_to(user, convention).exclude(organisation=None)
        involved = (
            Q(organisation__in=shown.exclude(pilot_organisation=None).values("pilot_organisation"))
            | Q(organisation__partner_actions__in=shown)
            | Q(organisation__in=contacts.values("organisation"))
        )
        partners = partners.filter(
            pk__in=Partner.objects.filter(convention=convention).filter(involved).values("pk")
        )
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


def _last_contact_of_partner() -> Greatest:
    """The latest interaction with the organisation or with one of its people.

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
    # GREATEST ignores NULL on PostgreSQL but not on SQLite: give it no NULL but both.
    return Greatest(Coalesce(direct, people), Coalesce(people, direct))


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


def organisation_actions(
    user: User, convention: Convention, organisation: Organisation
) -> QuerySet[Action]:
    """The fiches the user sees that an organisation pilots or partners."""
    return (
        Action.objects.visible_to(user)
        .filter(plan__convention=convention)
        .filter(Q(pilot_organisation=organisation) | Q(partners=organisation))
        .select_related("axis")
        .distinct()
        .order_by("axis__number", "number")
    )


def silent_partners(
    convention: Convention, *, months: int | None = None, today: datetime.date | None = None
) -> tuple[datetime.date, list[Partner]]:
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


def _with_links(interactions: QuerySet[Interaction]) -> QuerySet[Interaction]:
    return interactions.select_related("author").prefetch_related(
        Prefetch("contacts", queryset=Contact.objects.order_by("last_name", "first_name")),
        Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
        Prefetch("actions", queryset=Action.objects.select_related("axis")),
    )


def get_interaction_for_user(
    user: User, convention: Convention, interaction_uuid: uuid.UUID
) -> Interaction:
    """An interaction of this CTG the user may read; 404 for missing and not yours alike."""
    try:
        return _with_links(interactions_visible_to(user, convention)).get(uuid=interaction_uuid)
    except Interaction.DoesNotExist as exc:
        raise Http404("Interaction introuvable.") from exc


@dataclass(frozen=True)
class LogFilters:
    """The interaction log's filters, from the query string."""

    q: str = ""
    kind: str = ""

    @classmethod
    def from_query(cls, params: dict[str, str]) -> LogFilters:
        from .enums import InteractionKind

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
    return list(_with_links(interactions.distinct())[:limit])


# --------------------------------------------------------------------------- timelines


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a contact's or an organisation's timeline."""

    date: datetime.date
    kind: str  # a French label: « Réunion », « Fiche pilotée »…
    title: str
    url: str = ""
    detail: str = ""
    interaction: Interaction | None = None


# A source gives the entries of one kind for a contact or an organisation: adding a kind
# (e.g. the meetings attended) is one function appended to these lists.
ContactSource = Callable[["User", Convention, Contact], Iterable[TimelineEntry]]
PartnerSource = Callable[["User", Convention, Partner], Iterable[TimelineEntry]]


def _interaction_entries(interactions: QuerySet[Interaction]) -> Iterator[TimelineEntry]:
    for interaction in _with_links(interactions.distinct()):
        people = ", ".join(c.full_name for c in interaction.contacts.all())
        yield TimelineEntry(
            date=interaction.date,
            kind=interaction.get_kind_display(),
            title=interaction.subject,
            detail=people,
            interaction=interaction,
        )


def _action_entries(
    convention: Convention, actions: Iterable[Action], role: str
) -> Iterator[TimelineEntry]:
    for action in actions:
        yield TimelineEntry(
            date=action.start_date or timezone.localdate(action.created_at),
            kind=role,
            title=f"{action.reference} {action.title}",
            url=reverse("plans:action_detail", args=[convention.uuid, action.uuid]),
            detail=action.get_status_display(),
        )


def contact_interactions(
    user: User, convention: Convention, contact: Contact
) -> Iterator[TimelineEntry]:
    """The interactions the contact took part in."""
    return _interaction_entries(interactions_visible_to(user, convention).filter(contacts=contact))


def contact_piloted_actions(
    user: User, convention: Convention, contact: Contact
) -> Iterator[TimelineEntry]:
    """The fiches the contact pilots, as the user sees them."""
    actions = (
        Action.objects.visible_to(user)
        .filter(plan__convention=convention, pilot_contact=contact)
        .select_related("axis")
    )
    return _action_entries(convention, actions, "Fiche pilotée")


def partner_interactions(
    user: User, convention: Convention, partner: Partner
) -> Iterator[TimelineEntry]:
    """The interactions with the organisation or one of its people."""
    organisation = partner.organisation
    interactions = interactions_visible_to(user, convention).filter(
        Q(organisations=organisation) | Q(contacts__organisation=organisation)
    )
    return _interaction_entries(interactions)


def partner_actions(
    user: User, convention: Convention, partner: Partner
) -> Iterator[TimelineEntry]:
    """The fiches the organisation pilots or partners, as the user sees them."""
    organisation = partner.organisation
    for action in organisation_actions(user, convention, organisation):
        role = "Fiche pilotée" if action.pilot_organisation_id == organisation.pk else "Partenaire"
        yield from _action_entries(convention, [action], role)


def _meeting_entries(convention: Convention, invitations: QuerySet) -> Iterator[TimelineEntry]:
    seen: set[int] = set()
    for invitation in invitations.select_related("meeting__body").order_by("meeting__start"):
        meeting = invitation.meeting
        if meeting.pk in seen:
            continue
        seen.add(meeting.pk)
        yield TimelineEntry(
            date=timezone.localdate(meeting.start),
            kind="Réunion",
            title=f"{meeting.body.name} : {meeting.title}",
            url=reverse("governance:meeting_detail", args=[convention.uuid, meeting.uuid]),
            detail="Présent·e" if invitation.contact_id else "Organisation représentée",
        )


def _attended(user: User, convention: Convention) -> QuerySet:
    from maillage.governance.enums import Attendance, MeetingStatus
    from maillage.governance.models import Invitation, Meeting

    meetings = Meeting.objects.visible_to(user).filter(
        body__convention=convention, status=MeetingStatus.TENUE
    )
    return Invitation.objects.filter(meeting__in=meetings.values("pk"), status=Attendance.PRESENT)


def contact_meetings(
    user: User, convention: Convention, contact: Contact
) -> Iterator[TimelineEntry]:
    """The meetings held that the contact attended, as the user sees them."""
    return _meeting_entries(convention, _attended(user, convention).filter(contact=contact))


def partner_meetings(
    user: User, convention: Convention, partner: Partner
) -> Iterator[TimelineEntry]:
    """The meetings held where the organisation was present (itself or one of its people)."""
    organisation = partner.organisation_id
    invitations = _attended(user, convention).filter(
        Q(organisation_id=organisation) | Q(contact__organisation_id=organisation)
    )
    return _meeting_entries(convention, invitations)


CONTACT_TIMELINE: list[ContactSource] = [
    contact_interactions,
    contact_piloted_actions,
    contact_meetings,
]
PARTNER_TIMELINE: list[PartnerSource] = [partner_interactions, partner_actions, partner_meetings]


def contact_timeline(user: User, convention: Convention, contact: Contact) -> list[TimelineEntry]:
    """Everything that happened with a contact, newest first, one query per source."""
    entries = [e for source in CONTACT_TIMELINE for e in source(user, convention, contact)]
    return sorted(entries, key=lambda e: e.date, reverse=True)


def partner_timeline(user: User, convention: Convention, partner: Partner) -> list[TimelineEntry]:
    """Everything that happened with an organisation, newest first, one query per source."""
    entries = [e for source in PARTNER_TIMELINE for e in source(user, convention, partner)]
    return sorted(entries, key=lambda e: e.date, reverse=True)
