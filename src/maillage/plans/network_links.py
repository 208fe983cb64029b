"""The plan's contributions to the directory (``maillage.network``), which sits below it.

Fiches link their organisations on the network map (structure pilote, partners, the
organisation of a contact pilot); they appear in the timelines of their pilots and
organisations; a partner sees the people and organisations of the fiches they see; and
a contact's personal data include the fiches they pilot, unlinked when they are erased.
The plan also gives the directory its rule of which fiches a user sees, for the fiches
that interactions link.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from maillage.conventions.models import Convention
from maillage.network.fiches import fiche_visibility
from maillage.network.links import GraphFilters, link_source
from maillage.network.models import Contact, Partner
from maillage.network.references import contact_data_section, on_contact_erase
from maillage.network.sharing import Shared, shared_with_partner
from maillage.network.timeline import TimelineEntry, contact_history, partner_history

from .models import Action, ActionQuerySet
from .selectors import visible_action_ids

if TYPE_CHECKING:
    from maillage.accounts.models import User


def _ctg_fiches(user: User, convention: Convention) -> ActionQuerySet:
    return Action.objects.visible_to(user).filter(plan__convention=convention)


@fiche_visibility
def visible_fiches(user: User, convention: Convention) -> QuerySet[Action, int]:
    """The fiches an interaction shows, offers and replaces: those the user may see."""
    return visible_action_ids(user, convention)


@link_source(
    "fiches",
    column="Fiches",
    reason="portent une même fiche action (structure pilote, partenaires)",
    noun="fiche",
    order=10,
)
def fiche_groups(user: User, convention: Convention, f: GraphFilters) -> list[set[int]]:
    """The organisations of each fiche the user sees: pilot, partners, a contact pilot's."""
    actions = _ctg_fiches(user, convention)
    if f.theme:
        actions = actions.filter(themes__theme=f.theme)
    if f.start:
        actions = actions.filter(Q(end_date__isnull=True) | Q(end_date__gte=f.start))
    if f.end:
        actions = actions.filter(Q(start_date__isnull=True) | Q(start_date__lte=f.end))
    actions = actions.distinct()
    groups: dict[int, set[int]] = defaultdict(set)
    for pk, org, contact_org in actions.values_list(
        "pk", "pilot_organisation_id", "pilot_contact__organisation_id"
    ):
        groups[pk].update(o for o in (org, contact_org) if o)
    partners = Action.partners.through.objects.filter(action__in=actions.values("pk"))
    for action_id, org in partners.values_list("action_id", "organisation_id"):
        groups[action_id].add(org)
    return list(groups.values())


def _entries(
    convention: Convention, actions: Iterable[tuple[Action, str]]
) -> Iterator[TimelineEntry]:
    for action, role in actions:
        yield TimelineEntry(
            date=action.start_date or timezone.localdate(action.created_at),
            kind=role,
            title=f"{action.reference} {action.title}",
            url=reverse("plans:action_detail", args=[convention.uuid, action.uuid]),
            detail=action.get_status_display(),
        )


@contact_history(order=20)
def contact_piloted_actions(
    user: User, convention: Convention, contact: Contact
) -> Iterator[TimelineEntry]:
    """The fiches the contact pilots, as the user sees them."""
    actions = _ctg_fiches(user, convention).filter(pilot_contact=contact).select_related("axis")
    return _entries(convention, ((action, "Fiche pilotée") for action in actions))


@partner_history(order=20)
def partner_actions(
    user: User, convention: Convention, partner: Partner
) -> Iterator[TimelineEntry]:
    """The fiches the organisation pilots or partners, as the user sees them."""
    organisation = partner.organisation_id
    actions = (
        _ctg_fiches(user, convention)
        .filter(Q(pilot_organisation=organisation) | Q(partners=organisation))
        .select_related("axis")
        .distinct()
        .order_by("axis__number", "number")
    )
    return _entries(
        convention,
        (
            (
                action,
                "Fiche pilotée" if action.pilot_organisation_id == organisation else "Partenaire",
            )
            for action in actions
        ),
    )


@shared_with_partner(order=10)
def fiches_shared(user: User, convention: Convention) -> Shared:
    """A partner sees the pilots, pilot organisations and partners of the fiches they see."""
    shown = _ctg_fiches(user, convention)
    return Shared(
        contacts=[shown.exclude(pilot_contact=None).values("pilot_contact")],
        organisations=[
            shown.exclude(pilot_organisation=None).values("pilot_organisation"),
            Action.partners.through.objects.filter(action__in=shown.values("pk")).values(
                "organisation"
            ),
        ],
    )


@contact_data_section("fiches_pilotees", order=10)
def piloted_fiches(contact: Contact) -> list[dict[str, Any]]:
    """The fiches the contact pilots: reference and title."""
    actions = Action.objects.filter(pilot_contact=contact).select_related("axis")
    return [{"reference": a.reference, "intitule": a.title} for a in actions]


@on_contact_erase(order=10)
def unlink_piloted_fiches(contact: Contact, by: User) -> None:
    """The fiches an erased contact piloted keep their history but lose the link."""
    for action in Action.objects.filter(pilot_contact=contact):
        action.pilot_contact = None
        action._history_user = by  # type: ignore[attr-defined]
        action._change_reason = "Contact effacé de l'annuaire"  # type: ignore[attr-defined]
        action.save(update_fields=["pilot_contact"])
