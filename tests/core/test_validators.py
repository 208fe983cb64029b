"""Names hold no control characters: every form that names a CTG, an organisation, a
person, a meeting or a fiche refuses them with a French message, and saves nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.core.validators import CONTROL_MESSAGE, no_control_characters

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
