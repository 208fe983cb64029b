"""Access-matrix rows of the network app (merged by test_access_matrix)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.conventions.models import ConventionMembership
from maillage.network.models import Contact, Interaction, Partner
from maillage.organisations.models import Organisation
from maillage.plans import services as plan_services
from maillage.plans.selectors import plan_of

from ..conftest import World
from .matrix_base import CAF_ROLES, READ, Global, Rule, ctg, s

DIRECTORY_EDIT = Rule(own=s("cdc", "technicien"), other_ctg=s())
DIRECTORY_EDIT_POST = Rule(own=DIRECTORY_EDIT.own, other_ctg=s(), ok=302)
# The import's second step sends back to the first when no file is waiting.
DIRECTORY_EDIT_REDIRECT = DIRECTORY_EDIT_POST
# The team and the Caf, not partners: the interaction log, the exports.
TEAM_READ = Rule(own=s("cdc", "elu", "technicien", *CAF_ROLES), other_ctg=s(*CAF_ROLES))
PERSONAL_DATA = Rule(own=s("cdc"), other_ctg=s())
# Erasing a contact with its history is the CDC's act, not a technicien's.
ERASE_POST = Rule(own=s("cdc"), other_ctg=s(), ok=302)


def _contact(world: World, target: str) -> Contact:
    """A contact of the target CTG who pilots a fiche (so a partner of the CTG sees them)."""
    cache = world.__dict__.setdefault("_contacts", {})
    if target not in cache:
        convention = ctg(world, target)
        organisation, _ = Organisation.objects.get_or_create(
            caf=convention.caf,
            name="Centre social des Hauts",
            defaults={"kind": "centre_social", "category": "structures_avs"},
        )
        contact = Contact.objects.create(
            convention=convention,
            first_name="Claire",
            last_name="Fontaine",
            email="claire.fontaine@example.org",
            organisation=organisation,
        )
        cdc = ConventionMembership.objects.filter(convention=convention, role="cdc").first().user
        plan = plan_of(convention)
        axis = plan.axes.first() or plan_services.axis_create(plan=plan, by=cdc, title="Jeunesse")
        plan_services.action_create(
            plan=plan, by=cdc, axis=axis, title="Point information jeunesse", pilot_contact=contact
        )
        cache[target] = contact
    return cache[target]


def _c(world: World, target: str) -> dict[str, Any]:
    return {
        "convention_uuid": ctg(world, target).uuid,
        "contact_uuid": _contact(world, target).uuid,
    }


def _partner(world: World, target: str) -> Partner:
    """The directory entry of the target contact's organisation (a partner of CTG A sees it)."""
    contact = _contact(world, target)
    partner, _ = Partner.objects.get_or_create(
        convention=contact.convention,
        organisation=contact.organisation,
        defaults={"notes": "Note privée", "strategic": True},
    )
    return partner


def _p(world: World, target: str) -> dict[str, Any]:
    return {
        "convention_uuid": ctg(world, target).uuid,
        "partner_uuid": _partner(world, target).uuid,
    }


def _interaction(world: World, target: str) -> Interaction:
    cache = world.__dict__.setdefault("_interactions", {})
    if target not in cache:
        contact = _contact(world, target)
        interaction = Interaction.objects.create(
            convention=contact.convention,
            date=datetime.date(2026, 10, 1),
            kind="appel",
            subject="Point sur le PIJ",
        )
        interaction.contacts.add(contact)
        cache[target] = interaction
    return cache[target]


def _i(world: World, target: str) -> dict[str, Any]:
    return {
        "convention_uuid": ctg(world, target).uuid,
        "interaction_uuid": _interaction(world, target).uuid,
    }


def _merge_data(world: World, target: str) -> dict[str, Any]:
    other = Contact.objects.create(
        convention=ctg(world, target), first_name="Claire", last_name="Fontaine (doublon)"
    )
    return {"other": other.pk}


def _csv(world: World, target: str) -> dict[str, Any]:
    content = "Nom;Prénom;Adresse électronique\nBenali;Malik;malik@example.org\n".encode()
    return {"fichier": SimpleUploadedFile("contacts.csv", content)}


