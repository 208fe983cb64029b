"""The « Contacts Caf » page: CDTs and the CTGs they cover, conseillers, the mailbox."""

from __future__ import annotations

import html

from django.urls import reverse

from maillage.conventions.models import CafMembership
from maillage.organisations.models import Caf


def page(world, role: str) -> str:
    response = world.client(role).get(reverse("departement:contacts", args=[world.caf.uuid]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_every_member_of_a_ctg_sees_the_cdts_their_ctgs_and_the_conseillers(world):
    world.caf.shared_mailbox = "partenaires@caf73.example.org"
    world.caf.save()
    text = page(world, "partenaire")
    cdt, conseiller = world.users["cdt"], world.users["conseiller"]
    assert cdt.full_name in text and "CTG Grand Chambéry" in text
    assert conseiller.full_name in text and "Parentalité" in text
    assert "partenaires@caf73.example.org" in text
    assert "Sans CDT référent : CTG Arlysère" in text
    # A partner of CTG A cannot open CTG B: its name is not a link.
    assert reverse("conventions:detail", args=[world.b.uuid]) not in text


def test_the_caf_admin_edits_the_mailbox_the_note_and_a_conseillers_theme(world):
    membership = CafMembership.objects.get(user=world.users["conseiller"])
    client = world.client("caf_admin")
    response = client.post(
        reverse("departement:contacts_edit", args=[world.caf.uuid]),
        {
            "shared_mailbox": " Partenaires@Caf73.example.org ",
            "contacts_note": "Accueil du lundi au vendredi.",
            f"theme_{membership.uuid}": "petite_enfance",
        },
    )
    assert response.status_code == 302
    caf = Caf.objects.get(pk=world.caf.pk)
    assert caf.shared_mailbox == "partenaires@caf73.example.org"
    membership.refresh_from_db()
    assert membership.theme == "petite_enfance"
    assert caf.history.first().history_user == world.users["caf_admin"]
    assert "Accueil du lundi au vendredi." in page(world, "elu")


def test_a_bad_mailbox_is_refused_in_french_and_nothing_changes(world):
    membership = CafMembership.objects.get(user=world.users["conseiller"])
    response = world.client("caf_admin").post(
        reverse("departement:contacts_edit", args=[world.caf.uuid]),
        {"shared_mailbox": "pas une adresse", f"theme_{membership.uuid}": "inconnue"},
    )
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert "Saisissez une adresse de courriel valide" in text
    assert "Sélectionnez un choix valide" in text
    membership.refresh_from_db()
    assert membership.theme == "parentalite"
    assert Caf.objects.get(pk=world.caf.pk).shared_mailbox == world.caf.shared_mailbox


def test_only_the_caf_admin_may_edit(world):
    url = reverse("departement:contacts_edit", args=[world.caf.uuid])
    for role in ["cdt", "conseiller", "cdc", "elu"]:
        assert world.client(role).post(url, {"shared_mailbox": ""}).status_code == 403
