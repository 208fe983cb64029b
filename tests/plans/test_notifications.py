"""New pilots and co-pilots of a fiche are told by e-mail, after commit, unless they opted out."""

import pytest
from django.urls import reverse

from maillage.plans import services
from maillage.plans.selectors import plan_of


@pytest.fixture
def setup(world):
    plan = plan_of(world.a)
    axis = services.axis_create(plan=plan, by=world.users["cdc"], title="Axe")
    return plan, axis


def test_a_new_pilot_and_copilot_get_an_email_after_commit(
    world, setup, mailoutbox, django_capture_on_commit_callbacks
):
    plan, axis = setup
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.action_create(
            plan=plan,
            by=world.users["cdc"],
            axis=axis,
            title="MAM",
            pilot=world.users["technicien"],
            copilots=[world.users["partenaire"]],
        )
        assert mailoutbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    sent = {m.to[0]: m for m in mailoutbox}
    assert set(sent) == {"technicien.a@example.org", "partenaire.a@example.org"}
    assert "pilote de la fiche A1.1" in sent["technicien.a@example.org"].subject
    assert "copilote" in sent["partenaire.a@example.org"].subject
    assert "CTG Grand Chambéry" in sent["technicien.a@example.org"].body


def test_only_new_assignees_are_told_and_not_the_author(
    world, setup, mailoutbox, django_capture_on_commit_callbacks
):
    plan, axis = setup
    cdc = world.users["cdc"]
    with django_capture_on_commit_callbacks(execute=True):
        action = services.action_create(
            plan=plan, by=cdc, axis=axis, title="MAM", pilot=world.users["technicien"]
        )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.action_update(
            action=action, by=cdc, title="MAM des Bauges", copilots=[world.users["partenaire"], cdc]
        )
    assert [m.to[0] for m in mailoutbox] == ["partenaire.a@example.org"]


def test_a_user_who_opted_out_gets_no_email(
    world, setup, mailoutbox, django_capture_on_commit_callbacks
):
    plan, axis = setup
    response = world.client("technicien").post(
        reverse("web:preferences"),
        {
            "full_name": "Tech Nicien",
            "phone": "04 79 00 00 00",
        },
    )
    assert response.status_code == 302
    world.users["technicien"].refresh_from_db()
    assert world.users["technicien"].notify_assignments is False
    with django_capture_on_commit_callbacks(execute=True):
        services.action_create(
            plan=plan,
            by=world.users["cdc"],
            axis=axis,
            title="MAM",
            pilot=world.users["technicien"],
        )
    assert mailoutbox == []


def test_an_elu_s_note_tells_the_pilots_and_the_cdc_but_not_its_author(
    world, setup, mailoutbox, django_capture_on_commit_callbacks
):
    plan, axis = setup
    cdc = world.users["cdc"]
    action = services.action_create(
        plan=plan, by=cdc, axis=axis, title="MAM", pilot=world.users["technicien"], notify=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.note_add(action=action, by=world.users["elu"], text="Le conseil soutient.")
    sent = {m.to[0]: m for m in mailoutbox}
    assert set(sent) == {"technicien.a@example.org", "cdc.a@example.org"}
    message = sent["cdc.a@example.org"]
    assert "note" in message.subject and "A1.1" in message.subject
    assert "Le conseil soutient." in message.body and "élu·e référent·e" in message.body
    url = reverse("plans:action_detail", args=[world.a.uuid, action.uuid])
    assert f"http://testserver{url}" in message.body
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.note_add(action=action, by=world.users["technicien"], text="Local trouvé.")
    assert mailoutbox == []  # the team's own notes tell no one
