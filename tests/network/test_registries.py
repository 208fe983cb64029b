"""The directory's registries: the modules above it contribute, it imports none of them."""

from __future__ import annotations

import ast
import datetime
import json
import pathlib
from collections.abc import Iterator

import pytest
from django.urls import reverse
from django.utils import timezone

import maillage.network
from maillage.governance.models import BodyMember, Invitation
from maillage.network import links, references, services, sharing, timeline
from maillage.network.exports import contact_data
from maillage.network.graph import GraphFilters, network_map
from maillage.network.models import Contact, Partner
from maillage.network.registry import Registry
from maillage.network.selectors import contacts_visible_to, partners_visible_to
from maillage.plans.models import Action

from ..factories import OrganisationFactory
from ..governance.helpers import body, fiche, meeting

NETWORK = pathlib.Path(maillage.network.__file__).parent


# --------------------------------------------------------------------------- the layers


def _imports(path: pathlib.Path) -> Iterator[tuple[ast.AST, str, bool]]:
    """Every import of a module: the node, the module imported, inside a function or not."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nested = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name, id(node) in nested
        elif isinstance(node, ast.ImportFrom):
            yield node, "." * node.level + (node.module or ""), id(node) in nested


def test_the_directory_imports_no_module_above_it_nor_inside_a_function():
    above = ("maillage.plans", "maillage.governance", "maillage.departement")
    upward, hidden = [], []
    for path in NETWORK.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node, module, in_function in _imports(path):
            where = f"{path.relative_to(NETWORK)}:{node.lineno} {module}"
            if module.startswith(above):
                upward.append(where)
            if in_function:
                hidden.append(where)
    assert upward == []
    assert hidden == []


# --------------------------------------------------------------------------- the registry


def test_a_registry_keeps_contributions_in_order_and_replaces_a_name_registered_again():
    registry: Registry[str] = Registry("essai")
    registry.register("b", "deuxième", order=20)
    registry.register("a", "premier", order=10)
    registry.register("c", "troisième", order=20)
    assert list(registry) == ["premier", "deuxième", "troisième"]
    registry.register("a", "premier, rechargé", order=30)
    assert list(registry) == ["deuxième", "troisième", "premier, rechargé"]
    registry.unregister("b")
    registry.unregister("inconnu")
    assert registry.names() == ["c", "a"] and len(registry) == 2


def test_the_plan_and_governance_contribute_to_every_registry():
    assert links.LINK_SOURCES.names() == ["fiches", "meetings", "interactions"]
    assert [s.column for s in links.LINK_SOURCES] == ["Fiches", "Réunions", "Échanges"]
    assert [n.rsplit(".", 1)[1] for n in timeline.CONTACT_HISTORY.names()] == [
        "contact_interactions",
        "contact_piloted_actions",
        "contact_meetings",
    ]
    assert [n.rsplit(".", 1)[1] for n in timeline.PARTNER_HISTORY.names()] == [
        "partner_interactions",
        "partner_actions",
        "partner_meetings",
    ]
    assert sharing.PARTNER_SHARES.names() == ["maillage.plans.network_links.fiches_shared"]
    assert references.CONTACT_DATA.names() == ["fiches_pilotees", "reunions", "instances"]
    assert references.CONTACT_ERASURE.names() == [
        "maillage.plans.network_links.unlink_piloted_fiches"
    ]
    assert references.CONTACT_MERGE.names() == [
        "maillage.governance.network_links.merge_invitations_and_seats"
    ]


# --------------------------------------------------------------------------- a new module


@pytest.fixture
def orgs(world):
    """Three organisations of CTG A's directory."""
    made = []
    for name in ["Mairie", "Crèche", "MSA"]:
        org = OrganisationFactory(caf=world.caf, name=name)
        Partner.objects.create(convention=world.a, organisation=org)
        made.append(org)
    return made


@pytest.fixture
def visits(orgs):
    """A module that links the town and the crèche by two visits, registered for one test."""
    town, creche, _msa = orgs

    def visit_groups(user, convention, filters: GraphFilters) -> list[set[int]]:
        return [{town.pk, creche.pk}, {town.pk, creche.pk}] if not filters.theme else []

    links.link_source(
        "visites", column="Visites", reason="ont reçu une même visite", noun="visite", order=40
    )(visit_groups)
    yield
    links.LINK_SOURCES.unregister("visites")


