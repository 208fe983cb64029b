"""Merging two contacts keeps every link of both; a CDC exports all that is held on one."""

from __future__ import annotations

import datetime
import html
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from maillage.network import services
from maillage.network.models import Contact
from maillage.plans import services as plan_services
from maillage.plans.selectors import plan_of

from ..factories import OrganisationFactory


def text_of(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def cdc(world):
    return world.users["cdc"]


def fiche(world, cdc, title="PIJ", **fields):
    plan = plan_of(world.a)
    axis = plan.axes.first() or plan_services.axis_create(plan=plan, by=cdc, title="Jeunesse")
    return plan_services.action_create(plan=plan, by=cdc, axis=axis, title=title, **fields)


def test_merging_moves_fiches_and_interactions_and_fills_the_blanks(world, cdc):
    org = OrganisationFactory(caf=world.caf, name="Centre social des Hauts")
    keep = services.contact_create(
        convention=world.a, by=cdc, last_name="Fontaine", notes="Note A", themes=["avs"]
    )
    other = services.contact_create(
        convention=world.a,
        by=cdc,
        first_name="Claire",
        last_name="Fontaine",
        email="claire@example.org",
        organisation=org,
        notes="Note B",
        themes=["parentalite", "avs"],
    )
    piloted = fiche(world, cdc, pilot_contact=other)
    both = services.interaction_create(
        convention=world.a,
        by=cdc,
        date=datetime.date(2026, 5, 4),
        kind="appel",
        subject="Les deux",
        contacts=[keep, other],
    )
    only_other = services.interaction_create(
        convention=world.a,
        by=cdc,
        date=datetime.date(2026, 6, 4),
        kind="visite",
        subject="Seulement B",
        contacts=[other],
    )
    response = world.client("technicien").post(
        reverse("network:contact_merge", args=[world.a.uuid, keep.uuid]), {"other": other.pk}
    )
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=other.pk).exists()
    keep.refresh_from_db()
    assert keep.first_name == "Claire" and keep.email == "claire@example.org"
    assert keep.organisation == org and keep.notes == "Note A\n\nNote B"
    assert sorted(t.theme for t in keep.themes.all()) == ["avs", "parentalite"]
    piloted.refresh_from_db()
    assert piloted.pilot_contact == keep
    assert piloted.history.first().history_change_reason.startswith("Fusion de Claire Fontaine")
    assert list(both.contacts.all()) == [keep]
    assert list(only_other.contacts.all()) == [keep]
    # The history of both stays: the merged contact's rows end with its deletion.
    assert Contact.history.filter(id=other.pk).first().history_type == "-"
    assert keep.history.first().history_user == world.users["technicien"]


def test_a_contact_cannot_be_merged_with_itself_or_another_ctgs_contact(world, cdc):
    keep = services.contact_create(convention=world.a, by=cdc, last_name="Fontaine")
    foreign = services.contact_create(convention=world.b, by=world.users["cdc_b"], last_name="B")
    with pytest.raises(ValidationError):
        services.contact_merge(keep=keep, other=keep, by=cdc)
    with pytest.raises(ValidationError):
        services.contact_merge(keep=keep, other=foreign, by=cdc)
    url = reverse("network:contact_merge", args=[world.a.uuid, keep.uuid])
    response = world.client("cdc").post(url, {"other": foreign.pk})
    assert "Sélectionnez un choix valide" in text_of(response)
    response = world.client("cdc").post(url, {})
    assert "Ce champ est obligatoire" in text_of(response)
    assert Contact.objects.count() == 2


def test_an_elu_cannot_merge(world, cdc):
    keep = services.contact_create(convention=world.a, by=cdc, last_name="Fontaine")
    other = services.contact_create(convention=world.a, by=cdc, last_name="Fontaine B")
    url = reverse("network:contact_merge", args=[world.a.uuid, keep.uuid])
    assert world.client("elu").post(url, {"other": other.pk}).status_code == 403
    assert Contact.objects.count() == 2


def test_the_cdc_downloads_everything_held_on_one_contact(world, cdc):
    contact = services.contact_create(
        convention=world.a,
        by=cdc,
        first_name="Claire",
        last_name="Fontaine",
        email="claire@example.org",
        notes="Préfère le matin",
        themes=["logement"],
    )
    services.contact_update(contact=contact, by=cdc, phone="04 79 00 00 00")
    action = fiche(world, cdc, pilot_contact=contact)
    services.interaction_create(
        convention=world.a,
        by=cdc,
        date=datetime.date(2026, 3, 2),
        kind="entretien",
        subject="Bilan",
        notes="Notes d'entretien",
        contacts=[contact],
    )
    response = world.client("cdc").get(
        reverse("network:contact_data", args=[world.a.uuid, contact.uuid])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    today = timezone.localdate()
    name = f"maillage-ctg-grand-chambery-donnees-contact-claire-fontaine-{today:%Y-%m-%d}.json"
    assert f'filename="{name}"' in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["contact"]["adresse_electronique"] == "claire@example.org"
    assert data["contact"]["notes_privees"] == "Préfère le matin"
    assert data["contact"]["thematiques"] == ["Logement"]
    assert data["interactions"][0]["date"] == "02/03/2026"
    assert data["interactions"][0]["notes_privees"] == "Notes d'entretien"
    assert data["fiches_pilotees"] == [{"reference": action.reference, "intitule": "PIJ"}]
    assert [h["type"] for h in data["historique"]] == ["création", "modification"]
    assert data["historique"][1]["valeurs"]["telephone"] == "04 79 00 00 00"
    assert "Préfère le matin" in response.content.decode()  # readable, not \u-escaped


@pytest.mark.parametrize("role", ["elu", "technicien", "partenaire", "cdt"])
def test_only_the_cdc_exports_a_contacts_personal_data(world, cdc, role):
    contact = services.contact_create(convention=world.a, by=cdc, last_name="Fontaine")
    fiche(world, cdc, pilot_contact=contact)
    url = reverse("network:contact_data", args=[world.a.uuid, contact.uuid])
    assert world.client(role).get(url).status_code == 403


def test_erasing_a_contact_also_removes_it_from_interactions(world, cdc):
    contact = services.contact_create(convention=world.a, by=cdc, last_name="Fontaine")
    other = services.contact_create(convention=world.a, by=cdc, last_name="Benali")
    interaction = services.interaction_create(
        convention=world.a,
        by=cdc,
        date=datetime.date(2026, 3, 2),
        kind="appel",
        subject="Appel",
        contacts=[contact, other],
    )
    services.contact_erase(contact=contact, by=cdc)
    assert list(interaction.contacts.all()) == [other]
