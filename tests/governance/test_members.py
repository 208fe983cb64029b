"""An instance's members at its meetings: every member invited by default (organisations
through their contacts), the new-meeting form's ticked invitees, the members left out."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from maillage.conventions.models import ConventionMembership
from maillage.governance import services
from maillage.governance.members import member_invitees, members_not_invited
from maillage.governance.models import Meeting
from maillage.network.models import Contact

from ..factories import OrganisationFactory, UserFactory
from .helpers import body


def _copil(world):
    """A COPIL like the demo's: three users and four organisations, one without contact."""
    departement = OrganisationFactory(caf=world.caf, name="Conseil départemental")
    msa = OrganisationFactory(caf=world.caf, name="MSA Alpes du Nord")
    epci = OrganisationFactory(caf=world.caf, name="Communauté d'agglomération")
    silent = OrganisationFactory(caf=world.caf, name="Éducation nationale")
    people = {
        "lea": Contact.objects.create(
            convention=world.a, first_name="Léa", last_name="Arnaud", organisation=departement,
            email="lea.arnaud@example.org",
        ),
        "thomas": Contact.objects.create(
            convention=world.a, first_name="Thomas", last_name="Barbier", organisation=departement,
            email="thomas.barbier@example.org",
        ),
        "alexandre": Contact.objects.create(
            convention=world.a, first_name="Alexandre", last_name="Chabert", organisation=msa,
        ),
        "sylvie": Contact.objects.create(
            convention=world.a, first_name="Sylvie", last_name="Barbier", organisation=epci,
            email="sylvie.barbier@example.org",
        ),
    }  # fmt: skip
    # A contact of the Conseil départemental in another CTG's directory is not offered.
    Contact.objects.create(convention=world.b, last_name="Ailleurs", organisation=departement)
    copil = body(
        world,
        users=[world.users["elu"], world.users["cdc"], world.users["cdt"]],
        organisations=[departement, msa, epci, silent],
    )
    return copil, people, silent


def _create(copil, world, **kwargs) -> Meeting:
    start = timezone.now() + datetime.timedelta(days=12)
    return services.meeting_create(
        body=copil,
        by=world.users["cdc"],
        title="COPIL annuel",
        start=start,
        end=start + datetime.timedelta(hours=3),
        **kwargs,
    )


def test_a_new_meeting_invites_every_member_organisations_through_their_contacts(world):
    copil, people, silent = _copil(world)
    m = _create(copil, world)
    invited = {i.name for i in m.invitations.all()}
    assert invited == {
        world.users["elu"].full_name,
        world.users["cdc"].full_name,
        world.users["cdt"].full_name,
        "Léa Arnaud",
        "Thomas Barbier",
        "Alexandre Chabert",
        "Sylvie Barbier",
    }
    # Each contact stands for its organisation at the meeting.
    lea = m.invitations.get(contact=people["lea"])
    assert lea.organisation == people["lea"].organisation
    # The organisation without any contact in the directory is the one member left out.
    gaps = members_not_invited(copil, list(m.invitations.all()))
    assert [(g.name, g.add_contact) for g in gaps] == [("Éducation nationale", silent)]
    assert "aucun contact" in gaps[0].reason


def test_a_member_whose_account_closed_or_who_left_the_ctg_is_said_not_invitable(world):
    gone = UserFactory(email="partie@example.org", full_name="Personne Partie")
    membership = ConventionMembership.objects.create(
        convention=world.a, user=gone, role="technicien"
    )
    copil = body(world, users=[world.users["elu"], world.users["technicien"], gone])
    membership.is_active = False
    membership.save()
    world.users["technicien"].is_active = False
    world.users["technicien"].save()
    members = member_invitees(copil)
    assert [i.name for i in members.invitees] == [world.users["elu"].full_name]
    reasons = {g.name: (g.reason, g.fix_members) for g in members.cannot}
    assert reasons == {
        world.users["technicien"].full_name: ("son compte est désactivé", True),
        "Personne Partie": ("n'est plus membre de la CTG ni de sa Caf", True),
    }
    m = _create(copil, world)
    assert [i.user for i in m.invitations.all()] == [world.users["elu"]]


def test_only_the_invitees_chosen_are_invited_and_a_stranger_is_refused(world):
    copil, people, _ = _copil(world)
    m = _create(copil, world, invitees=[world.users["elu"], people["sylvie"]])
    assert {i.name for i in m.invitations.all()} == {world.users["elu"].full_name, "Sylvie Barbier"}
    stranger = Contact.objects.create(convention=world.b, last_name="Étranger")
    with pytest.raises(ValidationError, match="annuaire de cette CTG"):
        _create(copil, world, invitees=[stranger])
    with pytest.raises(ValidationError, match="ni membre de la CTG"):
        _create(copil, world, invitees=[world.users["cdc_c"]])
    assert Meeting.objects.count() == 1


