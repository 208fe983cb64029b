"""A fiche's planned end moves: its overdue steps, and those after the new end, are offered
to move with it, in one confirmed step."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from maillage.conventions.models import Convention
from maillage.core.versioning import StaleEdit
from maillage.plans import services
from maillage.plans.history import action_history
from maillage.plans.models import Action, Step
from maillage.plans.selectors import (
    StepMove,
    plan_of,
    proposed_due_date,
    step_moves_title,
)

from ..factories import ConventionMembershipFactory, UserFactory
from ..versioning import STALE, opened_form, page_text

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def days(n: int) -> datetime.date:
    return timezone.localdate() + n * DAY


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def fiche(world):
    """A fiche of CTG A ending in 30 days, piloted by the technicien, with two overdue steps,
    one done late, one on time and one just before its end."""
    # The CTG's period around today, whenever the tests run.
    Convention.objects.filter(pk=world.a.pk).update(start_date=days(-700), end_date=days(1000))
    world.a.refresh_from_db()
    cdc = world.users["cdc"]
    plan = plan_of(world.a)
    axis = services.axis_create(plan=plan, by=cdc, title="Petite enfance")
    action = services.action_create(
        plan=plan,
        by=cdc,
        axis=axis,
        title="Créer une MAM",
        status="en_cours",
        start_date=days(-200),
        end_date=days(30),
        pilot=world.users["technicien"],
        notify=False,
    )
    for name, due in [
        ("Trouver un local", days(-10)),
        ("Réunir les assistantes maternelles", days(-40)),
        ("Signer le bail", days(-20)),
        ("Visiter le local", days(10)),
        ("Ouvrir la MAM", days(25)),
    ]:
        services.step_add(action=action, by=cdc, name=name, due_date=due)
    services.step_toggle(step=action.steps.get(name="Signer le bail"), by=cdc)
    return action


def _step(action: Action, name: str) -> Step:
    return action.steps.get(name=name)


def _edit_url(world, action: Action) -> str:
    return reverse("plans:action_edit", args=[world.a.uuid, action.uuid])


def _url(world, action: Action) -> str:
    return reverse("plans:step_reschedule", args=[world.a.uuid, action.uuid])


def _dates(action: Action) -> dict[str, datetime.date | None]:
    return dict(action.steps.values_list("name", "due_date"))


# ------------------------------------------------------------------ the proposed dates


def test_a_step_moves_as_the_end_did_but_not_before_today_nor_after_the_end(today):
    bounds = (today, today + 60 * DAY)
    shift = 30 * DAY
    assert proposed_due_date(today - 10 * DAY, shift=shift, bounds=bounds) == today + 20 * DAY
    assert proposed_due_date(today - 40 * DAY, shift=shift, bounds=bounds) == today
    assert proposed_due_date(today + 50 * DAY, shift=shift, bounds=bounds) == today + 60 * DAY
    assert proposed_due_date(None, shift=shift, bounds=bounds) == today
    # A planned end moved back: the steps after it come back by as much, up to the end.
    assert proposed_due_date(today + 70 * DAY, shift=-15 * DAY, bounds=bounds) == today + 55 * DAY
    # A shift beyond reason (a mistyped year) is not applied; nor is one past the calendar.
    assert proposed_due_date(today - 5 * DAY, shift=9000 * DAY, bounds=bounds) == today
    far = (datetime.date(9999, 12, 1), datetime.date.max)
    assert proposed_due_date(datetime.date(9999, 12, 30), shift=30 * DAY, bounds=far) == (
        datetime.date(9999, 12, 30)
    )


@pytest.mark.parametrize(
    ("flags", "title"),
    [
        ([(True, False)] * 3, "3 étapes en retard : les reporter ?"),
        ([(True, False)], "1 étape en retard : la reporter ?"),
        ([(False, True)] * 2, "2 étapes après la fin prévue : les reporter ?"),
        (
            [(True, False), (False, True)],
            "2 étapes en retard ou après la fin prévue : les reporter ?",
        ),
        ([(False, False)], "1 étape : la reporter ?"),
        ([], "Aucune étape à reporter"),
    ],
)
def test_the_offer_says_how_many_steps_and_why(flags, title, today):
    moves = [
        StepMove(step=Step(name="x"), proposed=today, situation="", late=late, after_end=after)
        for late, after in flags
    ]
    assert step_moves_title(moves) == title


# ------------------------------------------------------------------ the journey


def test_moving_the_end_offers_the_overdue_steps_then_moves_them_at_once(world, fiche):
    client = world.client("cdc")
    data = opened_form(client, _edit_url(world, fiche))
    response = client.post(_edit_url(world, fiche), {**data, "end_date": days(60).isoformat()})

    offer = _url(world, fiche)
    assert response.status_code == 302
    assert response["Location"] == f"{offer}?ancienne_fin={days(30).isoformat()}"
    page = client.get(response["Location"])
    text = page_text(page)
    assert "Fiche A1.1 enregistrée." in text
    assert "2 étapes en retard : les reporter ?" in text
    assert f"Échéance actuelle : {days(-10):%d/%m/%Y} — " in text and ">en retard<" in text
    assert "La fin prévue a été reportée de 30 jours : chaque date proposée l'est d'autant" in text
    # Without JavaScript: a plain form, each step's proposed date in a date field.
    form = page.context["form"]
    proposed = {m.step.name: m.proposed for m in form.moves}
    assert proposed == {"Trouver un local": days(20), "Réunir les assistantes maternelles": days(0)}
    html = page.content.decode()
    assert f'type="date" name="date-{_step(fiche, "Trouver un local").uuid.hex}"' in html
    assert f'value="{days(20).isoformat()}"' in html
    assert "Reporter ces étapes" in text

    posted = opened_form(client, response["Location"])
    done = client.post(offer, posted)

    assert done.status_code == 302
    assert done["Location"] == reverse("plans:action_detail", args=[world.a.uuid, fiche.uuid])
    assert _dates(fiche) == {
        "Trouver un local": days(20),
        "Réunir les assistantes maternelles": days(0),
        "Signer le bail": days(-20),  # done: left as it was
        "Visiter le local": days(10),
        "Ouvrir la MAM": days(25),
    }
    assert "2 étapes reportées." in page_text(client.get(done["Location"]))
    # Each date moved is in the fiche's history, with who moved it.
    moved = [
        e
        for e in action_history(fiche)
        if e.subject == "Étape : Trouver un local" and e.changes and e.changes[0][0] == "Échéance"
    ]
    assert moved[0].who == world.users["cdc"].full_name
    assert moved[0].changes[0][1:] == (f"{days(-10):%d/%m/%Y}", f"{days(20):%d/%m/%Y}")


def test_an_earlier_end_offers_the_steps_after_it_and_a_date_can_be_corrected(world, fiche):
    client = world.client("technicien")  # the fiche's pilot
    data = opened_form(client, _edit_url(world, fiche))
    response = client.post(_edit_url(world, fiche), {**data, "end_date": days(20).isoformat()})
    page = client.get(response["Location"])
    form = page.context["form"]
    assert {m.step.name: m.proposed for m in form.moves} == {
        "Trouver un local": days(0),  # shifted by -10 days, not before today
        "Réunir les assistantes maternelles": days(0),
        "Ouvrir la MAM": days(15),  # after the new end: back by 10 days
    }
    assert "3 étapes en retard ou après la fin prévue : les reporter ?" in page_text(page)

    posted = opened_form(client, response["Location"])
    local = _step(fiche, "Trouver un local").uuid.hex
    meeting = _step(fiche, "Réunir les assistantes maternelles").uuid.hex
    posted[f"date-{local}"] = days(5).isoformat()
    del posted[f"reporter-{meeting}"]  # unchecked: left as it is
    assert client.post(_url(world, fiche), posted).status_code == 302

    dates = _dates(fiche)
    assert (dates["Trouver un local"], dates["Ouvrir la MAM"]) == (days(5), days(15))
    assert dates["Réunir les assistantes maternelles"] == days(-40)


def test_an_edit_that_keeps_the_end_goes_back_to_the_fiche(world, fiche):
    client = world.client("cdc")
    data = opened_form(client, _edit_url(world, fiche))
    response = client.post(_edit_url(world, fiche), {**data, "title": "Créer deux MAM"})
    assert response["Location"] == reverse("plans:action_detail", args=[world.a.uuid, fiche.uuid])


def test_an_end_moved_with_nothing_to_move_goes_back_to_the_fiche(world, fiche):
    for step in fiche.steps.filter(done=False, due_date__lt=days(0)):
        services.step_toggle(step=step, by=world.users["cdc"])
    client = world.client("cdc")
    data = opened_form(client, _edit_url(world, fiche))
    response = client.post(_edit_url(world, fiche), {**data, "end_date": days(90).isoformat()})
    assert response["Location"] == reverse("plans:action_detail", args=[world.a.uuid, fiche.uuid])


def test_the_late_fiche_s_page_links_to_the_offer_for_its_editors_only(world, fiche):
    url = reverse("plans:action_detail", args=[world.a.uuid, fiche.uuid])
    link = "Reporter les 2 étapes en retard ou après la fin prévue"
    assert link in page_text(world.client("cdc").get(url))
    assert link not in page_text(world.client("elu").get(url))
    # Opened from there, the dates proposed are today's.
    page = world.client("cdc").get(_url(world, fiche))
    assert {m.proposed for m in page.context["form"].moves} == {days(0)}


def test_a_planned_end_already_passed_leaves_no_date_to_offer(world, fiche):
    Action.objects.filter(pk=fiche.pk).update(end_date=days(-1))
    fiche.refresh_from_db()
    page = world.client("cdc").get(_url(world, fiche))
    assert "La fin prévue de la fiche" in page_text(page) and "est passée" in page_text(page)
    step = _step(fiche, "Trouver un local")
    with pytest.raises(ValidationError, match="reportez-la d'abord"):
        services.steps_reschedule(
            action=fiche, by=world.users["cdc"], moves=[services.StepDate(step, days(0))]
        )


# ------------------------------------------------------------------ bad input


def _offer(world, fiche, client_role: str = "cdc"):
    client = world.client(client_role)
    return client, opened_form(client, _url(world, fiche))


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (-1, "est passée : choisissez aujourd'hui ou une date à venir."),
        (31, "tombe après la fin prévue de la fiche"),
    ],
)
def test_a_date_out_of_range_is_refused_in_french_and_nothing_moves(world, fiche, day, message):
    client, data = _offer(world, fiche)
    before = _dates(fiche)
    key = _step(fiche, "Trouver un local").uuid.hex
    response = client.post(_url(world, fiche), {**data, f"date-{key}": days(day).isoformat()})
    assert response.status_code == 200
    assert message in page_text(response)
    assert _dates(fiche) == before


def test_a_checked_step_without_a_date_or_nothing_checked_is_refused(world, fiche):
    client, data = _offer(world, fiche)
    before = _dates(fiche)
    key = _step(fiche, "Trouver un local").uuid.hex
    response = client.post(_url(world, fiche), {**data, f"date-{key}": ""})
    assert "Choisissez la nouvelle échéance de « Trouver un local »." in page_text(response)
    unchecked = {k: v for k, v in data.items() if not k.startswith("reporter-")}
    response = client.post(_url(world, fiche), unchecked)
    assert "Cochez au moins une étape à reporter." in page_text(response)
    response = client.post(_url(world, fiche), {**data, f"date-{key}": "31/02/2026"})
    assert response.status_code == 200
    assert _dates(fiche) == before


def test_a_step_of_another_fiche_or_ctg_is_not_found_and_nothing_moves(world, fiche):
    cdc = world.users["cdc"]
    other = services.action_create(
        plan=fiche.plan, by=cdc, axis=fiche.axis, title="Autre fiche", notify=False
    )
    theirs = services.step_add(action=other, by=cdc, name="Autre étape", due_date=days(-3))
    plan_b = plan_of(world.b)
    axis_b = services.axis_create(plan=plan_b, by=world.users["cdc_b"], title="Axe B")
    fiche_b = services.action_create(
        plan=plan_b, by=world.users["cdc_b"], axis=axis_b, title="Fiche B", notify=False
    )
    foreign = services.step_add(action=fiche_b, by=world.users["cdc_b"], name="B", due_date=None)
    client, data = _offer(world, fiche)
    before = {**_dates(fiche), **_dates(other), **_dates(fiche_b)}
    for step in (theirs, foreign):
        key = step.uuid.hex
        forged = {
            **data,
            "etape": [*data["etape"], key],
            f"reporter-{key}": "on",
            f"date-{key}": days(5).isoformat(),
        }
        assert client.post(_url(world, fiche), forged).status_code == 404
    assert client.post(_url(world, fiche), {**data, "etape": ["pas-un-uuid"]}).status_code == 404
    assert {**_dates(fiche), **_dates(other), **_dates(fiche_b)} == before
    # The service refuses them too, whoever calls it.
    with pytest.raises(ValidationError, match="n'appartient pas à cette fiche"):
        services.steps_reschedule(action=fiche, by=cdc, moves=[services.StepDate(theirs, days(5))])


def test_a_done_step_is_not_moved(world, fiche):
    done = _step(fiche, "Signer le bail")
    with pytest.raises(ValidationError, match="est faite"):
        services.steps_reschedule(
            action=fiche, by=world.users["cdc"], moves=[services.StepDate(done, days(5))]
        )
    assert _step(fiche, "Signer le bail").due_date == days(-20)


def test_only_the_fiche_s_editors_move_its_steps(world, fiche):
    step = _step(fiche, "Trouver un local")
    for role in ("elu", "partenaire", "cdt"):
        with pytest.raises(PermissionDenied):
            services.steps_reschedule(
                action=fiche, by=world.users[role], moves=[services.StepDate(step, days(5))]
            )
    assert _step(fiche, "Trouver un local").due_date == days(-10)
    assert (
        services.steps_reschedule(
            action=fiche,
            by=world.users["technicien"],
            moves=[services.StepDate(step, days(5))],
        )
        == 1
    )


# ------------------------------------------------------------------ two people at once


@pytest.fixture
def colleague(world):
    user = UserFactory(email="cdc2.a@example.org", full_name="Claire Martin")
    ConventionMembershipFactory(convention=world.a, role="cdc", user=user)
    return user


def test_an_end_moved_meanwhile_refuses_the_move_with_what_changed(world, fiche, colleague):
    client, data = _offer(world, fiche)
    services.action_update(action=fiche, by=colleague, end_date=days(15))

    refused = client.post(_url(world, fiche), data)

    assert refused.status_code == 200
    text = page_text(refused)
    assert STALE in text and "Claire Martin a enregistré des changements" in text
    assert (
        f"Fin prévue : « {days(30):%d/%m/%Y} » à l'ouverture du formulaire, "
        f"« {days(15):%d/%m/%Y} » maintenant." in text
    )
    assert _dates(fiche)["Trouver un local"] == days(-10)
    # Sent again, the form carries the versions stored now: the move applies knowingly.
    again = refused.context["form"]
    assert again["version"].value() == str(Action.objects.get(pk=fiche.pk).version)
    resent = {**data, "version": again["version"].value()}
    assert client.post(_url(world, fiche), resent).status_code == 302
    assert _dates(fiche)["Trouver un local"] == days(0)


def test_a_step_changed_meanwhile_refuses_the_move_and_names_it(world, fiche, colleague):
    client, data = _offer(world, fiche)
    step = _step(fiche, "Trouver un local")
    services.step_update(step=step, by=colleague, name=step.name, due_date=days(3), done=False)

    refused = client.post(_url(world, fiche), data)

    text = page_text(refused)
    assert STALE in text and "Claire Martin a enregistré des changements" in text
    assert (
        f"Échéance (étape « Trouver un local ») : « {days(-10):%d/%m/%Y} » à l'ouverture du "
        f"formulaire, « {days(3):%d/%m/%Y} » maintenant." in text
    )
    assert _dates(fiche)["Réunir les assistantes maternelles"] == days(-40)
    key = step.uuid.hex
    assert refused.context["form"][f"version-{key}"].value() == str(
        Step.objects.get(pk=step.pk).version
    )
    with pytest.raises(StaleEdit):
        services.steps_reschedule(
            action=fiche,
            by=world.users["cdc"],
            moves=[services.StepDate(step, days(5), expected_version=1)],
        )
