"""Communes are linked to the EPCI that lists them as members in epci.json."""

import pytest

from maillage.territories.models import Commune, Epci
from maillage.territories.services import import_cog

from .utils import CURRENT, shipped_communes, shipped_rows

pytestmark = pytest.mark.django_db

COEUR_DE_CHARTREUSE = "200040111"


def test_every_savoie_member_of_an_epci_is_linked_to_that_epci():
    savoie = shipped_communes(CURRENT)
    expected = {
        member["code"]: epci["code"]
        for epci in shipped_rows("epci.json")
        for member in epci["membres"]
        if member["code"] in savoie
    }
    assert len(expected) == 273

    linked = dict(Commune.objects.filter(code__in=expected).values_list("code", "epci__siren"))

    assert linked == expected


def test_epci_carry_the_name_type_and_population_of_the_source_file():
    expected = {
        row["code"]: (row["nom"], row["type"], row["populationMunicipale"])
        for row in shipped_rows("epci.json")
    }

    imported = {e.siren: (e.name, e.kind, e.population) for e in Epci.objects.all()}

    assert imported == expected


def test_coeur_de_chartreuse_links_only_its_savoie_members():
    [row] = [r for r in shipped_rows("epci.json") if r["code"] == COEUR_DE_CHARTREUSE]
    members = {m["code"] for m in row["membres"]}
    savoie_members = {code for code in members if code.startswith("73")}
    isere_members = members - savoie_members
    assert savoie_members and isere_members

    linked = set(
        Commune.objects.filter(epci__siren=COEUR_DE_CHARTREUSE).values_list("code", flat=True)
    )

    assert linked == savoie_members
    assert not Commune.objects.filter(code__in=isere_members).exists()


def test_a_commune_listed_in_no_epci_has_no_epci(cog_source):
    rows = cog_source.load("epci.json")
    for row in rows:
        row["membres"] = [m for m in row["membres"] if m["code"] != "73065"]
    cog_source.save("epci.json", rows)

    import_cog(source=cog_source.path, departement="73")

    assert Commune.objects.get(code="73065").epci is None


def test_the_metropole_de_lyon_epci_type_met69_is_accepted(cog_source):
    rows = cog_source.load("epci.json")
    chambery_epci = next(r for r in rows if any(m["code"] == "73065" for m in r["membres"]))
    chambery_epci["type"] = "MET69"
    cog_source.save("epci.json", rows)

    import_cog(source=cog_source.path, departement="73")

    assert Commune.objects.get(code="73065").epci.siren == chambery_epci["code"]
