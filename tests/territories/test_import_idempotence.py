"""Re-running the COG import updates rows in place and never duplicates them."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from maillage.territories.models import Commune, Epci
from maillage.territories.services import import_cog

from .utils import delete_all_territories, territory_counts, territory_snapshot

pytestmark = pytest.mark.django_db

CHAMBERY = "73065"
GRAND_CHAMBERY = "200069110"
NOTHING = {"départements": 0, "EPCI": 0, "communes": 0, "communes déléguées": 0}


def test_reimporting_savoie_with_the_service_creates_and_updates_nothing():
    before = territory_snapshot()

    report = import_cog(source=settings.COG_DATA_DIR, departement="73")

    assert report.created == NOTHING
    assert report.updated == NOTHING
    assert territory_snapshot() == before


def test_reimporting_savoie_with_the_command_creates_and_updates_nothing():
    before = territory_snapshot()
    stdout = io.StringIO()

    call_command("import_cog", "--departement", "73", "--no-progress", stdout=stdout)

    assert territory_snapshot() == before
    assert "communes : 0 créé" in stdout.getvalue()


def test_importing_twice_into_an_empty_database_gives_the_same_rows(cog_source):
    delete_all_territories()
    first = import_cog(source=cog_source.path, departement="73")
    after_first = territory_snapshot()

    second = import_cog(source=cog_source.path, departement="73")

    assert first.created == {
        "départements": 1,
        "EPCI": 18,
        "communes": 273,
        "communes déléguées": 55,
    }
    assert second.created == NOTHING and second.updated == NOTHING
    assert territory_snapshot() == after_first


def test_a_changed_population_in_the_source_is_updated_in_place(cog_source):
    chambery = Commune.objects.get(code=CHAMBERY)
    counts = territory_counts()
    cog_source.edit_row("communes.json", CHAMBERY, population=chambery.population + 1234)

    report = import_cog(source=cog_source.path, departement="73")

    updated = Commune.objects.get(code=CHAMBERY)
    assert updated.pk == chambery.pk
    assert updated.population == chambery.population + 1234
    assert report.updated["communes"] == 1
    assert report.created == NOTHING
    assert territory_counts() == counts


def test_a_changed_population_is_updated_in_place_by_the_command(cog_source):
    chambery = Commune.objects.get(code=CHAMBERY)
    counts = territory_counts()
    cog_source.edit_row("communes.json", CHAMBERY, population=1)

    call_command(
        "import_cog",
        "--source",
        str(cog_source.path),
        "--departement",
        "73",
        "--no-progress",
        stdout=io.StringIO(),
    )

    assert Commune.objects.get(pk=chambery.pk).population == 1
    assert territory_counts() == counts


def test_a_commune_moved_to_another_epci_in_the_source_is_relinked_in_place(cog_source):
    chambery = Commune.objects.get(code=CHAMBERY)
    other = Epci.objects.exclude(siren=GRAND_CHAMBERY).order_by("siren").first()
    rows = cog_source.load("epci.json")
    for row in rows:
        if row["code"] == GRAND_CHAMBERY:
            row["membres"] = [m for m in row["membres"] if m["code"] != CHAMBERY]
        if row["code"] == other.siren:
            row["membres"].append({"code": CHAMBERY, "nom": "Chambéry"})
    cog_source.save("epci.json", rows)

    import_cog(source=cog_source.path, departement="73")

    assert Commune.objects.get(pk=chambery.pk).epci == other


def test_a_changed_epci_name_is_updated_in_place(cog_source):
    epci = Epci.objects.get(siren=GRAND_CHAMBERY)
    cog_source.edit_row("epci.json", GRAND_CHAMBERY, nom="Grand Chambéry renommé")

    report = import_cog(source=cog_source.path, departement="73")

    assert Epci.objects.get(pk=epci.pk).name == "Grand Chambéry renommé"
    assert Epci.objects.filter(siren=GRAND_CHAMBERY).count() == 1
    assert report.updated["EPCI"] == 1
