"""Two people editing one meeting or its minutes: a save based on an old version is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.governance import services
from maillage.governance.models import Meeting

from ..conftest import login
from ..factories import ConventionMembershipFactory, UserFactory
from ..versioning import STALE, opened_form, page_text
from .helpers import meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(world):
    """A second CDC of the CTG, who edits the same meeting."""
    user = UserFactory(email="cdc2.a@example.org", full_name="Claire Martin")
    ConventionMembershipFactory(convention=world.a, role="cdc", user=user)
    return login(world.client("anonymous"), user)


def test_a_stale_meeting_form_is_refused_with_what_changed_and_nothing_is_overwritten(
    world, colleague
):
    m = meeting(world)
    url = reverse("governance:meeting_edit", args=[world.a.uuid, m.uuid])
    mine = opened_form(world.client("cdc"), url)
    theirs = opened_form(colleague, url)

    assert colleague.post(url, {**theirs, "place": "Salle du conseil"}).status_code == 302
    refused = world.client("cdc").post(url, {**mine, "title": "COPIL de juin"})

    assert refused.status_code == 200
    text = page_text(refused)
    assert STALE in text and "Claire Martin a enregistré des changements" in text
    assert (
        "Lieu : « Hôtel de ville » à l'ouverture du formulaire, « Salle du conseil » maintenant."
        in text
    )
    assert 'value="COPIL de juin"' in refused.content.decode()
    m = Meeting.objects.get(pk=m.pk)
    assert (m.title, m.place, m.version) == ("COPIL annuel", "Salle du conseil", 2)


def test_a_fresh_meeting_form_is_saved_and_raises_the_version(world):
    m = meeting(world)
    url = reverse("governance:meeting_edit", args=[world.a.uuid, m.uuid])
    client = world.client("cdc")
    data = opened_form(client, url)

    assert client.post(url, {**data, "title": "COPIL de juin"}).status_code == 302

    m = Meeting.objects.get(pk=m.pk)
    assert (m.title, m.version) == ("COPIL de juin", 2)


def test_stale_minutes_are_refused_and_the_text_written_stays_in_the_form(world, colleague):
    m = meeting(world)
    url = reverse("governance:minutes_edit", args=[world.a.uuid, m.uuid])
    mine = opened_form(world.client("cdc"), url)
    theirs = opened_form(colleague, url)

    saved = colleague.post(url, {**theirs, "minutes": "Présents : 12. Décision : la MAM."})
    assert saved.status_code == 302
    refused = world.client("cdc").post(url, {**mine, "minutes": "Mon compte rendu"})

    assert refused.status_code == 200
    text = page_text(refused)
    assert STALE in text
    assert (
        "Compte rendu : « — » à l'ouverture du formulaire, "
        "« Présents : 12. Décision : la MAM. » maintenant." in text
    )
    assert "Mon compte rendu" in text
    assert Meeting.objects.get(pk=m.pk).minutes == "Présents : 12. Décision : la MAM."


def test_fresh_minutes_are_saved_though_the_meeting_details_changed_meanwhile(world, colleague):
    m = meeting(world)
    url = reverse("governance:minutes_edit", args=[world.a.uuid, m.uuid])
    client = world.client("cdc")
    data = opened_form(client, url)
    services.checklist_update(meeting=m, by=world.users["cdc"], documents_sent=True)
    edit = reverse("governance:meeting_edit", args=[world.a.uuid, m.uuid])
    details = {**opened_form(colleague, edit), "place": "Mairie"}
    assert colleague.post(edit, details).status_code == 302

    assert client.post(url, {**data, "minutes": "Mon compte rendu"}).status_code == 302

    m = Meeting.objects.get(pk=m.pk)
    assert (m.minutes, m.place, m.documents_sent, m.version) == (
        "Mon compte rendu",
        "Mairie",
        True,
        4,
    )
