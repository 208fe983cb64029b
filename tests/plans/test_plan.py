"""The plan d'actions: structure, references, derived progress and lateness, rights."""

from __future__ import annotations

import datetime
import html
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.plans import services
from maillage.plans.models import Action, BudgetLine, Step
from maillage.plans.selectors import plan_of

from ..factories import OrganisationFactory

TODAY = datetime.date(2026, 11, 28)


@pytest.fixture
def plan(world):
    return plan_of(world.a)


@pytest.fixture
def cdc(world):
    return world.users["cdc"]


def make_action(plan, cdc, axis=None, **fields):
    axis = axis or plan.axes.first() or services.axis_create(plan=plan, by=cdc, title="Axe")
    return services.action_create(plan=plan, by=cdc, axis=axis, title="Fiche", **fields)


def test_references_stay_stable_when_axes_are_reordered(plan, cdc):
    a1 = services.axis_create(plan=plan, by=cdc, title="Petite enfance")
    a2 = services.axis_create(plan=plan, by=cdc, title="Parentalité")
    o21 = services.objective_create(axis=a2, by=cdc, title="Soutenir les parents")
    f21 = services.action_create(plan=plan, by=cdc, axis=a2, title="LAEP itinérant")
    f22 = services.action_create(plan=plan, by=cdc, axis=a2, title="Café des parents")
    services.axis_move(axis=a2, by=cdc, up=True)
    assert [a.reference for a in plan.axes.all()] == ["A2", "A1"]
    assert (a1.reference, o21.reference, f21.reference, f22.reference) == (
        "A1",
        "O2.1",
        "A2.1",
        "A2.2",
    )
    f21.delete()
    f23 = services.action_create(plan=plan, by=cdc, axis=a2, title="Ludothèque")
    assert f23.reference == "A2.3"  # a number is never reused


def test_progress_comes_from_the_steps_unless_set_by_hand(plan, cdc):
    action = make_action(plan, cdc)
    for name in ["a", "b", "c", "d"]:
        services.step_add(action=action, by=cdc, name=name)
    for step in action.steps.all()[:3]:
        services.step_toggle(step=step, by=cdc)
    assert Action.objects.with_progress().get(pk=action.pk).progress == 75
    services.action_update(action=action, by=cdc, progress_manual=40)
    assert Action.objects.with_progress().get(pk=action.pk).progress == 40


def test_a_fiche_is_late_past_its_end_or_with_an_overdue_step_unless_closed(plan, cdc):
    past_end = make_action(plan, cdc, status="en_cours", end_date=datetime.date(2026, 6, 30))
    overdue = make_action(plan, cdc, status="en_cours", end_date=datetime.date(2027, 6, 30))
    services.step_add(action=overdue, by=cdc, name="x", due_date=datetime.date(2026, 9, 1))
    done = make_action(plan, cdc, status="realisee", end_date=datetime.date(2026, 6, 30))
    on_time = make_action(plan, cdc, status="en_cours", end_date=datetime.date(2027, 6, 30))
    late = {a.pk: a.is_late for a in Action.objects.with_progress(today=TODAY)}
    assert late == {past_end.pk: True, overdue.pk: True, done.pk: False, on_time.pk: False}


def test_confidential_fiches_are_hidden_from_techniciens_and_partenaires(world, plan, cdc):
    secret = make_action(plan, cdc, confidential=True)
    url = reverse("plans:action_detail", args=[world.a.uuid, secret.uuid])
    for role, status in [
        ("cdc", 200),
        ("elu", 200),
        ("cdt", 200),
        ("conseiller", 200),
        ("technicien", 404),
        ("partenaire", 404),
    ]:
        assert world.client(role).get(url).status_code == status, role
    listing = world.client("technicien").get(reverse("plans:action_list", args=[world.a.uuid]))
    assert "0 fiches affichées" in listing.content.decode()
    assert secret.uuid.hex[:8] not in listing.content.decode()


def test_a_technicien_edits_only_the_fiches_they_pilot(world, plan, cdc):
    mine = make_action(plan, cdc, pilot=world.users["technicien"])
    other = make_action(plan, cdc)
    client = world.client("technicien")
    assert (
        client.get(reverse("plans:action_edit", args=[world.a.uuid, mine.uuid])).status_code == 200
    )
    assert (
        client.get(reverse("plans:action_edit", args=[world.a.uuid, other.uuid])).status_code == 403
    )


def test_an_end_before_the_start_is_refused_in_french_and_nothing_changes(world, plan, cdc):
    action = make_action(plan, cdc, start_date=datetime.date(2025, 1, 1))
    url = reverse("plans:action_edit", args=[world.a.uuid, action.uuid])
    response = world.client("cdc").post(
        url,
        {
            "axis": action.axis_id,
            "title": "Nouveau titre",
            "status": "en_cours",
            "priority": "haute",
            "participation": "aucune",
            "start_date": "2025-06-01",
            "end_date": "2025-01-01",
        },
    )
    assert response.status_code == 200
    assert "La date de fin doit suivre la date de début." in response.content.decode()
    action.refresh_from_db()
    assert action.title == "Fiche"


def test_a_negative_budget_or_a_foreign_financeur_is_refused(world, plan, cdc):
    action = make_action(plan, cdc)
    url = reverse("plans:budget_add", args=[world.a.uuid, action.uuid])
    client = world.client("cdc")
    response = client.post(
        url, {"year": 2025, "nature": "fonctionnement", "forecast": "-5"}, follow=True
    )
    assert "Rien n'a été enregistré" in html.unescape(response.content.decode())
    foreign = OrganisationFactory(caf=world.other_caf)
    client.post(
        url, {"year": 2025, "nature": "fonctionnement", "forecast": "5", "financeur": foreign.pk}
    )
    assert not BudgetLine.objects.filter(action=action).exists()


