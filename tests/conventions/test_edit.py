"""Editing a CTG's identity, period, CDT référent and thématiques."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from maillage.conventions.enums import CafRole
from maillage.conventions.models import Convention
from maillage.conventions.services import convention_update
from maillage.core.field_rights import FieldsNotEditable

from ..factories import CafMembershipFactory, UserFactory


def edit_url(convention):
    return reverse("conventions:edit", kwargs={"convention_uuid": convention.uuid})


def form_data(convention, **changes):
    """The edit form as the browser posts it, filled with the CTG's values."""
    data = {
        "name": convention.name,
        "epci": convention.epci_id or "",
        "start_date": convention.start_date.isoformat(),
        "end_date": convention.end_date.isoformat(),
        "signed_on": convention.signed_on.isoformat() if convention.signed_on else "",
        "cdt": convention.cdt_id or "",
        "themes": list(convention.themes.values_list("theme", flat=True)),
    }
    if convention.renewal_in_progress:
        data["renewal_in_progress"] = "on"
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ["cdc", "cdt", "caf_admin"])
def test_the_cdc_the_referent_cdt_and_the_caf_admin_edit_the_ctg(world, role):
    client = world.client(role)
    assert client.get(edit_url(world.a)).status_code == 200

    response = client.post(
        edit_url(world.a), form_data(world.a, name="CTG Grand Chambéry Métropole")
    )

    assert response.status_code == 302
    assert response.url == reverse("conventions:detail", kwargs={"convention_uuid": world.a.uuid})
    assert Convention.objects.get(pk=world.a.pk).name == "CTG Grand Chambéry Métropole"


def test_a_cdt_who_is_not_the_referent_of_the_ctg_gets_403(world):
    other_cdt = CafMembershipFactory(
        caf=world.caf, role=CafRole.CDT, user=UserFactory(email="cdt2.savoie@example.org")
    ).user
    client = Client()
    client.force_login(other_cdt)

    assert client.get(edit_url(world.a)).status_code == 403
    response = client.post(edit_url(world.a), form_data(world.a, name="Renommée"))

    assert response.status_code == 403
    assert Convention.objects.get(pk=world.a.pk).name == "CTG Grand Chambéry"


def test_the_referent_cdt_of_one_ctg_cannot_edit_another_ctg_of_the_caf(world):
    response = world.client("cdt").post(edit_url(world.b), form_data(world.b, name="Renommée"))

    assert response.status_code == 403
    assert Convention.objects.get(pk=world.b.pk).name == "CTG Arlysère"


@pytest.mark.parametrize("role", ["elu", "technicien", "partenaire", "conseiller"])
def test_other_roles_get_403_on_the_edit_page(world, role):
    client = world.client(role)

    assert client.get(edit_url(world.a)).status_code == 403
    response = client.post(edit_url(world.a), form_data(world.a, name="Renommée"))

    assert response.status_code == 403
    assert Convention.objects.get(pk=world.a.pk).name == "CTG Grand Chambéry"


def test_a_member_of_another_ctg_gets_404_on_the_edit_page(world):
    assert world.client("cdc_b").get(edit_url(world.a)).status_code == 404


@pytest.mark.parametrize(
    "end_date", [datetime.date(2023, 12, 31), datetime.date(2024, 1, 1)], ids=["before", "same"]
)
def test_an_end_date_not_after_the_start_date_is_refused_and_nothing_changes(world, end_date):
    response = world.client("cdc").post(
        edit_url(world.a),
        form_data(world.a, name="Renommée", end_date=end_date.isoformat(), themes=["avs"]),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == [
        "La date de fin doit être postérieure à la date de début."
    ]
    a = Convention.objects.get(pk=world.a.pk)
    assert (a.name, a.start_date, a.end_date) == (
        "CTG Grand Chambéry",
        datetime.date(2024, 1, 1),
        datetime.date(2028, 12, 31),
    )
    assert list(a.themes.values_list("theme", flat=True)) == ["petite_enfance"]


def test_a_name_already_used_by_another_ctg_of_the_caf_is_refused(world):
    response = world.client("cdc").post(edit_url(world.a), form_data(world.a, name="CTG Arlysère"))

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["Une CTG de cette Caf porte déjà ce nom."]
    assert Convention.objects.get(pk=world.a.pk).name == "CTG Grand Chambéry"


def test_the_themes_are_saved(world):
    response = world.client("cdc").post(
        edit_url(world.a), form_data(world.a, themes=["parentalite", "avs"])
    )

    assert response.status_code == 302
    assert set(world.a.themes.values_list("theme", flat=True)) == {"parentalite", "avs"}


def test_dates_signature_renewal_and_cdt_are_saved(world):
    response = world.client("caf_admin").post(
        edit_url(world.a),
        form_data(
            world.a,
            start_date="2025-01-01",
            end_date="2029-12-31",
            signed_on="",
            renewal_in_progress="on",
            cdt="",
        ),
    )

    assert response.status_code == 302
    a = Convention.objects.get(pk=world.a.pk)
    assert (a.start_date, a.end_date) == (datetime.date(2025, 1, 1), datetime.date(2029, 12, 31))
    assert a.signed_on is None
    assert a.renewal_in_progress is True
    assert a.cdt is None


def test_the_cdt_referent_must_be_a_cdt_of_the_caf(world):
    response = world.client("caf_admin").post(
        edit_url(world.a), form_data(world.a, cdt=world.users["cdt_other_caf"].pk)
    )

    assert response.status_code == 200
    assert "cdt" in response.context["form"].errors
    assert Convention.objects.get(pk=world.a.pk).cdt == world.users["cdt"]


def test_unchecking_every_theme_removes_them(world):
    data = form_data(world.a)
    del data["themes"]

    response = world.client("cdc").post(edit_url(world.a), data)

    assert response.status_code == 302
    assert not world.a.themes.exists()


@pytest.mark.parametrize("role", ["cdc", "cdt"])
def test_only_the_caf_chooses_the_referent_cdt(world, role):
    other_cdt = CafMembershipFactory(
        caf=world.caf, role=CafRole.CDT, user=UserFactory(email="cdt2.savoie@example.org")
    ).user
    client = world.client(role)
    assert "cdt" not in client.get(edit_url(world.a)).context["form"].fields
    response = client.post(
        edit_url(world.a), form_data(world.a, cdt=other_cdt.pk, name="CTG Chambéry")
    )
    assert response.status_code == 302
    a = Convention.objects.get(pk=world.a.pk)
    assert (a.name, a.cdt) == ("CTG Chambéry", world.users["cdt"])
    with pytest.raises(FieldsNotEditable, match="CDT"):
        convention_update(convention=a, by=world.users[role], cdt=other_cdt)
    assert Convention.objects.get(pk=world.a.pk).cdt == world.users["cdt"]
    convention_update(convention=a, by=world.users["caf_admin"], cdt=other_cdt)
    assert Convention.objects.get(pk=world.a.pk).cdt == other_cdt
