"""The home page: « Mes CTG » for the collectivité side, the Caf's table for CAF roles."""

import datetime

import pytest
from django.urls import reverse

from maillage.conventions.enums import CafRole
from maillage.conventions.models import ConventionMembership

from ..factories import CafMembershipFactory, UserFactory


def table(client, **params):
    response = client.get(reverse("web:home"), params)
    assert response.status_code == 200
    return [c.name for c in response.context["table"]]


@pytest.fixture
def savoie(world):
    """A: en cours for decades, CDT référent = world's CDT; B: en préparation, another CDT."""
    world.a.start_date = datetime.date(2000, 1, 1)
    world.a.end_date = datetime.date(2099, 12, 31)
    world.a.save()
    other_cdt = CafMembershipFactory(
        caf=world.caf, role=CafRole.CDT, user=UserFactory(email="cdt2.savoie@example.org")
    ).user
    world.b.signed_on = None
    world.b.cdt = other_cdt
    world.b.save()
    world.users["other_cdt"] = other_cdt
    return world


@pytest.mark.parametrize("role", ["cdt", "conseiller", "caf_admin"])
def test_caf_roles_see_every_ctg_of_their_caf_and_none_of_another(world, role):
    names = table(world.client(role))

    assert sorted(names) == ["CTG Arlysère", "CTG Grand Chambéry"]
    assert "CTG Voironnais" not in names


def test_the_table_of_another_caf_shows_only_its_ctg(world):
    assert table(world.client("cdt_other_caf")) == ["CTG Voironnais"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [("en_preparation", ["CTG Arlysère"]), ("en_cours", ["CTG Grand Chambéry"]), ("echue", [])],
)
def test_the_status_filter_keeps_the_ctgs_of_that_status(savoie, status, expected):
    assert table(savoie.client("cdt"), statut=status) == expected


def test_the_cdt_filter_keeps_the_ctgs_of_that_referent(savoie):
    client = savoie.client("cdt")

    assert table(client, cdt=str(savoie.users["cdt"].uuid)) == ["CTG Grand Chambéry"]
    assert table(client, cdt=str(savoie.users["other_cdt"].uuid)) == ["CTG Arlysère"]


def test_an_invalid_cdt_filter_shows_nothing_and_does_not_crash(savoie):
    assert table(savoie.client("cdt"), cdt="pas-un-uuid") == []


@pytest.mark.parametrize(
    ("q", "expected"), [("arly", ["CTG Arlysère"]), ("grand", ["CTG Grand Chambéry"])]
)
def test_the_search_matches_the_name_of_the_ctg_or_of_its_epci(world, q, expected):
    assert table(world.client("cdt"), q=q) == expected


def test_the_search_matches_the_name_of_the_epci(world):
    world.a.name = "CTG du bassin chambérien"
    world.a.save()

    assert table(world.client("cdt"), q="CA du Grand") == ["CTG du bassin chambérien"]


def test_filters_combine(savoie):
    client = savoie.client("cdt")

    assert table(client, statut="en_cours", cdt=str(savoie.users["other_cdt"].uuid)) == []
    assert table(client, statut="en_preparation", q="arly") == ["CTG Arlysère"]


def test_sorting_by_descending_population_puts_the_most_populated_first(world):
    response = world.client("cdt").get(reverse("web:home"), {"tri": "-population"})

    rows = response.context["table"]
    assert [c.name for c in rows] == ["CTG Grand Chambéry", "CTG Arlysère"]
    populations = [c.population for c in rows]
    assert populations == sorted(populations, reverse=True)
    assert populations[-1] > 0


def test_sorting_by_ascending_population_puts_the_least_populated_first(world):
    assert table(world.client("cdt"), tri="population") == ["CTG Arlysère", "CTG Grand Chambéry"]


@pytest.mark.parametrize("column", ["nom", "epci", "population", "debut", "fin", "statut", "cdt"])
@pytest.mark.parametrize("direction", ["", "-"])
def test_every_column_of_the_table_sorts(savoie, column, direction):
    response = savoie.client("cdt").get(reverse("web:home"), {"tri": f"{direction}{column}"})

    assert response.status_code == 200
    assert response.context["filters"].sort == column
    assert response.context["filters"].descending is (direction == "-")
    assert len(response.context["table"]) == 2


def test_sorting_by_status_orders_the_rows_by_status(savoie):
    client = savoie.client("cdt")

    assert table(client, tri="statut") == ["CTG Grand Chambéry", "CTG Arlysère"]
    assert table(client, tri="-statut") == ["CTG Arlysère", "CTG Grand Chambéry"]


@pytest.mark.parametrize(
    "params",
    [
        {"tri": "inconnu"},
        {"tri": "-"},
        {"tri": "password"},
        {"statut": "inconnu"},
        {"statut": "en_cours'; --"},
        {"q": "x" * 500},
    ],
    ids=["tri", "tri-dash", "tri-field", "statut", "statut-injection", "long-q"],
)
def test_unknown_sort_or_filter_values_do_not_crash(world, params):
    response = world.client("cdt").get(reverse("web:home"), params)

    assert response.status_code == 200
    if "q" not in params:
        assert sorted(c.name for c in response.context["table"]) == [
            "CTG Arlysère",
            "CTG Grand Chambéry",
        ]


def test_an_htmx_request_returns_only_the_table_fragment(world):
    response = world.client("cdt").get(
        reverse("web:home"), {"q": "arly"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    templates = [t.name for t in response.templates]
    assert "web/_caf_table.html" in templates
    assert "web/home.html" not in templates
    assert "base.html" not in templates
    content = response.content.decode()
    assert "<html" not in content
    assert "CTG Arlysère" in content
    assert "CTG Grand Chambéry" not in content


def test_a_normal_request_returns_the_whole_page(world):
    response = world.client("cdt").get(reverse("web:home"))

    templates = [t.name for t in response.templates]
    assert "web/home.html" in templates
    assert "<html" in response.content.decode()


def test_a_cdc_sees_only_their_ctg_under_mes_ctg(world):
    response = world.client("cdc").get(reverse("web:home"))

    assert response.status_code == 200
    assert [c.name for c in response.context["own_conventions"]] == ["CTG Grand Chambéry"]
    assert response.context["own_conventions"][0].my_role_label == "Chargé·e de coopération"
    assert response.context["table"] is None
    content = response.content.decode()
    assert "Mes CTG" in content
    assert "CTG Arlysère" not in content


def test_a_cdc_of_two_ctgs_sees_both_under_mes_ctg(world):
    ConventionMembership.objects.create(user=world.users["cdc"], convention=world.b, role="elu")

    response = world.client("cdc").get(reverse("web:home"))

    assert [(c.name, c.my_role) for c in response.context["own_conventions"]] == [
        ("CTG Arlysère", "elu"),
        ("CTG Grand Chambéry", "cdc"),
    ]
