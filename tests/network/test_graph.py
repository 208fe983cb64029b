"""The network map: organisations linked by fiches, meetings and interactions."""

from __future__ import annotations

import datetime
import html
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.governance.models import Invitation
from maillage.network.graph import GraphFilters, network_map
from maillage.network.models import Interaction, Partner
from maillage.network.services import contact_create
from maillage.plans import services as plan_services
from maillage.plans.selectors import plan_of

from ..factories import OrganisationFactory
from ..governance.helpers import meeting

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def net(world):
    """Five organisations in CTG A's directory: the town pilots a fiche with the crèche;
    the crèche and the centre social met; the town and the centre social talked twice."""
    cdc = world.users["cdc"]
    names = ["Mairie de Chambéry", "Crèche « Les Loupiots » & Cie", "Centre social", "MSA", "RPE"]
    kinds = ["commune", "eaje", "centre_social", "msa", "rpe"]
    orgs = {}
    for name, kind in zip(names, kinds, strict=True):
        orgs[name] = OrganisationFactory(caf=world.caf, name=name, kind=kind)
        Partner.objects.create(convention=world.a, organisation=orgs[name])
    town, creche, centre = orgs[names[0]], orgs[names[1]], orgs[names[2]]
    plan = plan_of(world.a)
    axis = plan_services.axis_create(plan=plan, by=cdc, title="Petite enfance")
    plan_services.action_create(
        plan=plan,
        by=cdc,
        axis=axis,
        title="Créer une MAM",
        pilot_organisation=town,
        partners=[creche],
        themes=["petite_enfance"],
        notify=False,
    )
    director = contact_create(convention=world.a, by=cdc, last_name="Durand", organisation=centre)
    held = meeting(world, kind="cotech", days=-20)
    held.status = "tenue"
    held.save()
    Invitation.objects.create(meeting=held, contact=director, status="present")
    Invitation.objects.create(meeting=held, user=cdc, organisation=creche, status="present")
    Invitation.objects.create(
        meeting=held, user=world.users["elu"], organisation=town, status="excuse"
    )
    for days in (10, 400):
        talk = Interaction.objects.create(
            convention=world.a,
            date=timezone.localdate() - datetime.timedelta(days=days),
            kind="reunion",
            subject="Point d'étape",
            author=cdc,
        )
        talk.organisations.add(town)
        talk.contacts.add(director)
    return orgs


def links(result) -> dict[frozenset[str], tuple[int, int, int]]:
    return {
        frozenset({link.a, link.b}): tuple(
            result.count(link, key) for key in ("fiches", "meetings", "interactions")
        )
        for link in result.links
    }


def test_organisations_are_linked_by_fiches_meetings_and_interactions(world, net):
    result = network_map(world.users["cdc"], world.a, GraphFilters())
    assert links(result) == {
        frozenset({"Mairie de Chambéry", "Crèche « Les Loupiots » & Cie"}): (1, 0, 0),
        frozenset({"Crèche « Les Loupiots » & Cie", "Centre social"}): (0, 1, 0),
        frozenset({"Mairie de Chambéry", "Centre social"}): (0, 0, 2),
    }
    assert result.isolated == ["MSA", "RPE"]
    assert result.central[0] == ("Centre social", 2, 3)
    svg = ET.fromstring(result.svg)  # well-formed: the « & » of a name is escaped
    assert len(list(svg.iter(f"{SVG}circle"))) == 3
    assert len(list(svg.iter(f"{SVG}line"))) == 3
    assert "Crèche « Les Loupiots » & Cie" in [t.text for t in svg.iter(f"{SVG}text")]


def test_the_map_filters_by_thematique_and_period(world, net):
    cdc = world.users["cdc"]
    themed = network_map(cdc, world.a, GraphFilters.from_query({"thematique": "logement"}))
    assert links(themed) == {}
    assert themed.svg == ""
    since = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    recent = network_map(cdc, world.a, GraphFilters.from_query({"debut": since}))
    assert links(recent)[frozenset({"Mairie de Chambéry", "Centre social"})] == (0, 0, 1)
    odd = GraphFilters.from_query({"debut": "pas une date", "fin": "2025-13-45", "thematique": "x"})
    assert odd == GraphFilters()


def test_the_page_shows_the_map_and_the_table_of_links(world, net):
    response = world.client("elu").get(reverse("network:graph", args=[world.a.uuid]))
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert "Carte du réseau des partenaires" in text
    assert '<caption class="visually-hidden">Chaque lien entre deux organisations' in text
    assert "Isolées" in text and "MSA" in text


def test_a_partner_may_not_see_the_network_map(world, net):
    url = reverse("network:graph", args=[world.a.uuid])
    assert world.client("partenaire").get(url).status_code == 403


def test_another_ctgs_work_never_links_this_ctgs_organisations(world, net):
    town, creche = net["Mairie de Chambéry"], net["MSA"]
    talk = Interaction.objects.create(
        convention=world.b,
        date=timezone.localdate(),
        kind="appel",
        subject="Arlysère",
        author=world.users["cdc_b"],
    )
    talk.organisations.add(town, creche)
    result = network_map(world.users["cdc"], world.a, GraphFilters())
    assert frozenset({"Mairie de Chambéry", "MSA"}) not in links(result)


def test_the_contact_timeline_shows_the_meetings_attended(world, net):
    director = world.a.contacts.get(last_name="Durand")
    url = reverse("network:contact_detail", args=[world.a.uuid, director.uuid])
    text = html.unescape(world.client("cdc").get(url).content.decode())
    assert "Réunion" in text and "COPIL annuel" in text


def test_the_query_count_does_not_grow_with_the_network(world, net):
    client = world.client("cdc")
    url = reverse("network:graph", args=[world.a.uuid])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    town = net["Mairie de Chambéry"]
    for i in range(10):
        org = OrganisationFactory(caf=world.caf, name=f"Association {i}")
        Partner.objects.create(convention=world.a, organisation=org)
        talk = Interaction.objects.create(
            convention=world.a, date=timezone.localdate(), kind="appel", subject="x", author=None
        )
        talk.organisations.add(town, org)
    assert count() == small


def test_a_network_of_200_organisations_and_5000_links_is_drawn(world):
    """All its links on the page (its timing is measured by ``make bench``)."""
    import random

    from maillage.organisations.models import Organisation

    orgs = Organisation.objects.bulk_create(
        Organisation(caf=world.caf, name=f"Structure {i}", kind="association", category="elus")
        for i in range(200)
    )
    Partner.objects.bulk_create(Partner(convention=world.a, organisation=o) for o in orgs)
    talks = Interaction.objects.bulk_create(
        Interaction(convention=world.a, date=timezone.localdate(), kind="reunion", subject="x")
        for _ in range(1200)
    )
    rng = random.Random(3)
    through = Interaction.organisations.through
    through.objects.bulk_create(
        through(interaction_id=talk.pk, organisation_id=org.pk)
        for talk in talks
        for org in rng.sample(orgs, 4)
    )
    client = world.client("cdc")
    url = reverse("network:graph", args=[world.a.uuid])
    response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["result"].links) >= 5000
