"""Simultaneous writes on a fiche: they queue and all succeed, a fiche is created once, and
of two simultaneous edits one is saved and the other refused as stale."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from maillage.core.once import ALREADY_SENT
from maillage.plans import services
from maillage.plans.models import Action, Note
from maillage.plans.selectors import plan_of

from ..concurrency import THREADS, failures, file_database, run_together
from ..conftest import login
from ..factories import ConventionMembershipFactory
from ..versioning import STALE, opened_form, page_text

__all__ = ["file_database"]  # the fixture, used by name


@pytest.mark.django_db(transaction=True)
def test_eight_people_adding_a_note_to_one_fiche_at_once_all_succeed(file_database):
    membership = ConventionMembershipFactory(role="cdc")
    cdc, plan = membership.user, plan_of(membership.convention)
    axis = services.axis_create(plan=plan, by=cdc, title="Petite enfance")
    action = services.action_create(plan=plan, by=cdc, axis=axis, title="Créer une MAM")

    outcomes = run_together(lambda i: services.note_add(action=action, by=cdc, text=f"Note {i}"))

    assert failures(outcomes) == []
    assert Note.objects.filter(action=action).count() == THREADS


def _creation(membership):
    """A CDC's client on the « Nouvelle fiche » form, its address and the data to post."""
    cdc, plan = membership.user, plan_of(membership.convention)
    axis = services.axis_create(plan=plan, by=cdc, title="Petite enfance")
    url = reverse("plans:action_create", args=[membership.convention.uuid])
    client = login(Client(), cdc)
    page = client.get(url).content.decode()
    token = re.search(r'name="jeton" value="([^"]+)"', page)
    assert token is not None, "le formulaire porte un jeton à usage unique"
    data = {
        "jeton": token[1],
        "axis": axis.pk,
        "title": "Créer une MAM",
        "status": "a_venir",
        "priority": "moyenne",
        "progress_manual": "",
        "participation": "aucune",
    }
    return client, url, data


@pytest.mark.django_db
def test_the_same_creation_form_posted_twice_creates_one_fiche():
    membership = ConventionMembershipFactory(role="cdc")
    client, url, data = _creation(membership)

    first = client.post(url, data)
    assert first.status_code == 302, first.content.decode()
    again = client.post(url, data, follow=True)

    fiche = Action.objects.get(plan__convention=membership.convention)
    assert first.status_code == 302 and fiche.title == "Créer une MAM"
    assert again.redirect_chain[0][0] == first.url  # sent to the fiche the first one created
    assert ALREADY_SENT in html.unescape(again.content.decode())


@pytest.mark.django_db
def test_a_refused_creation_leaves_its_token_usable():
    membership = ConventionMembershipFactory(role="cdc")
    client, url, data = _creation(membership)

    refused = client.post(url, {**data, "title": ""})
    assert refused.status_code == 200 and f'value="{data["jeton"]}"' in refused.content.decode()
    assert client.post(url, data).status_code == 302
    assert Action.objects.filter(plan__convention=membership.convention).count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_creation_form_posted_by_two_requests_at_once_creates_one_fiche(file_database):
    membership = ConventionMembershipFactory(role="cdc")
    client, url, data = _creation(membership)
    clients = [client, login(Client(), membership.user)]

    outcomes = run_together(lambda i: clients[i].post(url, data).status_code, count=2)

    assert outcomes == [302, 302]
    assert Action.objects.filter(plan__convention=membership.convention).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_people_saving_one_fiche_at_once_one_wins_and_the_other_is_told(file_database):
    membership = ConventionMembershipFactory(role="cdc")
    convention, cdc = membership.convention, membership.user
    plan = plan_of(convention)
    axis = services.axis_create(plan=plan, by=cdc, title="Petite enfance")
    action = services.action_create(plan=plan, by=cdc, axis=axis, title="Créer une MAM")
    other = ConventionMembershipFactory(convention=convention, role="cdc").user
    url = reverse("plans:action_edit", args=[convention.uuid, action.uuid])
    clients = [login(Client(), cdc), login(Client(), other)]
    forms = [opened_form(client, url) for client in clients]
    statuses = ["realisee", "bloquee"]

    outcomes = run_together(
        lambda i: clients[i].post(url, {**forms[i], "status": statuses[i]}), count=2
    )

    assert failures(outcomes) == []
    codes = [response.status_code for response in outcomes]  # type: ignore[attr-defined]
    assert sorted(codes) == [200, 302]
    winner, loser = codes.index(302), codes.index(200)
    assert STALE in page_text(outcomes[loser])
    action.refresh_from_db()
    assert (action.status, action.version) == (statuses[winner], 2)
