"""Rights per field on a fiche: its pilots edit its content; only the CDC changes who
pilots it, its place in the plan and its confidentiality. Notes: the référent CDT only."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from maillage.core.field_rights import FieldsNotEditable
from maillage.plans import services
from maillage.plans.models import Action, Note
from maillage.plans.permissions import ACTION_CONTENT_FIELDS, action_editable_fields
from maillage.plans.selectors import plan_of

from ..conftest import login
from ..factories import CafMembershipFactory, UserFactory

STEERING = [
    "axis",
    "objectives",
    "pilot",
    "pilot_contact",
    "pilot_organisation",
    "copilots",
    "elu_referent",
    "confidential",
]


@pytest.fixture
def fiche(world):
    """A fiche of CTG A piloted by the technicien and co-piloted by the partner."""
    cdc = world.users["cdc"]
    plan = plan_of(world.a)
    axis = services.axis_create(plan=plan, by=cdc, title="Petite enfance")
    services.axis_create(plan=plan, by=cdc, title="Parentalité")
    services.objective_create(axis=axis, by=cdc, title="Accueillir")
    action = services.action_create(
        plan=plan,
        by=cdc,
        axis=axis,
        title="Relais petite enfance",
        pilot=world.users["technicien"],
        copilots=[world.users["partenaire"]],
        notify=False,
    )
    return Action.objects.get(pk=action.pk)


def _edit_url(world, action):
    return reverse("plans:action_edit", args=[world.a.uuid, action.uuid])


def test_a_copilot_sees_only_the_content_fields_in_the_edit_form(world, fiche):
    response = world.client("partenaire").get(_edit_url(world, fiche))
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.fields) == {*ACTION_CONTENT_FIELDS, "version"}  # and the version it edits
    assert "modifiés par le chargé de coopération" in response.content.decode()


def test_the_cdc_sees_every_field(world, fiche):
    form = world.client("cdc").get(_edit_url(world, fiche)).context["form"]
    assert set(STEERING) <= set(form.fields)


def test_a_copilot_posting_steering_fields_changes_only_the_content(world, fiche):
    partner, elu = world.users["partenaire"], world.users["elu"]
    other_axis = plan_of(world.a).axes.exclude(pk=fiche.axis_id).get()
    response = world.client("partenaire").post(
        _edit_url(world, fiche),
        {
            "title": "Relais petite enfance",
            "status": "en_cours",
            "priority": fiche.priority,
            "progress_manual": "30",
            "participation": fiche.participation,
            # Forged: none of these is in the partner's form.
            "axis": other_axis.pk,
            "pilot": partner.pk,
            "copilots": [partner.pk, elu.pk],
            "confidential": "on",
        },
    )
    assert response.status_code == 302
    fiche.refresh_from_db()
    assert (fiche.status, fiche.progress_manual) == ("en_cours", 30)
    assert fiche.pilot_id == world.users["technicien"].pk
    assert fiche.axis_id != other_axis.pk and fiche.reference.endswith(".1")
    assert set(fiche.copilots.values_list("pk", flat=True)) == {partner.pk}
    assert fiche.confidential is False


@pytest.mark.parametrize(
    "change",
    [
        {"pilot": "partenaire"},
        {"copilots": ["partenaire", "elu"]},
        {"elu_referent": "elu"},
        {"confidential": True},
    ],
)
def test_the_service_refuses_a_pilot_changing_a_steering_field(world, fiche, change):
    values = {
        name: (
            [world.users[v] for v in value]
            if isinstance(value, list)
            else world.users[value]
            if isinstance(value, str)
            else value
        )
        for name, value in change.items()
    }
    with pytest.raises(FieldsNotEditable, match="Vous ne pouvez pas modifier"):
        services.action_update(action=fiche, by=world.users["technicien"], **values)
    stored = Action.objects.get(pk=fiche.pk)
    assert stored.pilot_id == world.users["technicien"].pk
    assert stored.elu_referent_id is None and stored.confidential is False
    assert list(stored.copilots.all()) == [world.users["partenaire"]]


def test_the_service_refuses_a_pilot_moving_the_fiche_to_another_axis(world, fiche):
    other_axis = plan_of(world.a).axes.exclude(pk=fiche.axis_id).get()
    with pytest.raises(FieldsNotEditable, match="axe"):
        services.action_update(action=fiche, by=world.users["partenaire"], axis=other_axis)
    assert Action.objects.get(pk=fiche.pk).axis_id == fiche.axis_id


def test_a_pilot_may_send_steering_fields_unchanged(world, fiche):
    technicien = world.users["technicien"]
    services.action_update(
        action=fiche,
        by=technicien,
        pilot=technicien,
        copilots=[world.users["partenaire"]],
        confidential=False,
        elu_referent=None,
        status="en_cours",
        themes=["petite_enfance"],
    )
    stored = Action.objects.get(pk=fiche.pk)
    assert stored.status == "en_cours"
    assert list(stored.themes.values_list("theme", flat=True)) == ["petite_enfance"]


def test_the_cdc_changes_the_steering_fields(world, fiche):
    cdc, elu = world.users["cdc"], world.users["elu"]
    services.action_update(
        action=fiche, by=cdc, pilot=cdc, copilots=[elu], confidential=True, elu_referent=elu
    )
    stored = Action.objects.get(pk=fiche.pk)
    assert (stored.pilot_id, stored.elu_referent_id, stored.confidential) == (
        cdc.pk,
        elu.pk,
        True,
    )


def test_who_may_change_which_field(world, fiche):
    users = world.users
    assert action_editable_fields(users["cdc"], fiche) >= set(STEERING)
    assert action_editable_fields(users["technicien"], fiche) == ACTION_CONTENT_FIELDS
    assert action_editable_fields(users["partenaire"], fiche) == ACTION_CONTENT_FIELDS
    for role in ("elu", "cdt", "conseiller", "caf_admin", "cdc_b"):
        assert action_editable_fields(users[role], fiche) == frozenset()


def test_only_the_cdc_creates_a_fiche_even_through_the_service(world, fiche):
    with pytest.raises(PermissionDenied):
        services.action_create(
            plan=fiche.plan, by=world.users["technicien"], axis=fiche.axis, title="Autre"
        )
    assert Action.objects.filter(plan=fiche.plan).count() == 1


def test_a_cdt_who_is_not_the_ctg_referent_reads_but_does_not_write_notes(world, fiche):
    other_cdt = CafMembershipFactory(
        caf=world.caf, role="cdt", user=UserFactory(email="cdt2.savoie@example.org")
    ).user
    client = login(world.client("anonymous"), other_cdt)
    detail = reverse("plans:action_detail", args=[world.a.uuid, fiche.uuid])
    assert client.get(detail).status_code == 200
    url = reverse("plans:note_add", args=[world.a.uuid, fiche.uuid])
    assert client.post(url, {"text": "Avis de la Caf"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.note_add(action=fiche, by=other_cdt, text="Avis de la Caf")
    assert not Note.objects.filter(action=fiche).exists()
    # The référent CDT does write one.
    referent = world.client("cdt")
    assert referent.post(url, {"text": "Avis de la Caf"}).status_code == 302
    assert Note.objects.filter(action=fiche, author=world.users["cdt"]).count() == 1
