"""The import of the Savoie COG subset shipped with Maillage (done once per test session)."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from maillage.territories.enums import FormerCommuneKind
from maillage.territories.models import Commune, Departement, Epci, FormerCommune
from maillage.territories.services import CogImportError, import_cog

from .utils import CURRENT, FORMER_KINDS, shipped_communes, shipped_rows

pytestmark = pytest.mark.django_db

CHAMBERY = "73065"


def test_savoie_import_creates_exactly_the_273_current_communes_of_savoie():
    assert Commune.objects.filter(departement__code="73").count() == 273
    assert len(shipped_communes(CURRENT)) == 273


def test_savoie_import_creates_the_savoie_departement_with_its_region():
    savoie = Departement.objects.get(code="73")
    assert (savoie.name, savoie.region_code) == ("Savoie", "84")


def test_savoie_import_creates_the_18_epci_having_a_member_in_savoie():
    assert Epci.objects.count() == 18
    assert set(Epci.objects.values_list("siren", flat=True)) == {
        row["code"] for row in shipped_rows("epci.json")
    }


def test_savoie_import_creates_52_communes_deleguees_and_3_communes_associees():
    assert FormerCommune.objects.count() == 55
    assert FormerCommune.objects.filter(kind=FormerCommuneKind.DELEGUEE).count() == 52
    assert FormerCommune.objects.filter(kind=FormerCommuneKind.ASSOCIEE).count() == 3


def test_chambery_population_is_the_one_of_the_source_file():
    rows = json.loads((Path(settings.COG_DATA_DIR) / "communes.json").read_text(encoding="utf-8"))
    [chambery] = [r for r in rows if r["code"] == CHAMBERY and r["type"] == CURRENT]
    source_population = chambery["population"]
    assert isinstance(source_population, int) and source_population > 0
    assert Commune.objects.get(code=CHAMBERY).population == source_population


def test_every_current_commune_has_the_name_and_population_of_the_source_file():
    source = {
        code: (row["nom"], row.get("population") or 0, row["departement"])
        for code, row in shipped_communes(CURRENT).items()
    }
    imported = {
        c.code: (c.name, c.population, c.departement.code)
        for c in Commune.objects.select_related("departement")
    }
    assert imported == source


def test_every_former_commune_points_to_the_current_commune_named_as_its_chef_lieu():
    source = {
        (row["code"], row["type"]): (row["nom"], row["chefLieu"])
        for kind in FORMER_KINDS
        for row in shipped_communes(kind).values()
    }
    imported = {
        (f.code, f.kind): (f.name, f.commune.code)
        for f in FormerCommune.objects.select_related("commune")
    }
    assert imported == source


def test_insee_codes_are_five_character_strings_identical_to_the_source():
    codes = list(Commune.objects.values_list("code", flat=True)) + list(
        FormerCommune.objects.values_list("code", flat=True)
    )
    assert all(isinstance(code, str) and len(code) == 5 for code in codes)
    assert set(Commune.objects.values_list("code", flat=True)) == set(shipped_communes(CURRENT))


def test_leading_zeros_of_insee_codes_are_preserved(cog_source):
    cog_source.save(
        "departements.json",
        cog_source.load("departements.json") + [{"code": "01", "nom": "Ain", "region": "84"}],
    )
    cog_source.save(
        "communes.json",
        cog_source.load("communes.json")
        + [
            {
                "code": "01004",
                "nom": "Ambérieu-en-Bugey",
                "departement": "01",
                "type": "commune-actuelle",
                "population": 14514,
            },
            {
                "code": "01015",
                "nom": "Arbignieu",
                "departement": "01",
                "type": "commune-deleguee",
                "chefLieu": "01004",
            },
        ],
    )

    import_cog(source=cog_source.path, departement="01")

    amberieu = Commune.objects.get(code="01004")
    assert amberieu.departement.code == "01"
    assert FormerCommune.objects.get(code="01015").commune == amberieu
    assert not Commune.objects.filter(code="1004").exists()
    assert not Departement.objects.filter(code="1").exists()


def test_an_insee_code_given_as_a_number_is_rejected_rather_than_losing_its_zero(cog_source):
    cog_source.save(
        "communes.json",
        cog_source.load("communes.json")
        + [{"code": 1004, "nom": "Sans zéro", "departement": "73", "type": "commune-actuelle"}],
    )

    with pytest.raises(CogImportError, match="code"):
        import_cog(source=cog_source.path, departement="73")

    assert not Commune.objects.filter(name="Sans zéro").exists()


def test_import_without_departement_filter_of_the_savoie_files_changes_nothing_in_savoie():
    """The shipped files only hold Savoie: importing "all of France" from them is a no-op."""
    report = import_cog(source=settings.COG_DATA_DIR)

    assert report.created == {
        "départements": 0,
        "EPCI": 0,
        "communes": 0,
        "communes déléguées": 0,
    }
    assert Commune.objects.count() == 273
