"""The signatories and associated partners of a CTG, chosen in the Caf's organisations."""

import pytest
from django.urls import reverse

from maillage.conventions.models import Signatory
from maillage.organisations.enums import OrganisationKind, PartnerCategory
from maillage.organisations.models import Organisation

from ..factories import OrganisationFactory


def signatories_url(convention):
    return reverse("conventions:signatories", kwargs={"convention_uuid": convention.uuid})


def remove_url(signatory):
    return reverse(
        "conventions:signatory_remove",
        kwargs={"convention_uuid": signatory.convention.uuid, "signatory_uuid": signatory.uuid},
    )


@pytest.fixture
def msa(world):
    return OrganisationFactory(caf=world.caf, name="MSA Alpes du Nord", kind=OrganisationKind.MSA)


def test_an_organisation_of_the_caf_is_added_as_signatory(world, msa):
    response = world.client("cdc").post(
        signatories_url(world.a), {"organisation": msa.pk, "role": "signataire"}
    )

    assert response.status_code == 302
    signatory = Signatory.objects.get(convention=world.a)
    assert (signatory.organisation, signatory.role) == (msa, "signataire")


def test_a_new_organisation_is_created_in_the_caf_directory_by_name_and_kind(world):
    response = world.client("cdt").post(
        signatories_url(world.a),
        {
            "new_name": "Centre social des Hauts de Chambéry",
            "new_kind": "centre_social",
            "role": "partenaire_associe",
        },
    )

    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Centre social des Hauts de Chambéry")
    assert organisation.caf == world.caf
    assert organisation.kind == OrganisationKind.CENTRE_SOCIAL
    assert organisation.category == PartnerCategory.STRUCTURES_AVS
    signatory = Signatory.objects.get(convention=world.a)
    assert (signatory.organisation, signatory.role) == (organisation, "partenaire_associe")


def test_adding_the_same_organisation_twice_is_refused_in_french_without_duplicate(world, msa):
    client = world.client("cdc")
    client.post(signatories_url(world.a), {"organisation": msa.pk, "role": "signataire"})

    response = client.post(
        signatories_url(world.a), {"organisation": msa.pk, "role": "partenaire_associe"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "MSA Alpes du Nord figure déjà parmi les signataires."
    ]
    assert Signatory.objects.filter(convention=world.a).count() == 1
    assert Signatory.objects.get(convention=world.a).role == "signataire"


def test_creating_an_organisation_by_the_name_of_a_signatory_is_refused_too(world, msa):
    client = world.client("cdc")
    client.post(signatories_url(world.a), {"organisation": msa.pk, "role": "signataire"})

    response = client.post(
        signatories_url(world.a),
        {"new_name": "MSA Alpes du Nord", "new_kind": "msa", "role": "signataire"},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "MSA Alpes du Nord figure déjà parmi les signataires."
    ]
    assert Signatory.objects.filter(convention=world.a).count() == 1
    assert Organisation.objects.filter(name="MSA Alpes du Nord").count() == 1


def test_an_organisation_of_another_caf_cannot_be_chosen(world):
    isere = OrganisationFactory(caf=world.other_caf, name="Département de l'Isère")

    response = world.client("cdc").post(
        signatories_url(world.a), {"organisation": isere.pk, "role": "signataire"}
    )

    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Signatory.objects.exists()


def test_the_signatory_form_lists_only_the_organisations_of_the_caf(world, msa):
    OrganisationFactory(caf=world.other_caf, name="Département de l'Isère")

    response = world.client("cdc").get(signatories_url(world.a))

    choices = list(response.context["form"].fields["organisation"].queryset)
    assert choices == [msa]


def test_a_new_organisation_needs_a_kind(world):
    response = world.client("cdc").post(
        signatories_url(world.a), {"new_name": "Sans type", "new_kind": "", "role": "signataire"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["new_kind"] == [
        "Indiquez le type de la nouvelle organisation."
    ]
    assert not Organisation.objects.filter(name="Sans type").exists()
    assert not Signatory.objects.exists()


def test_neither_an_organisation_nor_a_name_is_refused_in_french(world):
    response = world.client("cdc").post(signatories_url(world.a), {"role": "signataire"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Choisissez une organisation existante ou indiquez le nom d'une nouvelle."
    ]


def test_removing_a_signatory_keeps_the_organisation(world, msa):
    signatory = Signatory.objects.create(convention=world.a, organisation=msa, role="signataire")

    response = world.client("cdc").post(remove_url(signatory))

    assert response.status_code == 302
    assert response.url == signatories_url(world.a)
    assert not Signatory.objects.filter(pk=signatory.pk).exists()
    assert Organisation.objects.filter(pk=msa.pk).exists()


def test_a_signatory_of_another_ctg_cannot_be_removed_through_this_ctg(world, msa):
    other = Signatory.objects.create(convention=world.b, organisation=msa, role="signataire")
    url = reverse(
        "conventions:signatory_remove",
        kwargs={"convention_uuid": world.a.uuid, "signatory_uuid": other.uuid},
    )

    response = world.client("cdc").post(url)

    assert response.status_code == 404
    assert Signatory.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("role", ["elu", "technicien", "partenaire", "conseiller"])
def test_roles_that_cannot_edit_the_ctg_cannot_change_its_signatories(world, msa, role):
    signatory = Signatory.objects.create(convention=world.a, organisation=msa, role="signataire")
    client = world.client(role)

    assert (
        client.post(
            signatories_url(world.a),
            {"new_name": "Intrus", "new_kind": "autre", "role": "signataire"},
        ).status_code
        == 403
    )
    assert client.post(remove_url(signatory)).status_code == 403

    assert list(Signatory.objects.filter(convention=world.a)) == [signatory]
    assert not Organisation.objects.filter(name="Intrus").exists()