def test_a_registered_link_source_links_organisations_and_gets_its_column(world, orgs, visits):
    cdc = world.users["cdc"]
    result = network_map(cdc, world.a, GraphFilters())
    assert result.columns == ["Fiches", "Réunions", "Échanges", "Visites"]
    [link] = result.links
    assert {link.a, link.b} == {"Mairie", "Crèche"}
    assert link.counts == (0, 0, 0, 2) and link.weight == 2
    assert result.count(link, "visites") == 2 and result.count(link, "inconnue") == 0
    assert result.isolated == ["MSA"]
    assert result.reasons.endswith("ont pris part à un même échange ou ont reçu une même visite")
    page = world.client("cdc").get(reverse("network:graph", args=[world.a.uuid])).content.decode()
    assert '<th scope="col" class="text-end">Visites</th>' in page
    assert '<td class="text-end">2</td><td class="text-end">2</td></tr>' in page
    # The source applies the map's filters itself.
    assert network_map(cdc, world.a, GraphFilters(theme="logement")).links == []


def test_an_unregistered_link_source_no_longer_links(world, orgs, visits):
    links.LINK_SOURCES.unregister("visites")
    result = network_map(world.users["cdc"], world.a, GraphFilters())
    assert result.links == [] and result.columns == ["Fiches", "Réunions", "Échanges"]
    assert result.nouns == "fiche, réunion ou échange"
    assert sorted(result.isolated) == ["Crèche", "MSA", "Mairie"]


@pytest.fixture
def claire(world):
    return services.contact_create(convention=world.a, by=world.users["cdc"], last_name="Fontaine")


def test_a_registered_history_source_adds_entries_to_the_timeline_until_unregistered(world, claire):
    day = timezone.localdate() - datetime.timedelta(days=3)

    @timeline.contact_history(order=40)
    def visits_received(user, convention, contact):
        return [timeline.TimelineEntry(date=day, kind="Visite", title=f"Visite de {contact}")]

    url = reverse("network:contact_detail", args=[world.a.uuid, claire.uuid])
    try:
        entries = timeline.contact_timeline(world.users["cdc"], world.a, claire)
        assert [(e.kind, e.title) for e in entries] == [("Visite", "Visite de Fontaine")]
        assert "Visite de Fontaine" in world.client("cdc").get(url).content.decode()
    finally:
        timeline.CONTACT_HISTORY.unregister(f"{__name__}.{visits_received.__qualname__}")
    assert timeline.contact_timeline(world.users["cdc"], world.a, claire) == []


def test_the_timelines_show_fiches_and_meetings_from_their_modules(world, orgs, claire):
    town = orgs[0]
    cdc = world.users["cdc"]
    action = fiche(world)
    Action.objects.filter(pk=action.pk).update(pilot_contact=claire, pilot_organisation=town)
    held = meeting(world, days=-5)
    held.status = "tenue"
    held.save()
    Invitation.objects.create(meeting=held, contact=claire, status="present")
    kinds = [e.kind for e in timeline.contact_timeline(cdc, world.a, claire)]
    assert sorted(kinds) == ["Fiche pilotée", "Réunion"]
    partner = Partner.objects.get(convention=world.a, organisation=town)
    assert [e.kind for e in timeline.partner_timeline(cdc, world.a, partner)] == ["Fiche pilotée"]


def test_what_a_partner_sees_of_the_directory_comes_from_what_modules_share(world, orgs, claire):
    partner = world.users["partenaire"]
    other = services.contact_create(convention=world.a, by=world.users["cdc"], last_name="Benali")

    def shown(user) -> tuple[list[str], list[str]]:
        people = contacts_visible_to(user, world.a).order_by("last_name")
        entries = partners_visible_to(user, world.a).order_by("organisation__name")
        return [c.last_name for c in people], [p.organisation.name for p in entries]

    assert shown(partner) == ([], [])  # no fiche shared with them yet
    assert shown(world.users["cdc"])[0] == ["Benali", "Fontaine"]

    @sharing.shared_with_partner(order=90)
    def letters(user, convention):
        return sharing.Shared(
            contacts=[Contact.objects.filter(pk=other.pk).values("pk")],
            organisations=[Partner.objects.filter(organisation=orgs[2]).values("organisation")],
        )

    try:
        assert shown(partner) == (["Benali"], ["MSA"])
    finally:
        sharing.PARTNER_SHARES.unregister(f"{__name__}.{letters.__qualname__}")
    assert shown(partner) == ([], [])


