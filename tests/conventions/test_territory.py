"""The territory of a CTG: whole EPCIs, single communes by INSEE code, removals."""

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils import translation

from maillage.territories.models import Commune, Epci

from ..conftest import ARLYSERE, GRAND_CHAMBERY

AIGUEBELLE = "73002"  # commune déléguée of Val-d'Arc since 2019
VAL_D_ARC = "73212"
COEUR_DE_CHARTREUSE = "200040111"


def territory_url(convention):
    return reverse("conventions:territory", kwargs={"convention_uuid": convention.uuid})


def overview(client, convention):
    return client.get(reverse("conventions:detail", kwargs={"convention_uuid": convention.uuid}))


def codes(convention):
    return set(convention.communes.values_list("code", flat=True))


def population_text(population):
    with translation.override("fr"):
        return f"{intcomma(population)} habitants"


def test_adding_an_epci_adds_all_its_communes_in_one_step(world):
    world.a.communes.clear()
    arlysere = Epci.objects.get(siren=ARLYSERE)
    expected = Commune.objects.filter(epci=arlysere)
    assert expected.count() > 30

    response = world.client("cdc").post(
        territory_url(world.a), {"action": "add_epci", "epci-epci": arlysere.pk}
    )

    assert response.status_code == 302
    assert response.url == territory_url(world.a)
    assert world.a.communes.count() == expected.count()
    assert codes(world.a) == set(expected.values_list("code", flat=True))


def test_adding_an_epci_keeps_the_communes_already_there_without_duplicates(world):
    before = world.a.communes.count()
    grand_chambery = Epci.objects.get(siren=GRAND_CHAMBERY)
    arlysere = Epci.objects.get(siren=ARLYSERE)
    client = world.client("cdc")

    client.post(territory_url(world.a), {"action": "add_epci", "epci-epci": arlysere.pk})
    client.post(territory_url(world.a), {"action": "add_epci", "epci-epci": grand_chambery.pk})

    assert world.a.communes.count() == before + Commune.objects.filter(epci=arlysere).count()


def test_the_overview_population_follows_the_territory(world):
    client = world.client("cdc")
    arlysere = Epci.objects.get(siren=ARLYSERE)
    before = overview(client, world.a).context["convention"].population

    client.post(territory_url(world.a), {"action": "add_epci", "epci-epci": arlysere.pk})

    response = overview(client, world.a)
    added = sum(Commune.objects.filter(epci=arlysere).values_list("population", flat=True))
    assert response.context["convention"].population == before + added
    assert population_text(before + added) in response.content.decode()


def test_a_commune_deleguee_code_adds_its_current_commune(world):
    assert VAL_D_ARC not in codes(world.a)

    response = world.client("cdc").post(
        territory_url(world.a), {"action": "add_commune", "commune-code": AIGUEBELLE}
    )

    assert response.status_code == 302
    assert VAL_D_ARC in codes(world.a)
    assert AIGUEBELLE not in codes(world.a)


def test_a_current_commune_code_adds_that_commune(world):
    response = world.client("cdt").post(
        territory_url(world.a), {"action": "add_commune", "commune-code": VAL_D_ARC}
    )

    assert response.status_code == 302
    assert VAL_D_ARC in codes(world.a)


@pytest.mark.parametrize("code", ["73999", "38185"])
def test_an_unknown_code_is_refused_in_french_and_nothing_is_added(world, code):
    before = codes(world.a)

    response = world.client("cdc").post(
        territory_url(world.a), {"action": "add_commune", "commune-code": code}
    )

    assert response.status_code == 200
    assert response.context["commune_form"].errors["code"] == [
        "Aucune commune de ce département ne porte ce code INSEE."
    ]
    assert codes(world.a) == before


def test_removing_checked_communes_removes_them_and_lowers_the_population(world):
    client = world.client("cdc")
    removed = list(world.a.communes.order_by("-population")[:2])
    before = overview(client, world.a).context["convention"].population

    response = client.post(
        territory_url(world.a), {"action": "remove", "communes": [c.code for c in removed]}
    )

    assert response.status_code == 302
    remaining = codes(world.a)
    assert not remaining & {c.code for c in removed}
    assert len(remaining) == Commune.objects.filter(epci__siren=GRAND_CHAMBERY).count() - 2
    after = overview(client, world.a).context["convention"].population
    assert after == before - sum(c.population for c in removed)
    assert Commune.objects.filter(code__in=[c.code for c in removed]).count() == 2


def test_removing_nothing_changes_nothing(world):
    before = codes(world.a)

    response = world.client("cdc").post(territory_url(world.a), {"action": "remove"}, follow=True)

    assert response.status_code == 200
    assert "Sélectionnez au moins une commune à retirer." in [
        str(m) for m in response.context["messages"]
    ]
    assert codes(world.a) == before


@pytest.mark.parametrize("role", ["elu", "technicien", "partenaire", "conseiller"])
def test_roles_that_cannot_edit_the_ctg_cannot_change_its_territory(world, role):
    before = codes(world.a)

    response = world.client(role).post(
        territory_url(world.a), {"action": "add_commune", "commune-code": VAL_D_ARC}
    )

    assert response.status_code == 403
    assert codes(world.a) == before


def test_the_territory_page_shows_the_communes_and_their_population(world):
    response = world.client("cdc").get(territory_url(world.a))

    assert response.status_code == 200
    population = sum(c.population for c in world.a.communes.all())
    assert response.context["population"] == population
    assert population_text(population) in response.content.decode()


def test_a_ctg_of_another_caf_cannot_take_a_savoie_epci_or_commune(world):
    client = world.client("cdc_c")
    grand_chambery = Epci.objects.get(siren=GRAND_CHAMBERY)

    by_epci = client.post(
        territory_url(world.c), {"action": "add_epci", "epci-epci": grand_chambery.pk}
    )
    by_code = client.post(
        territory_url(world.c), {"action": "add_commune", "commune-code": VAL_D_ARC}
    )

    assert by_epci.status_code == 200
    assert "epci" in by_epci.context["epci_form"].errors
    assert by_code.status_code == 200
    assert by_code.context["commune_form"].errors["code"] == [
        "Aucune commune de ce département ne porte ce code INSEE."
    ]
    assert codes(world.c) == set()


@pytest.fixture
def isere_commune_of_coeur_de_chartreuse(world):
    """As after a whole-France COG import: CC Coeur de Chartreuse spans Savoie and Isère."""
    return Commune.objects.create(
        code="38412",
        name="Saint-Laurent-du-Pont",
        population=4502,
        departement=world.other_caf.departement,
        epci=Epci.objects.get(siren=COEUR_DE_CHARTREUSE),
    )


def test_a_commune_of_another_departement_is_refused_by_its_code(
    world, isere_commune_of_coeur_de_chartreuse
):
    response = world.client("cdc").post(
        territory_url(world.a), {"action": "add_commune", "commune-code": "38412"}
    )

    assert response.status_code == 200
    assert "code" in response.context["commune_form"].errors
    assert "38412" not in codes(world.a)


def test_adding_an_epci_spanning_two_departements_adds_only_the_communes_of_the_caf(
    world, isere_commune_of_coeur_de_chartreuse
):
    world.a.communes.clear()
    epci = Epci.objects.get(siren=COEUR_DE_CHARTREUSE)

    response = world.client("cdc").post(
        territory_url(world.a), {"action": "add_epci", "epci-epci": epci.pk}
    )

    assert response.status_code == 302
    assert codes(world.a) == set(
        Commune.objects.filter(epci=epci, departement__code="73").values_list("code", flat=True)
    )
