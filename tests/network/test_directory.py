"""The CTG's directory of contacts, and a contact as the pilot of a fiche."""

from __future__ import annotations

import html

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.network import services
from maillage.network.models import Contact
from maillage.plans import services as plan_services
from maillage.plans.models import Action
from maillage.plans.selectors import plan_of

from ..factories import OrganisationFactory


def text_of(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def cdc(world):
    return world.users["cdc"]


def add(world, cdc, last_name="Fontaine", **fields) -> Contact:
    return services.contact_create(convention=world.a, by=cdc, last_name=last_name, **fields)


def fiche(world, cdc, **fields) -> Action:
    plan = plan_of(world.a)
    axis = plan.axes.first() or plan_services.axis_create(plan=plan, by=cdc, title="Jeunesse")
    return plan_services.action_create(plan=plan, by=cdc, axis=axis, title="PIJ", **fields)


def test_the_cdc_adds_a_contact_who_then_appears_in_the_directory(world, cdc):
    org = OrganisationFactory(caf=world.caf, name="Centre social des Hauts")
    client = world.client("cdc")
    response = client.post(
        reverse("network:contact_create", args=[world.a.uuid]),
        {
            "first_name": "Claire",
            "last_name": "Fontaine",
            "function": "Directrice",
            "organisation": org.pk,
            "category": "structures_avs",
            "email": "Claire.Fontaine@Example.org ",
            "phone": "04 79 00 00 00",
            "themes": ["parentalite", "avs"],
        },
    )
    contact = Contact.objects.get(convention=world.a)
    assert response.status_code == 302
    assert contact.email == "claire.fontaine@example.org"
    assert sorted(contact.themes.values_list("theme", flat=True)) == ["avs", "parentalite"]
    page = text_of(client.get(reverse("network:directory", args=[world.a.uuid])))
    assert "Claire Fontaine" in page and "Centre social des Hauts" in page
    assert contact.history.first().history_user == cdc


def test_the_directory_searches_and_filters(world, cdc):
    org = OrganisationFactory(caf=world.caf, name="Mairie de Chambéry")
    add(world, cdc, "Fontaine", first_name="Claire", category="elus", organisation=org)
    add(
        world,
        cdc,
        "Benali",
        first_name="Malik",
        function="Animateur jeunesse",
        themes=["enfance_jeunesse"],
    )
    add(world, cdc, "Durand", first_name="Léa", category="structures_avs")
    url = reverse("network:directory", args=[world.a.uuid])
    client = world.client("elu")

    def names(query: str) -> list[str]:
        response = client.get(url + query)
        return [c.last_name for c in response.context["contacts"]]

    assert names("") == ["Benali", "Durand", "Fontaine"]
    assert names("?q=mairie") == ["Fontaine"]
    assert names("?q=animateur+malik") == ["Benali"]
    assert names("?categorie=structures_avs") == ["Durand"]
    assert names("?thematique=enfance_jeunesse") == ["Benali"]
    assert names("?categorie=inconnue&thematique=%3Cscript%3E") == ["Benali", "Durand", "Fontaine"]
    assert "Aucun contact ne correspond" in text_of(client.get(url + "?q=personne"))


def test_a_second_contact_with_the_same_email_is_refused_in_french(world, cdc):
    add(world, cdc, "Fontaine", email="claire@example.org")
    response = world.client("cdc").post(
        reverse("network:contact_create", args=[world.a.uuid]),
        {"last_name": "Autre", "email": "CLAIRE@example.org"},
    )
    assert response.status_code == 200
    assert "Fontaine a déjà cette adresse dans l'annuaire de la CTG" in text_of(response)
    assert Contact.objects.filter(convention=world.a).count() == 1


def test_the_same_email_may_be_in_the_directories_of_two_ctgs(world, cdc):
    add(world, cdc, "Fontaine", email="claire@example.org")
    services.contact_create(
        convention=world.b,
        by=world.users["cdc_b"],
        last_name="Fontaine",
        email="claire@example.org",
    )
    assert Contact.objects.filter(email="claire@example.org").count() == 2


def test_a_contact_without_a_name_is_refused_and_nothing_is_saved(world):
    response = world.client("technicien").post(
        reverse("network:contact_create", args=[world.a.uuid]), {"first_name": "Claire"}
    )
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in text_of(response)
    assert not Contact.objects.exists()


def test_an_organisation_of_another_caf_is_refused(world, cdc):
    foreign = OrganisationFactory(caf=world.other_caf, name="Mairie de Voiron")
    with pytest.raises(ValidationError):
        add(world, cdc, organisation=foreign)
    response = world.client("cdc").post(
        reverse("network:contact_create", args=[world.a.uuid]),
        {"last_name": "Fontaine", "organisation": foreign.pk},
    )
    assert "Sélectionnez un choix valide" in text_of(response)
    assert not Contact.objects.exists()


def test_a_partner_sees_only_the_contacts_of_fiches_shared_with_them_and_no_notes(world, cdc):
    pilot = add(world, cdc, "Fontaine", notes="Préfère être appelée le matin.")
    add(world, cdc, "Benali", notes="Note sur Malik.")
    fiche(world, cdc, pilot_contact=pilot)
    fiche(world, cdc, confidential=True, pilot_contact=add(world, cdc, "Secret"))
    partner = world.client("partenaire")
    listing = partner.get(reverse("network:directory", args=[world.a.uuid]))
    assert [c.last_name for c in listing.context["contacts"]] == ["Fontaine"]
    detail = text_of(
        partner.get(reverse("network:contact_detail", args=[world.a.uuid, pilot.uuid]))
    )
    assert "Fontaine" in detail and "appelée le matin" not in detail
    elu = text_of(
        world.client("elu").get(reverse("network:contact_detail", args=[world.a.uuid, pilot.uuid]))
    )
    assert "Préfère être appelée le matin." in elu
    benali = Contact.objects.get(last_name="Benali")
    url = reverse("network:contact_detail", args=[world.a.uuid, benali.uuid])
    assert partner.get(url).status_code == 404


def test_a_contact_of_another_ctg_is_a_404_even_under_the_right_ctg_url(world, cdc):
    other = services.contact_create(convention=world.b, by=world.users["cdc_b"], last_name="Autre")
    url = reverse("network:contact_detail", args=[world.a.uuid, other.uuid])
    assert world.client("cdc").get(url).status_code == 404
    url = reverse("network:contact_edit", args=[world.a.uuid, other.uuid])
    assert world.client("cdc").post(url, {"last_name": "Piraté"}).status_code == 404
    other.refresh_from_db()
    assert other.last_name == "Autre"


def test_erasing_a_contact_deletes_it_and_its_history_and_unlinks_its_fiches(world, cdc):
    contact = add(world, cdc, "Fontaine", email="claire@example.org")
    services.contact_update(contact=contact, by=cdc, phone="0600000000")
    action = fiche(world, cdc, pilot_contact=contact)
    response = world.client("cdc").post(
        reverse("network:contact_erase", args=[world.a.uuid, contact.uuid])
    )
    assert response.status_code == 302
    assert not Contact.objects.exists()
    assert not Contact.history.filter(last_name="Fontaine").exists()
    action.refresh_from_db()
    assert action.pilot_contact is None
    assert action.history.first().history_change_reason == "Contact effacé de l'annuaire"


def test_the_directory_query_count_does_not_grow_with_contacts(world, cdc):
    org = OrganisationFactory(caf=world.caf, name="Mairie")
    client = world.client("cdc")
    url = reverse("network:directory", args=[world.a.uuid])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    for i in range(3):
        add(world, cdc, f"Nom{i}", organisation=org, themes=["enfance_jeunesse"])
    small = count()
    for i in range(3, 40):
        add(world, cdc, f"Nom{i}", organisation=org, themes=["enfance_jeunesse", "parentalite"])
    assert count() == small


# --------------------------------------------------------------- a contact as pilot


def test_a_fiche_may_be_piloted_by_a_contact_and_shows_their_name(world, cdc):
    contact = add(world, cdc, "Fontaine", first_name="Claire")
    action = fiche(world, cdc, pilot_contact=contact)
    page = text_of(
        world.client("elu").get(reverse("plans:action_detail", args=[world.a.uuid, action.uuid]))
    )
    assert "Claire Fontaine" in page
    listing = world.client("elu").get(
        reverse("plans:action_list", args=[world.a.uuid]) + f"?pilote={contact.uuid}"
    )
    assert [a.pk for a in listing.context["actions"]] == [action.pk]
    assert "Claire Fontaine (annuaire)" in text_of(listing)
    detail = text_of(
        world.client("cdc").get(
            reverse("network:contact_detail", args=[world.a.uuid, contact.uuid])
        )
    )
    assert f"{action.reference} PIJ" in detail


def test_a_fiche_cannot_have_both_a_user_and_a_contact_as_pilot(world, cdc):
    contact = add(world, cdc, "Fontaine")
    with pytest.raises(ValidationError):
        fiche(world, cdc, pilot=world.users["technicien"], pilot_contact=contact)
    action = fiche(world, cdc)
    response = world.client("cdc").post(
        reverse("plans:action_edit", args=[world.a.uuid, action.uuid]),
        {
            "axis": action.axis.pk,
            "title": "PIJ",
            "status": "en_cours",
            "priority": "moyenne",
            "participation": "aucune",
            "pilot": world.users["technicien"].pk,
            "pilot_contact": contact.pk,
        },
    )
    assert response.status_code == 200
    assert "Une fiche a un seul pilote" in text_of(response)
    action.refresh_from_db()
    assert action.pilot is None and action.pilot_contact is None


def test_a_contact_of_another_ctg_cannot_pilot_a_fiche(world, cdc):
    other = services.contact_create(convention=world.b, by=world.users["cdc_b"], last_name="Autre")
    with pytest.raises(ValidationError):
        fiche(world, cdc, pilot_contact=other)


def test_choosing_a_member_as_pilot_in_bulk_replaces_a_contact_pilot(world, cdc):
    action = fiche(world, cdc, pilot_contact=add(world, cdc, "Fontaine"))
    plan_services.actions_bulk_update(
        plan=action.plan, by=cdc, actions=[action], pilot=world.users["technicien"]
    )
    action.refresh_from_db()
    assert action.pilot == world.users["technicien"] and action.pilot_contact is None


def test_the_excel_round_trip_keeps_a_contact_as_pilot(world, cdc):
    from maillage.plans.spreadsheet import export_plan, import_plan

    from ..plans.test_spreadsheet import FICHES, edit, rows_as_dicts, upload

    contact = add(world, cdc, "Fontaine", email="claire@example.org")
    action = fiche(world, cdc, pilot_contact=contact)
    other = fiche(world, cdc, pilot=world.users["technicien"])
    content = export_plan(action.plan, cdc)
    rows = {r["Référence"]: r for r in rows_as_dicts(content, FICHES)}
    assert rows[action.reference]["Pilote"] == "claire@example.org"
    assert export_plan(action.plan, cdc) == content

    # The contact now pilots the other fiche too; the first loses its pilot.
    content = edit(content, FICHES, {(3, "Pilote"): "claire@example.org", (2, "Pilote"): None})
    report = import_plan(action.plan, cdc, upload(content))
    assert report.ok, [str(e) for e in report.errors]
    action.refresh_from_db()
    other.refresh_from_db()
    assert action.pilot_contact is None and action.pilot is None
    assert other.pilot_contact == contact and other.pilot is None


def test_only_the_cdc_erases_a_contact_with_its_history(world, cdc):
    contact = add(world, cdc, "Fontaine", email="claire@example.org")
    url = reverse("network:contact_erase", args=[world.a.uuid, contact.uuid])
    technicien = world.client("technicien")
    detail = technicien.get(reverse("network:contact_detail", args=[world.a.uuid, contact.uuid]))
    assert "Effacer ce contact" not in detail.content.decode()
    assert technicien.post(url).status_code == 403
    with pytest.raises(PermissionDenied):
        services.contact_erase(contact=contact, by=world.users["technicien"])
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_the_directory_is_paginated_and_keeps_its_filters(world, cdc):
    Contact.objects.bulk_create(
        Contact(convention=world.a, first_name="Prénom", last_name=f"Nom {n:03d}")
        for n in range(120)
    )
    client = world.client("cdc")
    url = reverse("network:directory", args=[world.a.uuid])
    first = client.get(url, {"q": "Nom"})
    assert len(first.context["contacts"]) == 50
    body = html.unescape(first.content.decode())
    assert "120 contacts correspondant à la recherche — page 1 sur 3" in body
    assert "?q=Nom&amp;page=2" in first.content.decode()
    last = client.get(url, {"q": "Nom", "page": "3"})
    assert len(last.context["contacts"]) == 20
    assert client.get(url, {"page": "²"}).status_code == 200
    assert client.get(url, {"page": "999"}).context["page"].number == 3