def _interaction_data(world: World, target: str) -> dict[str, Any]:
    return {
        "date": "2026-11-02",
        "kind": "appel",
        "subject": "Relance du comité",
        "contacts": [_contact(world, target).pk],
    }


# Built once per target for the whole matrix module (see test_access_matrix.module_world).
TARGET_OBJECTS = [_contact, _interaction]

MATRIX: dict[str, dict[str, Rule | Global]] = {
    "network:directory": {"GET": READ},
    "network:contact_create": {"GET": DIRECTORY_EDIT, "POST": DIRECTORY_EDIT_POST},
    "network:contact_detail": {"GET": READ},
    "network:contact_edit": {"GET": DIRECTORY_EDIT, "POST": DIRECTORY_EDIT_POST},
    "network:contact_erase": {"POST": ERASE_POST},
    "network:contact_merge": {"GET": DIRECTORY_EDIT, "POST": DIRECTORY_EDIT_POST},
    "network:contact_data": {"GET": PERSONAL_DATA},
    "network:contact_import": {"GET": DIRECTORY_EDIT, "POST": DIRECTORY_EDIT_POST},
    "network:contact_import_map": {
        "GET": DIRECTORY_EDIT_REDIRECT,
        "POST": DIRECTORY_EDIT_REDIRECT,
    },
    "network:contact_export": {"GET": TEAM_READ},
    "network:partner_list": {"GET": READ},
    "network:partner_create": {"GET": DIRECTORY_EDIT, "POST": DIRECTORY_EDIT_POST},
    "network:partner_silent": {"GET": TEAM_READ},
    "network:partner_detail": {"GET": READ},
    "network:partner_edit": {"GET": DIRECTORY_EDIT, "POST": DIRECTORY_EDIT_POST},
    "network:partner_remove": {"POST": DIRECTORY_EDIT_POST},
    "network:interaction_list": {"GET": TEAM_READ},
    "network:graph": {"GET": TEAM_READ},
    "network:interaction_create": {"GET": DIRECTORY_EDIT, "POST": DIRECTORY_EDIT_POST},
    "network:interaction_edit": {"GET": DIRECTORY_EDIT, "POST": DIRECTORY_EDIT_POST},
    "network:interaction_delete": {"POST": DIRECTORY_EDIT_POST},
}
KWARGS: dict[str, Callable[[World, str], dict[str, Any]]] = {
    "network:contact_detail": _c,
    "network:contact_edit": _c,
    "network:contact_erase": _c,
    "network:contact_merge": _c,
    "network:contact_data": _c,
    "network:contact_export": lambda w, t: {"convention_uuid": ctg(w, t).uuid, "fmt": "csv"},
    "network:partner_detail": _p,
    "network:partner_edit": _p,
    "network:partner_remove": _p,
    "network:interaction_edit": _i,
    "network:interaction_delete": _i,
}
POST_DATA: dict[str, Callable[[World, str], dict[str, Any]]] = {
    "network:contact_merge": _merge_data,
    "network:contact_import": _csv,
    "network:partner_create": lambda w, t: {"name": "MJC des Combes", "kind": "association"},
    "network:partner_edit": lambda w, t: {"strategic": "on", "notes": "À relancer"},
    "network:interaction_create": _interaction_data,
    "network:interaction_edit": _interaction_data,
    "network:contact_create": lambda w, t: {"first_name": "Malik", "last_name": "Benali"},
    "network:contact_edit": lambda w, t: {
        "first_name": "Claire",
        "last_name": "Fontaine-Morel",
        "email": "claire.fontaine@example.org",
    },
}

# Where a success (302) of each URL leads (see test_access_matrix.check_redirect).
REDIRECTS: dict[str, str | dict[str, str]] = {
    "network:contact_create": "network:contact_detail",
    "network:contact_edit": "network:contact_detail",
    "network:contact_erase": "network:directory",
    "network:contact_import": "network:contact_import_map",
    "network:contact_import_map": "network:contact_import",
    "network:contact_merge": "network:contact_detail",
    "network:interaction_create": "network:interaction_list",
    "network:interaction_delete": "network:interaction_list",
    "network:interaction_edit": "network:interaction_list",
    "network:partner_create": "network:partner_detail",
    "network:partner_edit": "network:partner_detail",
    "network:partner_remove": "network:partner_list",
}
