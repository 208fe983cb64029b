"""Names hold no control characters: every form and every service that names a CTG, an
organisation, a person, an instance, a meeting, an axis, an objectif or a fiche refuses
them with a French message, and saves nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from maillage.accounts import services as accounts
from maillage.accounts.models import User
from maillage.conventions import services as conventions
from maillage.conventions.models import Convention
from maillage.core.validators import CONTROL_MESSAGE, no_control_characters
from maillage.governance import services as governance
from maillage.network import services as network
from maillage.plans import services as plans
from maillage.plans.selectors import plan_of

from ..security.matrix_base import Global
from ..security.state import database_state, differences
from ..security.test_access_matrix import (  # noqa: F401
    KWARGS,
    MATRIX,
    POST_DATA,
    ROLES,
    _kwargs,
    module_world,
)

BAD = [
    "Savoie\r\nBcc: x@example.org",
    "Nom\tPrénom",
    "A\x00B",
    "A\u200bB",
    "Nom\x1b[31m",
    "A\u2028B",
]


@pytest.mark.parametrize("value", BAD)
def test_control_characters_are_refused(value):
    with pytest.raises(ValidationError) as raised:
        no_control_characters(value)
    assert raised.value.messages == [CONTROL_MESSAGE]


@pytest.mark.parametrize(
    "value", ["Centre social « Les Hauts »", "Jean-Édouard d'Ornano", "Œ ß 東京"]
)
def test_ordinary_names_pass(value):
    no_control_characters(value)


# URL name → the name fields its form holds.
NAME_FIELDS = [
    ("conventions:create", "name"),
    ("conventions:edit", "name"),
    ("conventions:members", "full_name"),
    ("conventions:signatories", "new_name"),
    ("web:preferences", "full_name"),
    ("network:contact_create", "first_name"),
    ("network:contact_create", "last_name"),
    ("network:partner_create", "name"),
    ("governance:meeting_create", "title"),
    ("governance:instance_create", "name"),
    ("plans:axis_create", "title"),
    ("plans:objective_create", "title"),
    ("plans:action_create", "title"),
]


def _role(name: str) -> str:
    rule = MATRIX[name]["POST"]
    if isinstance(rule, Global):
        return next(r for r in ROLES if rule.expected(r, "-") == 302)
    return next(r for r in ROLES if rule.expected(r, "own") == 302)


@pytest.mark.parametrize(("name", "field"), NAME_FIELDS)
def test_a_name_with_a_line_break_is_refused_and_nothing_saved(world, name, field):
    kwargs = _kwargs(name, world, "own")
    data = {**POST_DATA[name](world, "own"), field: "Nom\r\nBcc: x@example.org"}
    client = world.client(_role(name))  # signing in writes the user's history first
    before = database_state(world, kwargs)
    response = client.post(reverse(name, kwargs=kwargs), data)
    assert response.status_code == 200
    assert CONTROL_MESSAGE.replace("'", "&#x27;") in response.content.decode()
    assert not differences(before, database_state(world, kwargs))


# ------------------------------------------------------------------------------ services

CRLF = "Nom\r\nBcc: x@example.org"


def _meeting(world, cdc, title):
    body = governance.body_create(
        convention=world.a, by=cdc, kind="cotech", name="COTECH", frequency="annuelle"
    )
    start = timezone.now() + datetime.timedelta(days=7)
    return governance.meeting_create(
        body=body, by=cdc, title=title, start=start, end=start + datetime.timedelta(hours=2)
    )


def _axis(world, cdc):
    return plans.axis_create(plan=plan_of(world.a), by=cdc, title="Petite enfance")


# What each service names, called with a line break in that name.
SERVICE_CALLS = {
    "convention_create": lambda w, by: conventions.convention_create(
        caf=w.caf,
        by=by,
        name=CRLF,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2029, 12, 31),
    ),
    "convention_update": lambda w, by: conventions.convention_update(
        convention=Convention.objects.get(pk=w.a.pk), by=by, name=CRLF
    ),
    "signatory_add": lambda w, by: conventions.signatory_add(
        convention=w.a, by=by, role="partenaire", new_name=CRLF, new_kind="association"
    ),
    "organisation_create": lambda w, by: network.organisation_create(
        convention=w.a, by=by, name=CRLF, kind="association"
    ),
    "contact_create (nom)": lambda w, by: network.contact_create(
        convention=w.a, by=by, last_name=CRLF
    ),
    "contact_create (prénom)": lambda w, by: network.contact_create(
        convention=w.a, by=by, last_name="Fontaine", first_name="Claire\x00"
    ),
    "body_create": lambda w, by: governance.body_create(
        convention=w.a, by=by, kind="cotech", name=CRLF, frequency="annuelle"
    ),
    "meeting_create": lambda w, by: _meeting(w, by, CRLF),
    "axis_create": lambda w, by: plans.axis_create(plan=plan_of(w.a), by=by, title=CRLF),
    "objective_create": lambda w, by: plans.objective_create(axis=_axis(w, by), by=by, title=CRLF),
    "action_create": lambda w, by: plans.action_create(
        plan=plan_of(w.a), by=by, axis=_axis(w, by), title="Crèche\x85"
    ),
    "user_update_preferences": lambda w, by: accounts.user_update_preferences(
        user=User.objects.get(pk=by.pk),
        full_name=CRLF,
        phone="",
        notify_assignments=True,
        notify_minutes=True,
    ),
}


@pytest.mark.parametrize("call", SERVICE_CALLS.values(), ids=SERVICE_CALLS.keys())
def test_a_service_refuses_a_name_with_a_control_character_and_saves_nothing(world, call):
    cdc = world.users["cdc"]
    kwargs = {"convention_uuid": world.a.uuid}
    before = database_state(world, kwargs)
    with pytest.raises(ValidationError) as raised, transaction.atomic():
        call(world, cdc)
    assert CONTROL_MESSAGE in raised.value.messages
    assert not differences(before, database_state(world, kwargs))