def test_a_contacts_data_covers_fiches_meetings_and_instances_and_a_registered_section(
    world, claire
):
    action = fiche(world)
    Action.objects.filter(pk=action.pk).update(pilot_contact=claire)
    held = meeting(world, days=-5, title="COPIL de juin")
    Invitation.objects.create(meeting=held, contact=claire, status="excuse")
    instance = body(world, kind="cotech", name="COTECH petite enfance")
    BodyMember.objects.create(body=instance, contact=claire)

    @references.contact_data_section("visites", order=90)
    def visits(contact):
        return [{"objet": f"Visite de {contact.last_name}"}]

    url = reverse("network:contact_data", args=[world.a.uuid, claire.uuid])
    try:
        data = json.loads(world.client("cdc").get(url).content)
    finally:
        references.CONTACT_DATA.unregister("visites")
    assert data["fiches_pilotees"] == [{"reference": action.reference, "intitule": "Créer une MAM"}]
    [invitation] = data["reunions"]
    assert invitation["reunion"] == "COPIL de juin" and invitation["presence"] == "Excusé·e"
    assert data["instances"] == [{"instance": "COTECH petite enfance"}]
    assert data["visites"] == [{"objet": "Visite de Fontaine"}]
    assert list(data)[-1] == "historique"
    assert "visites" not in contact_data(claire, world.a)


def test_erasing_a_contact_runs_each_modules_erasure_then_deletes_what_cascades(world, claire):
    cdc = world.users["cdc"]
    action = fiche(world)
    Action.objects.filter(pk=action.pk).update(pilot_contact=claire)
    held = meeting(world, days=5)
    Invitation.objects.create(meeting=held, contact=claire)
    seen = []

    @references.on_contact_erase(order=90)
    def remember(contact, by):
        seen.append((contact.last_name, by, Action.objects.get(pk=action.pk).pilot_contact_id))

    try:
        services.contact_erase(contact=claire, by=cdc)
    finally:
        references.CONTACT_ERASURE.unregister(f"{__name__}.{remember.__qualname__}")
    # The plan's erasure ran first (order 10): the fiche had already lost its pilot.
    assert seen == [("Fontaine", cdc, None)]
    action.refresh_from_db()
    assert action.pilot_contact is None
    assert action.history.first().history_change_reason == "Contact effacé de l'annuaire"
    assert not Invitation.objects.filter(meeting=held).exists()


def test_merging_keeps_one_invitation_per_meeting_and_one_seat_per_instance(world, claire):
    cdc = world.users["cdc"]
    twin = services.contact_create(convention=world.a, by=cdc, last_name="Fontaine C.")
    both, only_twin = meeting(world, days=5), meeting(world, days=6)
    Invitation.objects.create(meeting=both, contact=claire, status="invite")
    Invitation.objects.create(meeting=both, contact=twin, status="present")
    Invitation.objects.create(meeting=only_twin, contact=twin, status="excuse")
    shared_seat, own_seat = body(world, kind="cotech"), body(world, kind="groupe_travail")
    BodyMember.objects.create(body=shared_seat, contact=claire)
    BodyMember.objects.create(body=shared_seat, contact=twin)
    BodyMember.objects.create(body=own_seat, contact=twin)
    calls = []

    @references.on_contact_merge(order=90)
    def remember(keep, other, by, reason):
        calls.append((keep.last_name, other.last_name, reason))

    try:
        services.contact_merge(keep=claire, other=twin, by=cdc)
    finally:
        references.CONTACT_MERGE.unregister(f"{__name__}.{remember.__qualname__}")
    assert calls == [("Fontaine", "Fontaine C.", "Fusion de Fontaine C. dans Fontaine")]
    invitations = Invitation.objects.filter(contact=claire).order_by("meeting__start")
    assert [(i.meeting, i.status) for i in invitations] == [
        (both, "present"),
        (only_twin, "excuse"),
    ]
    assert invitations[0].history.first().history_change_reason.startswith("Fusion de")
    seats = BodyMember.objects.filter(contact=claire).order_by("body__name")
    assert sorted(s.body_id for s in seats) == sorted([shared_seat.pk, own_seat.pk])
    assert not Contact.objects.filter(pk=twin.pk).exists()