def test_bulk_change_of_status_and_pilot(world, plan, cdc):
    a, b, c = (make_action(plan, cdc) for _ in range(3))
    response = world.client("cdc").post(
        reverse("plans:action_list", args=[world.a.uuid]),
        {"actions": [a.uuid, b.uuid], "status": "bloquee", "pilot": world.users["technicien"].uuid},
    )
    assert response.status_code == 302
    statuses = dict(Action.objects.values_list("pk", "status"))
    assert statuses == {a.pk: "bloquee", b.pk: "bloquee", c.pk: "a_venir"}
    assert Action.objects.get(pk=a.pk).pilot == world.users["technicien"]


def test_bulk_cannot_touch_a_fiche_of_another_ctg(world, plan, cdc):
    mine = make_action(plan, cdc)
    other_plan = plan_of(world.b)
    theirs = make_action(other_plan, world.users["cdc_b"])
    response = world.client("cdc").post(
        reverse("plans:action_list", args=[world.a.uuid]),
        {"actions": [mine.uuid, theirs.uuid], "status": "bloquee"},
        follow=True,
    )
    assert "Rien n'a été modifié" in html.unescape(response.content.decode())
    assert set(Action.objects.values_list("status", flat=True)) == {"a_venir"}


def test_the_table_filters_by_status_late_and_year(world, plan, cdc):
    make_action(
        plan,
        cdc,
        status="en_cours",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 12, 31),
    )
    make_action(plan, cdc, status="realisee", start_date=datetime.date(2026, 1, 1))
    client = world.client("cdc")
    url = reverse("plans:action_list", args=[world.a.uuid])
    assert "1 fiche affichée" in client.get(url + "?statut=realisee").content.decode()
    assert "1 fiche affichée" in client.get(url + "?en_retard=1").content.decode()
    assert "1 fiche affichée" in client.get(url + "?annee=2024").content.decode()
    assert client.get(url + "?annee=abc&tri=nimporte&statut=x").status_code == 200


def test_every_change_of_a_fiche_is_in_its_history(plan, cdc):
    action = make_action(plan, cdc)
    services.action_update(action=action, by=cdc, status="en_cours")
    records = list(action.history.order_by("history_id"))
    assert [r.status for r in records] == ["a_venir", "en_cours"]
    assert all(r.history_user == cdc for r in records)


def _grow(plan, cdc, total):
    axis = plan.axes.first() or services.axis_create(plan=plan, by=cdc, title="Axe")
    objective = axis.objectives.first() or services.objective_create(
        axis=axis, by=cdc, title="Objectif"
    )
    while Action.objects.filter(plan=plan).count() < total:
        action = make_action(plan, cdc, axis=axis, themes=["parentalite"], objectives=[objective])
        Step.objects.create(action=action, name="étape", due_date=datetime.date(2026, 1, 1))
        BudgetLine.objects.create(
            action=action, year=2026, nature="fonctionnement", forecast=Decimal("10")
        )


def test_plan_pages_query_count_is_the_same_with_10_and_300_fiches(world, plan, cdc):
    client = world.client("cdc")
    urls = [
        reverse("plans:tree", args=[world.a.uuid]),
        reverse("plans:action_list", args=[world.a.uuid]),
    ]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            result.append(len(ctx.captured_queries))
        action = Action.objects.filter(plan=plan).last()
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("plans:action_detail", args=[world.a.uuid, action.uuid]))
        result.append(len(ctx.captured_queries))
        return result

    _grow(plan, cdc, 10)
    small = counts()
    _grow(plan, cdc, 300)
    assert counts() == small


def test_the_fiche_page_shows_its_history_with_author_and_changes(world, plan, cdc):
    action = make_action(plan, cdc)
    services.action_update(action=action, by=cdc, status="en_cours")
    services.step_add(action=action, by=cdc, name="Visiter le local")
    page = world.client("elu").get(reverse("plans:action_detail", args=[world.a.uuid, action.uuid]))
    text = page.content.decode()
    assert "Statut : À venir → En cours" in text
    assert "Étape : Visiter le local" in text
    assert cdc.full_name in text


def test_a_step_toggles_inline_with_htmx(world, plan, cdc):
    action = make_action(plan, cdc)
    step = services.step_add(action=action, by=cdc, name="Visiter le local")
    url = reverse("plans:step_toggle", args=[world.a.uuid, action.uuid, step.uuid])
    response = world.client("cdc").post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith("<li")
    assert 'aria-pressed="true"' in response.content.decode()
    step.refresh_from_db()
    assert step.done


def test_a_late_fiche_says_why_on_its_page(world, plan, cdc):
    today = timezone.localdate()
    late = make_action(plan, cdc, status="en_cours", end_date=today - datetime.timedelta(days=30))
    due = today - datetime.timedelta(days=60)
    services.step_add(action=late, by=cdc, name="Trouver un local", due_date=due)
    on_time = make_action(
        plan, cdc, status="en_cours", end_date=today + datetime.timedelta(days=90)
    )
    client = world.client("cdc")
    page = html.unescape(
        client.get(reverse("plans:action_detail", args=[world.a.uuid, late.uuid])).content.decode()
    )
    assert (
        f"En retard : l'étape « Trouver un local » était prévue le {due:%d/%m/%Y} et la fin "
        f"était prévue le {late.end_date:%d/%m/%Y}." in page
    )
    other = client.get(reverse("plans:action_detail", args=[world.a.uuid, on_time.uuid]))
    assert "En retard :" not in other.content.decode()
