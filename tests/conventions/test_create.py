"""Creating a CTG: reserved to the Caf's responsables; an EPCI brings its communes."""

import datetime

import pytest
from django.urls import reverse

from maillage.conventions.models import Convention
from maillage.territories.models import Commune, Epci

COEUR_DE_SAVOIE = "200041010"
COEUR_DE_CHARTREUSE = "200040111"  # spans Savoie and Isère


def creation(epci, **changes):
    data = {
        "name": "CTG Coeur de Savoie",
        "epci": epci.pk,
        "start_date": "2026-01-01",
        "end_date": "2030-12-31",
        "signed_on": "",
        "cdt": "",
        "themes": ["petite_enfance", "parentalite"],
    }
    data.update(changes)
    return data


def test_the_caf_admin_creates_a_ctg_that_takes_the_communes_of_its_epci(world):
    epci = Epci.objects.get(siren=COEUR_DE_SAVOIE)
    client = world.client("caf_admin")
    assert client.get(reverse("conventions:create")).status_code == 200

    response = client.post(reverse("conventions:create"), creation(epci, cdt=world.users["cdt"].pk))

    convention = Convention.objects.get(name="CTG Coeur de Savoie")
    assert response.status_code == 302
    assert response.url == reverse(
        "conventions:detail", kwargs={"convention_uuid": convention.uuid}
    )
    assert convention.caf == world.caf
    assert convention.epci == epci
    assert convention.cdt == world.users["cdt"]
    assert (convention.start_date, convention.end_date) == (
        datetime.date(2026, 1, 1),
        datetime.date(2030, 12, 31),
    )
    expected = Commune.objects.filter(epci=epci)
    assert expected.exists()
    assert convention.communes.count() == expected.count()
    assert set(convention.communes.all()) == set(expected)
    assert set(convention.themes.values_list("theme", flat=True)) == {
        "petite_enfance",
        "parentalite",
    }


def test_the_new_ctg_is_visible_to_the_caf_and_not_to_another_caf(world):
    epci = Epci.objects.get(siren=COEUR_DE_SAVOIE)
    world.client("caf_admin").post(reverse("conventions:create"), creation(epci))
    convention = Convention.objects.get(name="CTG Coeur de Savoie")
    url = reverse("conventions:detail", kwargs={"convention_uuid": convention.uuid})

    assert world.client("cdt").get(url).status_code == 200
    assert world.client("cdt_other_caf").get(url).status_code == 404
    assert world.client("cdc").get(url).status_code == 404


@pytest.mark.parametrize("role", ["cdc", "elu", "cdt", "conseiller"])
def test_other_roles_get_403_on_creation(world, role):
    epci = Epci.objects.get(siren=COEUR_DE_SAVOIE)
    client = world.client(role)
    count = Convention.objects.count()

    assert client.get(reverse("conventions:create")).status_code == 403
    assert client.post(reverse("conventions:create"), creation(epci)).status_code == 403

    assert Convention.objects.count() == count


def test_a_creation_with_the_end_before_the_start_creates_nothing(world):
    epci = Epci.objects.get(siren=COEUR_DE_SAVOIE)
    count = Convention.objects.count()

    response = world.client("caf_admin").post(
        reverse("conventions:create"), creation(epci, end_date="2025-12-31")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == [
        "La date de fin doit être postérieure à la date de début."
    ]
    assert Convention.objects.count() == count


def test_a_creation_with_the_name_of_an_existing_ctg_of_the_caf_is_refused(world):
    epci = Epci.objects.get(siren=COEUR_DE_SAVOIE)

    response = world.client("caf_admin").post(
        reverse("conventions:create"), creation(epci, name="CTG Arlysère")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["Une CTG de cette Caf porte déjà ce nom."]
    assert Convention.objects.filter(name="CTG Arlysère").count() == 1


def test_a_new_ctg_takes_only_the_communes_of_its_epci_in_the_caf_departement(world):
    epci = Epci.objects.get(siren=COEUR_DE_CHARTREUSE)
    Commune.objects.create(
        code="38412",
        name="Saint-Laurent-du-Pont",
        population=4502,
        departement=world.other_caf.departement,
        epci=epci,
    )

    world.client("caf_admin").post(
        reverse("conventions:create"), creation(epci, name="CTG Coeur de Chartreuse")
    )

    convention = Convention.objects.get(name="CTG Coeur de Chartreuse")
    assert set(convention.communes.values_list("departement__code", flat=True)) == {"73"}
