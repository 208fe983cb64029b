"""Odd input never gives a 500: every query parameter of every page, every form field of
every form, as the CDC of CTG A.

The values are those a hand-typed URL, a stale bookmark or a hostile client sends: unicode
digits (``'²'.isdigit()`` is true but ``int('²')`` fails), dates at the ends of the
calendar, an ISO week of year 9999, integers larger than the database holds, long text,
markup and SQL. Each URL gets every one of them, then a few random strings.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from maillage.core.forms import OUT_OF_RANGE
from maillage.governance.enums import MeetingStatus
from maillage.governance.models import Meeting
from maillage.network.imports import mapping_from
from maillage.network.models import Interaction

from .matrix_base import Rule
from .test_access_matrix import KWARGS, MATRIX, POST_DATA, module_world  # noqa: F401

ODD = [
    "²",
    "٣",
    "0001-01-01",
    "9999-12-31",
    "9999-W52",
    "0000-W00",
    "-1",
    "99999999999999999999",
    "",
    "x" * 300,
    "<script>alert(1)</script>",
    "%00\x00",
    "'; DROP TABLE accounts_user; --",
    "https://exemple.invalid/",
    "//exemple.invalid",
]

# Every query parameter a page reads (grep request.GET and from_query in the views).
QUERY_PARAMS = [
    "ancienne_fin",
    "annee",
    "attendu",
    "au",
    "categorie",
    "cdt",
    "contact",
    "copil",
    "debut",
    "du",
    "en_retard",
    "fin",
    "jour",
    "mes_ctg",
    "mission",
    "mois",
    "next",
    "organisation",
    "page",
    "pilote",
    "priorite",
    "q",
    "semaine",
    "statut",
    "suivant",
    "thematique",
    "toutes",
    "tri",
    "type",
    "vue",
]

# Logging out ends the session the next examples need; it reads no field.
SKIPPED = {"accounts:logout"}
ROWS = sorted(
    (name, method) for name, methods in MATRIX.items() for method in methods if name not in SKIPPED
)
ODD_VALUES = st.one_of(st.sampled_from(ODD), st.text(max_size=40))


def _kwargs(name: str, world: Any) -> dict[str, Any]:
    if name in KWARGS:
        return KWARGS[name](world, "own")
    rule = next(iter(MATRIX[name].values()))
    if isinstance(rule, Rule):
        return {"convention_uuid": world.a.uuid}
    return {}


def _odd_form(name: str, world: Any, value: str) -> dict[str, Any]:
    """The row's valid POST data with every field but files replaced by *value*."""
    data = POST_DATA.get(name, lambda w, t: {})(world, "own")
    fields = {key: value for key, field in data.items() if not isinstance(field, UploadedFile)}
    for key in ("suivant", "next"):
        fields.setdefault(key, value)
    return {**data, **fields}


def _with_examples(test: Any) -> Any:
    for value in ODD:
        test = example(value=value)(test)
    return test


@pytest.mark.parametrize(("name", "method"), ROWS, ids=[f"{n}-{m}" for n, m in ROWS])
@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@_with_examples
@given(value=ODD_VALUES)
def test_odd_values_never_give_a_500(world, name, method, value):
    client = world.client("cdc")
    url = reverse(name, kwargs=_kwargs(name, world))
    query = dict.fromkeys(QUERY_PARAMS, value)
    if method == "GET":
        response = client.get(url, query)
    else:
        response = client.post(url, _odd_form(name, world, value))
    assert response.status_code < 500, f"{method} {name} avec {value!r} : {response.status_code}"


# ------------------------------------------------------------------ the reported cases


def _get(world: Any, name: str, role: str = "cdc", **query: str) -> Any:
    return world.client(role).get(reverse(name, kwargs=_kwargs(name, world)), query)


@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999", "-1"])
def test_an_odd_year_shows_the_last_one(world, value):
    response = _get(world, "activity:caf_reports", "caf_admin", annee=value)
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year - 1


@pytest.mark.parametrize(
    ("param", "value"),
    [("jour", "0001-01-01"), ("jour", "9999-12-31"), ("semaine", "9999-W52"), ("jour", "²")],
)
def test_an_odd_day_or_week_shows_the_current_week(world, param, value):
    response = _get(world, "activity:journal", **{param: value})
    assert response.status_code == 200
    assert response.context["monday"] <= timezone.localdate() <= response.context["sunday"]


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_an_odd_day_leaves_the_new_entry_on_today(world, value):
    response = _get(world, "activity:entry_create", jour=value)
    assert response.status_code == 200
    assert response.context["form"].initial["date"] == timezone.localdate()


def test_a_key_too_large_for_the_database_is_refused_in_french(world):
    name = "network:interaction_create"
    url = reverse(name, kwargs=_kwargs(name, world))
    data = {**POST_DATA[name](world, "own"), "organisations": ["99999999999999999999"]}
    before = Interaction.objects.count()
    response = world.client("cdc").post(url, data)
    assert response.status_code == 200
    assert OUT_OF_RANGE in response.context["form"].errors["organisations"]
    assert Interaction.objects.count() == before


@pytest.mark.parametrize("target", ["https://exemple.invalid/", "//exemple.invalid/x"])
def test_adding_a_meeting_to_the_journal_never_leaves_the_site(world, target):
    name = "activity:entry_from_meeting"
    kwargs = _kwargs(name, world)
    meeting = Meeting.objects.get(uuid=kwargs["meeting_uuid"])
    meeting.status = MeetingStatus.PREVUE
    meeting.save()
    response = world.client("cdc").post(reverse(name, kwargs=kwargs), {"suivant": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("activity:journal", args=[world.a.uuid])


def test_a_local_next_url_is_still_followed(world):
    name = "activity:entry_from_meeting"
    kwargs = _kwargs(name, world)
    meeting = Meeting.objects.get(uuid=kwargs["meeting_uuid"])
    meeting.status = MeetingStatus.PREVUE
    meeting.save()
    back = reverse("governance:meeting_list", args=[world.a.uuid])
    response = world.client("cdc").post(reverse(name, kwargs=kwargs), {"suivant": back})
    assert response["Location"] == back


@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999", "-1", "7"])
def test_an_odd_column_in_the_import_mapping_maps_nothing(value):
    header = ["Nom", "Prénom", "Courriel"]
    mapping = mapping_from({"col-last_name": value, "col-first_name": "1"}, header)
    assert mapping["last_name"] is None
    assert mapping["first_name"] == 1
