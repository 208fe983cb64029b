"""Two people editing one contact or one organisation of the directory: the second save,
based on an old version, is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.network import services
from maillage.network.models import Contact, Partner

from ..conftest import login
from ..factories import ConventionMembershipFactory, OrganisationFactory, UserFactory
from ..versioning import STALE, opened_form, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(world):
    """A second CDC of the CTG, who edits the same record."""
    user = UserFactory(email="cdc2.a@example.org", full_name="Claire Martin")
    ConventionMembershipFactory(convention=world.a, role="cdc", user=user)
    return login(world.client("anonymous"), user)


@pytest.fixture
def contact(world):
    return services.contact_create(
        convention=world.a, by=world.users["cdc"], last_name="Durand", phone="04 79 00 00 00"
    )


@pytest.fixture
def partner(world):
    organisation = OrganisationFactory(caf=world.caf, name="Mairie de Chambéry")
    return services.partner_add(
        convention=world.a, by=world.users["cdc"], organisation=organisation
    )


def test_a_stale_contact_form_is_refused_with_what_changed_and_nothing_is_overwritten(
    world, contact, colleague
):
    url = reverse("network:contact_edit", args=[world.a.uuid, contact.uuid])
    mine = opened_form(world.client("cdc"), url)
    theirs = opened_form(colleague, url)

    assert colleague.post(url, {**theirs, "phone": "04 79 11 11 11"}).status_code == 302
    refused = world.client("cdc").post(url, {**mine, "function": "Directrice"})

    assert refused.status_code == 200
    text = page_text(refused)
    assert STALE in text and "Claire Martin a enregistré des changements" in text
    assert (
        "Téléphone : « 04 79 00 00 00 » à l'ouverture du formulaire, "
        "« 04 79 11 11 11 » maintenant." in text
    )
    assert 'value="Directrice"' in refused.content.decode()
    contact = Contact.objects.get(pk=contact.pk)
    assert (contact.function, contact.phone, contact.version) == ("", "04 79 11 11 11", 2)


def test_a_fresh_contact_form_is_saved_and_raises_the_version(world, contact):
    url = reverse("network:contact_edit", args=[world.a.uuid, contact.uuid])
    client = world.client("cdc")
    data = opened_form(client, url)

    assert client.post(url, {**data, "function": "Directrice"}).status_code == 302

    contact = Contact.objects.get(pk=contact.pk)
    assert (contact.function, contact.version) == ("Directrice", 2)


def test_a_stale_organisation_form_is_refused_with_what_changed_and_nothing_is_overwritten(
    world, partner, colleague
):
    url = reverse("network:partner_edit", args=[world.a.uuid, partner.uuid])
    mine = opened_form(world.client("cdc"), url)
    theirs = opened_form(colleague, url)

    assert colleague.post(url, {**theirs, "strategic": "on"}).status_code == 302
    refused = world.client("cdc").post(url, {**mine, "notes": "Rencontre en mars."})

    assert refused.status_code == 200
    text = page_text(refused)
    assert STALE in text and "Claire Martin a enregistré des changements" in text
    assert (
        "Partenaire stratégique : « non » à l'ouverture du formulaire, « oui » maintenant." in text
    )
    assert "Rencontre en mars." in text
    partner = Partner.objects.get(pk=partner.pk)
    assert (partner.strategic, partner.notes, partner.version) == (True, "", 2)


def test_a_fresh_organisation_form_is_saved_and_raises_the_version(world, partner):
    url = reverse("network:partner_edit", args=[world.a.uuid, partner.uuid])
    client = world.client("cdc")
    data = opened_form(client, url)

    assert client.post(url, {**data, "notes": "Rencontre en mars."}).status_code == 302

    partner = Partner.objects.get(pk=partner.pk)
    assert (partner.notes, partner.version) == ("Rencontre en mars.", 2)
