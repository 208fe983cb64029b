"""A malformed or missing COG file stops the import before anything is written."""

import io
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError

from maillage.territories.models import Commune, FormerCommune
from maillage.territories.services import CogImportError, import_cog

from .utils import CURRENT, CogSource, delete_all_territories, territory_counts, territory_snapshot

pytestmark = pytest.mark.django_db

CHAMBERY = "73065"


def _truncate_communes(source: CogSource) -> None:
    path = source.path / "communes.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")


def _last_row_of_type(source: CogSource, kind: str, **changes) -> None:
    """Modify the last row of ``kind``: a late error must still prevent any write."""
    rows = source.load("communes.json")
    row = [r for r in rows if r["type"] == kind][-1]
    row.update(changes)
    for key in [k for k, v in changes.items() if v is None]:
        del row[key]
    source.save("communes.json", rows)


def _missing(name: str) -> Callable[[CogSource], None]:
    def remove(source: CogSource) -> None:
        (source.path / name).unlink()

    return remove


BAD_INPUTS = {
    "truncated_json": (_truncate_communes, "n'est pas un fichier JSON valide"),
    "row_missing_nom": (lambda s: _last_row_of_type(s, CURRENT, nom=None), "« nom »"),
    "population_as_text": (
        lambda s: _last_row_of_type(s, CURRENT, population="1 234"),
        "population",
    ),
    "population_as_decimal": (
        lambda s: _last_row_of_type(s, CURRENT, population=12.5),
        "population",
    ),
    "negative_population": (
        lambda s: _last_row_of_type(s, CURRENT, population=-3),
        "population",
    ),
    "unknown_commune_type": (
        lambda s: _last_row_of_type(s, CURRENT, type="commune-fantome"),
        "type inconnu",
    ),
    "deleguee_with_unknown_chef_lieu": (
        lambda s: _last_row_of_type(s, "commune-deleguee", chefLieu="73999"),
        "inconnue",
    ),
    "missing_communes_file": (_missing("communes.json"), "Fichier introuvable"),
    "missing_epci_file": (_missing("epci.json"), "Fichier introuvable"),
    "missing_departements_file": (_missing("departements.json"), "Fichier introuvable"),
}


@pytest.fixture(params=list(BAD_INPUTS), ids=list(BAD_INPUTS))
def bad_source(request, cog_source: CogSource) -> tuple[CogSource, str]:
    """A source with one defect; Chambéry's population is also changed, to detect any write."""
    corrupt, message = BAD_INPUTS[request.param]
    cog_source.edit_row("communes.json", CHAMBERY, population=1)
    corrupt(cog_source)
    return cog_source, message


def test_bad_input_raises_cog_import_error_and_changes_nothing(bad_source):
    source, message = bad_source
    before = territory_snapshot()

    with pytest.raises(CogImportError, match=message):
        import_cog(source=source.path, departement="73")

    assert territory_snapshot() == before
    assert Commune.objects.get(code=CHAMBERY).population != 1


def test_bad_input_makes_the_command_fail_with_a_french_message_and_changes_nothing(bad_source):
    source, message = bad_source
    before = territory_snapshot()

    with pytest.raises(CommandError) as excinfo:
        call_command(
            "import_cog",
            "--source",
            str(source.path),
            "--departement",
            "73",
            "--no-progress",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )

    assert message in str(excinfo.value)
    assert "Aucune donnée n'a été importée." in str(excinfo.value)
    assert territory_snapshot() == before


def test_bad_input_writes_no_row_into_an_empty_database(bad_source):
    source, _message = bad_source
    delete_all_territories()

    with pytest.raises(CogImportError):
        import_cog(source=source.path, departement="73")

    assert territory_counts() == {"departements": 0, "epci": 0, "communes": 0, "former": 0}


def test_bad_input_writes_no_row_into_an_empty_database_without_departement_filter(bad_source):
    source, _message = bad_source
    delete_all_territories()

    with pytest.raises(CogImportError):
        import_cog(source=source.path)

    assert territory_counts() == {"departements": 0, "epci": 0, "communes": 0, "former": 0}


def test_an_unknown_departement_is_rejected_with_a_french_message(cog_source):
    before = territory_snapshot()

    with pytest.raises(CommandError, match="Le département « 74 » est absent"):
        call_command(
            "import_cog",
            "--source",
            str(cog_source.path),
            "--departement",
            "74",
            "--no-progress",
            stdout=io.StringIO(),
        )

    assert territory_snapshot() == before


def test_a_database_failure_in_the_last_step_rolls_back_the_earlier_steps(cog_source, monkeypatch):
    delete_all_territories()

    def fail(*args, **kwargs):
        raise DatabaseError("panne simulée")

    monkeypatch.setattr(FormerCommune.objects, "bulk_create", fail)

    with pytest.raises(DatabaseError):
        import_cog(source=cog_source.path, departement="73")

    assert territory_counts() == {"departements": 0, "epci": 0, "communes": 0, "former": 0}


def test_a_database_failure_in_the_last_step_keeps_the_previous_populations(
    cog_source, monkeypatch
):
    before = territory_snapshot()
    cog_source.edit_row("communes.json", CHAMBERY, population=1)

    def fail(*args, **kwargs):
        raise DatabaseError("panne simulée")

    monkeypatch.setattr(FormerCommune.objects, "bulk_create", fail)

    with pytest.raises(DatabaseError):
        import_cog(source=cog_source.path, departement="73")

    assert territory_snapshot() == before