def _form_url(world, copil):
    return reverse("governance:meeting_create", args=[world.a.uuid, copil.uuid])


def test_the_new_meeting_form_ticks_every_member_and_says_who_cannot_be_invited(world):
    copil, people, silent = _copil(world)
    page = world.client("cdc").get(_form_url(world, copil)).content.decode()
    for name in ("Léa Arnaud (Conseil départemental)", "Sylvie Barbier (Communauté"):
        assert name in page
    ticked = page.count('type="checkbox" name="invitees"')
    assert ticked == 7 and page.count(" checked>") >= 7
    # Alexandre Chabert has no address: the form says so before anyone is convened.
    assert "Alexandre Chabert (MSA Alpes du Nord) — sans adresse électronique" in page
    assert "1 membre de l'instance ne peut pas être invité" in page
    contact_link = reverse("network:contact_create", args=[world.a.uuid])
    assert f"{contact_link}?organisation={silent.uuid}" in page


def test_the_cdc_unticks_a_member_and_only_the_ticked_ones_are_invited(world):
    copil, people, _ = _copil(world)
    day = timezone.localdate() + datetime.timedelta(days=20)
    response = world.client("cdc").post(
        _form_url(world, copil),
        {
            "title": "COPIL de printemps",
            "date": day.isoformat(),
            "start_time": "14:00",
            "end_time": "16:00",
            "invitees": [f"u-{world.users['elu'].uuid}", f"c-{people['thomas'].uuid}"],
        },
    )
    assert response.status_code == 302
    m = Meeting.objects.get(title="COPIL de printemps")
    assert {i.name for i in m.invitations.all()} == {
        world.users["elu"].full_name,
        "Thomas Barbier",
    }


def test_an_invitee_of_another_ctg_slipped_into_the_form_is_refused(world):
    copil, _, _ = _copil(world)
    stranger = Contact.objects.create(convention=world.b, last_name="Étranger")
    day = timezone.localdate() + datetime.timedelta(days=20)
    response = world.client("cdc").post(
        _form_url(world, copil),
        {
            "title": "COPIL",
            "date": day.isoformat(),
            "start_time": "14:00",
            "end_time": "16:00",
            "invitees": [f"c-{stranger.uuid}"],
        },
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_meeting_page_lists_the_members_left_out_and_invites_one_in_a_click(world):
    copil, people, silent = _copil(world)
    m = _create(copil, world, invitees=[world.users["cdc"]])
    url = reverse("governance:meeting_detail", args=[world.a.uuid, m.uuid])
    cdc = world.client("cdc")
    page = cdc.get(url).content.decode()
    assert "Membres de l'instance absents de la liste des invités (6)" in page
    assert "Éducation nationale</strong> : aucun contact de cette organisation" in page
    assert f"Inviter {world.users['elu'].full_name}" in page
    assert "Inviter Léa Arnaud" in page and "Inviter Thomas Barbier" in page
    # Other members of the CTG do not see the CDC's list.
    assert "absents de la liste" not in world.client("elu").get(url).content.decode()
    invite = reverse("governance:invitation_add", args=[world.a.uuid, m.uuid])
    assert cdc.post(invite, {"contact": people["lea"].uuid}).status_code == 302
    page = cdc.get(url).content.decode()
    # Léa represents the Conseil départemental: it is no longer left out.
    assert "Inviter Thomas Barbier" not in page
    assert "absents de la liste des invités (5)" in page


def test_the_link_to_fix_an_organisation_without_contact_prefills_it_and_comes_back(world):
    _, _, silent = _copil(world)
    back = "/ctg/quelque-part/"
    url = reverse("network:contact_create", args=[world.a.uuid])
    cdc = world.client("cdc")
    page = cdc.get(url, {"organisation": silent.uuid, "suivant": back}).content.decode()
    assert f'<option value="{silent.pk}" selected>' in page
    assert cdc.get(url, {"organisation": "pas-un-uuid"}).status_code == 200
    response = cdc.post(
        f"{url}?organisation={silent.uuid}&suivant={back}",
        {"last_name": "Directrice", "organisation": silent.pk},
    )
    assert response.status_code == 302 and response["Location"] == back
    assert Contact.objects.get(last_name="Directrice").organisation == silent
    elsewhere = cdc.post(
        f"{url}?suivant=https://example.com/", {"last_name": "Autre", "organisation": silent.pk}
    )
    assert elsewhere["Location"].startswith("/ctg/")
