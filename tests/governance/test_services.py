"""Writes on the governance: meetings, invitations, minutes and decisions applied to the plan."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from maillage.governance import services
from maillage.governance.models import Invitation, Meeting
from maillage.network.models import Contact
from maillage.plans.models import Action, BudgetLine

from .helpers import body, fiche, meeting


def test_a_meeting_invites_the_members_of_its_instance(world):
    contact = Contact.objects.create(convention=world.a, last_name="Durand", email="d@example.org")
    copil = body(world, users=[world.users["elu"]], contacts=[contact])
    start = timezone.now() + datetime.timedelta(days=3)
    m = services.meeting_create(
        body=copil,
        by=world.users["cdc"],
        title="COPIL",
        start=start,
        end=start + datetime.timedelta(hours=1),
    )
    assert {i.name for i in m.invitations.all()} == {world.users["elu"].full_name, "Durand"}


def test_a_meeting_ending_before_it_starts_is_refused_and_nothing_is_created(world):
    copil = body(world)
    start = timezone.now()
    with pytest.raises(ValidationError):
        services.meeting_create(
            body=copil, by=world.users["cdc"], title="X", start=start, end=start
        )
    assert not Meeting.objects.exists()


def test_inviting_an_unknown_address_asks_to_add_it_to_the_directory(world):
    m = meeting(world)
    with pytest.raises(ValidationError, match="annuaire"):
        services.invitation_add_by_email(meeting=m, by=world.users["cdc"], email="x@inconnu.fr")
    assert not m.invitations.exists()


def test_a_person_of_another_ctg_cannot_be_invited(world):
    m = meeting(world)
    with pytest.raises(ValidationError):
        services.invitation_add(meeting=m, by=world.users["cdc"], user=world.users["cdc_c"])
    assert not Invitation.objects.filter(user=world.users["cdc_c"]).exists()


def test_empty_minutes_cannot_be_published(world):
    m = meeting(world)
    with pytest.raises(ValidationError):
        services.minutes_publish(meeting=m, by=world.users["cdc"])
    m.refresh_from_db()
    assert not m.minutes_published


def test_publishing_the_minutes_marks_the_meeting_held(world):
    m = meeting(world, days=-1)
    services.minutes_save(meeting=m, by=world.users["cdc"], minutes="Échanges.")
    services.minutes_publish(meeting=m, by=world.users["cdc"])
    m.refresh_from_db()
    assert m.minutes_published and m.status == "tenue"


def _decision(world, action):
    m = meeting(world, days=-2)
    return services.decision_add(
        meeting=m, by=world.users["cdc"], text="Lancer la MAM dès janvier", actions=[action]
    )


def test_applying_a_status_decision_changes_the_fiche_with_the_meeting_as_reason(world):
    action = fiche(world)
    decision = _decision(world, action)
    services.decision_apply(
        decision=decision, by=world.users["cdc"], change="statut", action=action, status="en_cours"
    )
    action.refresh_from_db()
    decision.refresh_from_db()
    assert action.status == "en_cours"
    assert decision.applied_at is not None
    assert decision.status == "faite"  # carried out: no longer open for its owner
    reason = action.history.order_by("-history_id").first().history_change_reason
    assert "Instance copil" in reason and "Lancer la MAM" in reason
    page = world.client("cdc").get(
        reverse("governance:meeting_detail", args=[world.a.uuid, decision.meeting.uuid])
    )
    row = next(r for r in page.content.decode().split("<tr>") if "Lancer la MAM" in r)
    assert "<td>Appliquée</td>" in row


def test_applying_a_budget_decision_adds_a_line_with_the_reason(world):
    action = fiche(world)
    decision = _decision(world, action)
    services.decision_apply(
        decision=decision,
        by=world.users["cdc"],
        change="budget",
        action=action,
        year=2026,
        nature="fonctionnement",
        forecast=Decimal("1500"),
    )
    line = BudgetLine.objects.get(action=action)
    assert line.forecast == Decimal("1500")
    assert "Lancer la MAM" in line.history.first().history_change_reason


def test_applying_a_new_fiche_decision_creates_it_and_links_it(world):
    action = fiche(world)
    decision = _decision(world, action)
    created = services.decision_apply(
        decision=decision,
        by=world.users["cdc"],
        change="nouvelle_fiche",
        axis=action.axis,
        title="LAEP",
    )
    assert created.title == "LAEP"
    assert decision.actions.filter(pk=created.pk).exists()


def test_an_invalid_change_leaves_the_plan_and_the_decision_untouched(world):
    action = fiche(world)
    decision = _decision(world, action)
    with pytest.raises(ValidationError):
        services.decision_apply(
            decision=decision,
            by=world.users["cdc"],
            change="dates",
            action=action,
            start_date=datetime.date(1990, 1, 1),
        )
    action.refresh_from_db()
    decision.refresh_from_db()
    assert action.start_date is None
    assert decision.applied_at is None


def test_a_decision_is_applied_only_once(world):
    action = fiche(world)
    decision = _decision(world, action)
    services.decision_apply(
        decision=decision, by=world.users["cdc"], change="statut", action=action, status="en_cours"
    )
    with pytest.raises(ValidationError):
        services.decision_apply(
            decision=decision,
            by=world.users["cdc"],
            change="statut",
            action=action,
            status="bloquee",
        )
    assert Action.objects.get(pk=action.pk).status == "en_cours"


def test_a_decision_cannot_touch_a_fiche_of_another_ctg(world):
    other = fiche(world, convention=world.b)
    decision = _decision(world, fiche(world))
    with pytest.raises(ValidationError):
        services.decision_apply(
            decision=decision,
            by=world.users["cdc"],
            change="statut",
            action=other,
            status="realisee",
        )
    assert Action.objects.get(pk=other.pk).status == "a_venir"
