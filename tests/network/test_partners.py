"""Organisations in a CTG's directory: add, list, page, edit, removal, privacy of notes."""

from __future__ import annotations

import html

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.network import services
from maillage.network.models import Contact, Partner
from maillage.organisations.models import Organisation
from maillage.plans import services as plan_services
from maillage.plans.models import Action
from maillage.plans.selectors import plan_of

from ..factories import OrganisationFactory


def text_of(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def cdc(world):
    return world.users["cdc"]


def add_partner(world, cdc, name="Centre social des Hauts", **fields) -> Partner:
    org = OrganisationFactory(caf=world.caf, name=name, kind="centre_social")
    return services.partner_add(convention=world.a, by=cdc, organisation=org, **fields)


def fiche(world, cdc, **fields) -> Action:
    plan = plan_of(world.a)
    axis = plan.axes.first() or plan_services.axis_create(plan=plan, by=cdc, title="Jeunesse")
    return plan_services.action_create(plan=plan, by=cdc, axis=axis, title="PIJ", **fields)


def test_the_cdc_adds_an_existing_organisation_of_the_caf_to_the_directory(world, cdc):
    org = OrganisationFactory(caf=world.caf, name="MJC de Cognin")
    response = world.client("cdc").post(
        reverse("network:partner_create", args=[world.a.uuid]),
        {"organisation": org.pk, "strategic": "on", "themes": ["enfance_jeunesse"], "notes": "x"},
    )
    partner = Partner.objects.get(convention=world.a)
    assert response.status_code == 302
    assert partner.organisation == org and partner.strategic and partner.notes == "x"
    assert [t.theme for t in partner.themes.all()] == ["enfance_jeunesse"]
    assert partner.history.first().history_user == cdc


def test_a_new_organisation_gets_its_category_from_its_kind(world):
    response = world.client("technicien").post(
        reverse("network:partner_create", args=[world.a.uuid]),
        {"name": "  Espace de vie sociale   Les Combes ", "kind": "evs"},
    )
    assert response.status_code == 302
    org = Organisation.objects.get(name="Espace de vie sociale Les Combes")
    assert org.caf == world.caf and org.category == "structures_avs"
    assert Partner.objects.filter(convention=world.a, organisation=org).exists()


def test_adding_an_organisation_needs_either_an_existing_one_or_a_name_and_a_kind(world):
    url = reverse("network:partner_create", args=[world.a.uuid])
    client = world.client("cdc")
    page = text_of(client.post(url, {}))
    assert "Choisissez une organisation existante ou donnez le nom" in page
    assert "Précisez le type" in page
    org = OrganisationFactory(caf=world.caf, name="RPE")
    page = text_of(client.post(url, {"organisation": org.pk, "name": "Autre", "kind": "rpe"}))
    assert "pas les deux" in page
    page = text_of(client.post(url, {"name": "rpe", "kind": "rpe"}))
    assert "existe déjà à la Caf" in page
    assert not Partner.objects.exists()


def test_an_organisation_of_another_caf_cannot_enter_the_directory(world, cdc):
    foreign = OrganisationFactory(caf=world.other_caf, name="Mairie de Voiron")
    with pytest.raises(ValidationError):
        services.partner_add(convention=world.a, by=cdc, organisation=foreign)
    response = world.client("cdc").post(
        reverse("network:partner_create", args=[world.a.uuid]), {"organisation": foreign.pk}
    )
    assert "Sélectionnez un choix valide" in text_of(response)
    assert not Partner.objects.exists()


def test_an_organisation_is_in_a_directory_only_once(world, cdc):
    partner = add_partner(world, cdc)
    with pytest.raises(ValidationError):
        services.partner_add(convention=world.a, by=cdc, organisation=partner.organisation)
    form_page = world.client("cdc").get(reverse("network:partner_create", args=[world.a.uuid]))
    assert partner.organisation not in form_page.context["form"].fields["organisation"].queryset


def test_an_organisation_shared_by_two_ctgs_never_shows_one_ctgs_notes_to_the_other(world, cdc):
    a_entry = add_partner(world, cdc, notes="Directrice en arrêt jusqu'en mars.", strategic=True)
    b_entry = services.partner_add(
        convention=world.b,
        by=world.users["cdc_b"],
        organisation=a_entry.organisation,
        notes="Projet de LAEP à Albertville.",
    )
    page_b = text_of(
        world.client("cdc_b").get(
            reverse("network:partner_detail", args=[world.b.uuid, b_entry.uuid])
        )
    )
    assert "Projet de LAEP" in page_b and "arrêt jusqu'en mars" not in page_b
    # The entry of CTG A under CTG B's address, or the other way round, is a 404.
    client = world.client("cdc_b")
    assert (
        client.get(reverse("network:partner_detail", args=[world.b.uuid, a_entry.uuid])).status_code
        == 404
    )
    assert (
        world.client("cdc")
        .get(reverse("network:partner_detail", args=[world.a.uuid, b_entry.uuid]))
        .status_code
        == 404
    )
    # The Caf's CDT reads both, each under its own CTG.
    cdt = world.client("cdt")
    page_a = text_of(cdt.get(reverse("network:partner_detail", args=[world.a.uuid, a_entry.uuid])))
    assert "arrêt jusqu'en mars" in page_a and "Projet de LAEP" not in page_a


def test_the_organisation_list_searches_and_filters(world, cdc):
    add_partner(world, cdc, "Centre social des Hauts", themes=["avs"])
    rpe = OrganisationFactory(caf=world.caf, name="Relais petite enfance", kind="rpe")
    rpe.category = "structures_peejp"
    rpe.save()
    services.partner_add(convention=world.a, by=cdc, organisation=rpe, themes=["petite_enfance"])
    cd = OrganisationFactory(
        caf=world.caf, name="Conseil départemental", category="institutionnels"
    )
    services.partner_add(convention=world.a, by=cdc, organisation=cd)
    url = reverse("network:partner_list", args=[world.a.uuid])
    client = world.client("elu")

    def names(query: str) -> list[str]:
        return [p.organisation.name for p in client.get(url + query).context["partners"]]

    assert names("") == [
        "Centre social des Hauts",
        "Conseil départemental",
        "Relais petite enfance",
    ]
    assert names("?q=relais") == ["Relais petite enfance"]
    assert names("?categorie=institutionnels") == ["Conseil départemental"]
    assert names("?thematique=avs") == ["Centre social des Hauts"]
    assert "Aucune organisation ne correspond" in text_of(client.get(url + "?q=zzz"))


def test_the_organisation_page_shows_its_contacts_and_the_fiches_it_pilots_or_partners(world, cdc):
    partner = add_partner(world, cdc)
    org = partner.organisation
    services.contact_create(
        convention=world.a, by=cdc, last_name="Fontaine", first_name="Claire", organisation=org
    )
    services.contact_create(
        convention=world.b, by=world.users["cdc_b"], last_name="Autrectg", organisation=org
    )
    piloted = fiche(world, cdc, pilot_organisation=org)
    partnered = fiche(world, cdc)
    partnered.partners.add(org)
    secret = fiche(world, cdc, confidential=True, pilot_organisation=org)
    url = reverse("network:partner_detail", args=[world.a.uuid, partner.uuid])
    page = text_of(world.client("cdc").get(url))
    assert "Claire Fontaine" in page and "Autrectg" not in page
    assert f"{piloted.reference} PIJ" in page and f"{partnered.reference} PIJ" in page
    assert "Fiche pilotée" in page and "Partenaire" in page
    assert f"{secret.reference} PIJ" in page
    technicien = text_of(world.client("technicien").get(url))
    assert f"{secret.reference} PIJ" not in technicien


def test_a_partner_sees_only_organisations_of_what_is_shared_with_them_and_no_notes(world, cdc):
    shown = add_partner(world, cdc, "Centre social des Hauts", notes="Note privée A")
    hidden = add_partner(world, cdc, "MJC cachée")
    via_contact = add_partner(world, cdc, "RPE du centre")
    fiche(world, cdc, pilot_organisation=shown.organisation)
    fiche(world, cdc, confidential=True, pilot_organisation=hidden.organisation)
    pilot = services.contact_create(
        convention=world.a, by=cdc, last_name="Pilote", organisation=via_contact.organisation
    )
    fiche(world, cdc, pilot_contact=pilot)
    client = world.client("partenaire")
    listing = client.get(reverse("network:partner_list", args=[world.a.uuid]))
    assert [p.organisation.name for p in listing.context["partners"]] == [
        "Centre social des Hauts",
        "RPE du centre",
    ]
    page = text_of(client.get(reverse("network:partner_detail", args=[world.a.uuid, shown.uuid])))
    assert "Centre social des Hauts" in page and "Note privée A" not in page
    assert "Dernier contact" not in text_of(listing)
    url = reverse("network:partner_detail", args=[world.a.uuid, hidden.uuid])
    assert client.get(url).status_code == 404


def test_editing_an_organisation_changes_only_this_ctgs_entry(world, cdc):
    partner = add_partner(world, cdc, themes=["avs"])
    response = world.client("technicien").post(
        reverse("network:partner_edit", args=[world.a.uuid, partner.uuid]),
        {"strategic": "on", "notes": "Interlocuteur clé", "themes": ["parentalite"]},
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.strategic and partner.notes == "Interlocuteur clé"
    assert [t.theme for t in partner.themes.all()] == ["parentalite"]


def test_removing_an_organisation_keeps_it_for_the_caf_and_keeps_its_contacts(world, cdc):
    partner = add_partner(world, cdc)
    contact = services.contact_create(
        convention=world.a, by=cdc, last_name="Fontaine", organisation=partner.organisation
    )
    response = world.client("cdc").post(
        reverse("network:partner_remove", args=[world.a.uuid, partner.uuid])
    )
    assert response.status_code == 302
    assert not Partner.objects.exists()
    assert Organisation.objects.filter(pk=partner.organisation_id).exists()
    contact.refresh_from_db()
    assert contact.organisation_id == partner.organisation_id
    assert Partner.history.filter(history_type="-").count() == 1


def test_an_elu_reads_the_organisations_but_cannot_change_them(world, cdc):
    partner = add_partner(world, cdc)
    client = world.client("elu")
    assert client.get(reverse("network:partner_list", args=[world.a.uuid])).status_code == 200
    url = reverse("network:partner_edit", args=[world.a.uuid, partner.uuid])
    assert client.post(url, {"notes": "piraté"}).status_code == 403
    url = reverse("network:partner_remove", args=[world.a.uuid, partner.uuid])
    assert client.post(url).status_code == 403
    partner.refresh_from_db()
    assert partner.notes == ""


def test_the_directory_pages_have_a_sub_navigation(world, cdc):
    page = text_of(world.client("cdc").get(reverse("network:directory", args=[world.a.uuid])))
    assert 'aria-label="Pages de l\'annuaire"' in page
    assert reverse("network:partner_list", args=[world.a.uuid]) in page
    assert reverse("network:interaction_list", args=[world.a.uuid]) in page
    partner_page = text_of(
        world.client("partenaire").get(reverse("network:partner_list", args=[world.a.uuid]))
    )
    assert reverse("network:interaction_list", args=[world.a.uuid]) not in partner_page


def test_the_organisation_list_query_count_does_not_grow_with_organisations(world, cdc):
    client = world.client("cdc")
    url = reverse("network:partner_list", args=[world.a.uuid])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    for i in range(3):
        add_partner(world, cdc, f"Structure {i}", themes=["avs"])
    small = count()
    for i in range(3, 40):
        partner = add_partner(world, cdc, f"Structure {i}", themes=["avs", "logement"])
        contact = services.contact_create(
            convention=world.a, by=cdc, last_name=f"Nom{i}", organisation=partner.organisation
        )
        services.interaction_create(
            convention=world.a,
            by=cdc,
            date=contact.created_at.date(),
            kind="appel",
            subject="Point",
            contacts=[contact],
        )
    assert count() == small
    assert Contact.objects.count() == 37
