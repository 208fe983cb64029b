"""The directory's own contributions to its registries: the interactions of the log.

Interactions link the organisations that took part in them on the network map, and fill
the timelines of the contacts and organisations concerned. The other modules contribute
in their own ``network_links`` module (fiches: ``plans``, meetings: ``governance``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from maillage.conventions.models import Convention

from .links import GraphFilters, link_source
from .models import Contact, Interaction, Partner
from .selectors import interactions_visible_to, with_links
from .timeline import TimelineEntry, contact_history, partner_history

if TYPE_CHECKING:
    from maillage.accounts.models import User


@link_source(
    "interactions",
    column="Échanges",
    reason="ont pris part à un même échange",
    noun="échange",
    order=30,
)
def interaction_groups(user: User, convention: Convention, f: GraphFilters) -> list[set[int]]:
    """The organisations of each interaction: named in it, or through its people."""
    interactions = Interaction.objects.filter(convention=convention)
    if f.theme:
        # A thématique reaches an interaction through its fiches or its organisations'.
        interactions = interactions.filter(
            Q(actions__themes__theme=f.theme)
            | Q(
                organisations__directory_entries__convention=convention,
                organisations__directory_entries__themes__theme=f.theme,
            )
        ).distinct()
    if f.start:
        interactions = interactions.filter(date__gte=f.start)
    if f.end:
        interactions = interactions.filter(date__lte=f.end)
    ids = interactions.values("pk")
    groups: dict[int, set[int]] = defaultdict(set)
    direct = Interaction.organisations.through.objects.filter(interaction__in=ids)
    for pk, org in direct.values_list("interaction_id", "organisation_id"):
        groups[pk].add(org)
    people = Interaction.contacts.through.objects.filter(
        interaction__in=ids, contact__organisation__isnull=False
    )
    for pk, org in people.values_list("interaction_id", "contact__organisation_id"):
        groups[pk].add(org)
    return list(groups.values())


def _interaction_entries(
    user: User, convention: Convention, interactions: QuerySet[Interaction]
) -> Iterator[TimelineEntry]:
    for interaction in with_links(interactions.distinct(), user, convention):
        people = ", ".join(c.full_name for c in interaction.contacts.all())
        yield TimelineEntry(
            date=interaction.date,
            kind=interaction.get_kind_display(),
            title=interaction.subject,
            detail=people,
            interaction=interaction,
        )


@contact_history(order=10)
def contact_interactions(
    user: User, convention: Convention, contact: Contact
) -> Iterator[TimelineEntry]:
    """The interactions the contact took part in."""
    return _interaction_entries(
        user, convention, interactions_visible_to(user, convention).filter(contacts=contact)
    )


@partner_history(order=10)
def partner_interactions(
    user: User, convention: Convention, partner: Partner
) -> Iterator[TimelineEntry]:
    """The interactions with the organisation or one of its people."""
    organisation = partner.organisation
    interactions = interactions_visible_to(user, convention).filter(
        Q(organisations=organisation) | Q(contacts__organisation=organisation)
    )
    return _interaction_entries(user, convention, interactions)
