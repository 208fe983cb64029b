"""Every form that creates carries a one-time token: sent twice, it creates once.

Each creation URL is posted as the access matrix posts it (its keyword arguments, its data,
a role whose POST succeeds there), twice with the same token from the page's form: the
first creates, the second writes nothing and leads where the first did, saying so in
French. A form without a token (a page opened before this change) still creates.
"""

from __future__ import annotations

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse

from maillage.core.models import FormToken
from maillage.core.once import ALREADY_SENT, TOKEN_FIELD, creates_once, form_token, once

from ..conftest import ROLES, World
from ..factories import UserFactory
from ..security.state import row_counts
from ..security.test_access_matrix import MATRIX, POST_DATA, _kwargs, module_world

__all__ = ["module_world"]  # the access matrix's world, with every target's objects

# Each URL that creates → the page whose form posts to it (None: the URL's own page).
CREATION_FORMS: dict[str, str | None] = {
    "conventions:create": None,
    "conventions:signatories": None,
    "conventions:members": None,
    "plans:axis_create": None,
    "plans:objective_create": None,
    "plans:action_create": None,
    "plans:plan_import": None,
    "plans:step_add": "plans:action_detail",
    "plans:budget_add": "plans:action_detail",
    "plans:note_add": "plans:action_detail",
    "plans:document_upload": "plans:action_detail",
    "indicators:create": None,
    "governance:instance_create": None,
    "governance:meeting_create": None,
    "governance:decision_add": None,
    "governance:agenda_add": "governance:meeting_detail",
    "governance:invitation_add": "governance:meeting_detail",
    "governance:document_upload": "governance:meeting_detail",
    "departement:network_meeting_create": None,
    "network:contact_create": None,
    "network:partner_create": None,
    "network:interaction_create": None,
    "activity:entry_create": None,
}


def _role(name: str) -> str:
    """A role whose POST on the URL, in its own CTG, succeeds (see the access matrix)."""
    rule = MATRIX[name]["POST"]
    return next(role for role in ROLES if rule.expected(role, "own") == 302)


def _token(page: str, url: str) -> str:
    """The token of the form that posts to ``url`` (the page's only form when it posts to
    itself)."""
    forms = re.findall(r"<form\b[^>]*>.*?</form>", page, re.DOTALL)
    posting = [f for f in forms if f'action="{url}"' in f.split(">", 1)[0]] or [
        f for f in forms if TOKEN_FIELD in f and "action=" not in f.split(">", 1)[0]
    ]
    assert len(posting) == 1, f"un seul formulaire envoie vers {url}"
    found = re.search(rf'name="{TOKEN_FIELD}" value="([^"]+)"', posting[0])
    assert found is not None, f"le formulaire qui envoie vers {url} porte un jeton"
    return found[1]


def _form(world: World, name: str):
    """The signed-in client, the URL and the token its page's form carries."""
    client = world.client(_role(name))
    url = reverse(name, kwargs=_kwargs(name, world, "own"))
    page_name = CREATION_FORMS[name] or name
    page = client.get(reverse(page_name, kwargs=_kwargs(page_name, world, "own")))
    assert page.status_code == 200
    return client, url, _token(page.content.decode(), url)


def _data(world: World, name: str, **extra: str) -> dict:
    """The URL's data, built afresh for each post (an uploaded file is read once)."""
    return {**POST_DATA.get(name, lambda w, t: {})(world, "own"), **extra}


def test_every_creation_form_is_listed_once_per_url():
    assert set(CREATION_FORMS) <= set(MATRIX)
    assert all("POST" in MATRIX[name] for name in CREATION_FORMS)


@pytest.mark.parametrize("name", list(CREATION_FORMS))
def test_the_same_creation_form_sent_twice_creates_once(world, name):
    client, url, token = _form(world, name)
    before = row_counts()

    first = client.post(url, _data(world, name, jeton=token))
    assert first.status_code == 302, first.content.decode()[:2000]
    created = row_counts()
    assert created != before, f"{name} : le premier envoi crée"

    again = client.post(url, _data(world, name, jeton=token))

    assert row_counts() == created, f"{name} : le second envoi n'écrit rien"
    assert again.status_code == 302 and again["Location"] == first["Location"]
    landing = client.get(again["Location"])
    assert ALREADY_SENT in html.unescape(landing.content.decode())


@pytest.mark.parametrize("name", list(CREATION_FORMS))
def test_a_creation_form_without_a_token_still_creates(world, name):
    client = world.client(_role(name))
    url = reverse(name, kwargs=_kwargs(name, world, "own"))
    before = row_counts()

    response = client.post(url, _data(world, name))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert row_counts() != before
    assert not FormToken.objects.exists()


@pytest.mark.django_db
def test_a_form_shown_again_gets_a_new_token_once_it_created_and_its_own_if_refused(rf):
    """A form redrawn after an add (an htmx fragment) must not carry the spent token."""
    user = UserFactory()

    @creates_once
    def add(request):
        try:
            with once(request):
                if request.POST.get("refus"):
                    raise ValidationError("Refusé.")
        except ValidationError:
            pass
        return HttpResponse(form_token(request))

    def post(token: str, **data: str) -> str:
        request = rf.post("/", {TOKEN_FIELD: token, **data})
        request.user = user
        return add(request).content.decode()

    refused, created = "r" * 32, "c" * 32
    assert post(refused, refus="1") == refused
    assert not FormToken.objects.filter(token=refused).exists()
    assert post(created) != created
    assert FormToken.objects.filter(token=created, user=user).exists()
