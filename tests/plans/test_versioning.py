"""Two people editing one fiche: the second save, based on an old version, is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.plans import services
from maillage.plans.models import Action
from maillage.plans.selectors import plan_of

from ..conftest import login
from ..factories import ConventionMembershipFactory, UserFactory
from ..versioning import STALE, opened_form, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def fiche(world):
    cdc = world.users["cdc"]
    plan = plan_of(world.a)
    axis = services.axis_create(plan=plan, by=cdc, title="Petite enfance")
    return services.action_create(plan=plan, by=cdc, axis=axis, title="Créer une MAM")


@pytest.fixture
def colleague(world):
    """A second CDC of the CTG, who edits the same fiche."""
    user = UserFactory(email="cdc2.a@example.org", full_name="Claire Martin")
    ConventionMembershipFactory(convention=world.a, role="cdc", user=user)
    return login(world.client("anonymous"), user)


def test_a_stale_fiche_form_is_refused_with_what_changed_and_nothing_is_overwritten(
    world, fiche, colleague
):
    url = reverse("plans:action_edit", args=[world.a.uuid, fiche.uuid])
    mine = opened_form(world.client("cdc"), url)
    theirs = opened_form(colleague, url)
    assert mine["version"] == theirs["version"] == 1

    saved = colleague.post(url, {**theirs, "status": "realisee", "progress_manual": 100})
    assert saved.status_code == 302

    me = world.client("cdc")
    refused = me.post(url, {**mine, "title": "Créer deux MAM", "status": "en_cours"})

    assert refused.status_code == 200
    text = page_text(refused)
    assert STALE in text and "Claire Martin a enregistré des changements" in text
    assert "Statut : « À venir » à l'ouverture du formulaire, « Réalisée » maintenant." in text
    assert "Avancement saisi (%) : « — » à l'ouverture du formulaire, « 100 » maintenant." in text
    assert 'value="Créer deux MAM"' in refused.content.decode()  # the user's input stays
    fiche.refresh_from_db()
    assert (fiche.title, fiche.status, fiche.progress_manual, fiche.version) == (
        "Créer une MAM",
        "realisee",
        100,
        2,
    )

    # Sent again, the re-shown form carries the stored version: the user's input applies.
    again = refused.context["form"]
    assert again["version"].value() == "2"
    resent = me.post(url, {**mine, "title": "Créer deux MAM", "status": "en_cours", "version": 2})
    assert resent.status_code == 302
    fiche.refresh_from_db()
    assert (fiche.title, fiche.status, fiche.version) == ("Créer deux MAM", "en_cours", 3)


def test_a_fresh_fiche_form_is_saved_and_raises_the_version(world, fiche):
    url = reverse("plans:action_edit", args=[world.a.uuid, fiche.uuid])
    client = world.client("cdc")
    data = opened_form(client, url)

    assert client.post(url, {**data, "status": "en_cours"}).status_code == 302

    fiche = Action.objects.get(pk=fiche.pk)
    assert (fiche.status, fiche.version) == ("en_cours", 2)


def test_internal_changes_without_a_version_are_not_checked_but_raise_it(world, fiche):
    cdc = world.users["cdc"]
    services.action_update(action=fiche, by=cdc, status="en_cours")
    services.actions_bulk_update(plan=fiche.plan, by=cdc, actions=[fiche], status="bloquee")
    assert Action.objects.get(pk=fiche.pk).version == 3
