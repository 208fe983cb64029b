"""Reads on territories: from an INSEE code (current or former) to the current commune."""

import pytest

from maillage.territories.models import Commune
from maillage.territories.selectors import commune_for_code, communes_of_epci

from .utils import CURRENT, shipped_communes, shipped_rows

pytestmark = pytest.mark.django_db


def _former_rows_with_their_own_code(kind: str) -> list[dict]:
    """Former communes of ``kind`` whose code is not also a current commune's code."""
    current = shipped_communes(CURRENT)
    return [
        row
        for code, row in shipped_communes(kind).items()
        if row["chefLieu"] != code and code not in current
    ]


def test_commune_for_code_of_a_commune_deleguee_returns_its_current_commune():
    row = _former_rows_with_their_own_code("commune-deleguee")[0]

    commune = commune_for_code(row["code"])

    assert commune == Commune.objects.get(code=row["chefLieu"])


def test_commune_for_code_follows_every_deleguee_and_associee_to_its_chef_lieu():
    rows = _former_rows_with_their_own_code("commune-deleguee") + _former_rows_with_their_own_code(
        "commune-associee"
    )
    assert rows

    found = {row["code"]: getattr(commune_for_code(row["code"]), "code", None) for row in rows}

    assert found == {row["code"]: row["chefLieu"] for row in rows}


def test_commune_for_code_of_a_current_commune_returns_that_commune():
    assert commune_for_code("73065") == Commune.objects.get(code="73065")


def test_commune_for_code_of_a_deleguee_sharing_the_code_of_its_commune_returns_the_commune():
    current = shipped_communes(CURRENT)
    row = next(
        row
        for code, row in shipped_communes("commune-deleguee").items()
        if row["chefLieu"] == code and code in current
    )

    assert commune_for_code(row["code"]) == Commune.objects.get(code=row["code"])


def test_commune_for_code_of_an_unknown_code_returns_none():
    assert commune_for_code("73999") is None
    assert commune_for_code("38412") is None  # an Isère member of CC Coeur de Chartreuse


def test_communes_of_epci_lists_the_savoie_members_of_the_epci():
    [row] = [r for r in shipped_rows("epci.json") if r["code"] == "200069110"]
    epci_id = Commune.objects.get(code="73065").epci_id

    codes = set(communes_of_epci(epci_id).values_list("code", flat=True))

    assert codes == {m["code"] for m in row["membres"]}
