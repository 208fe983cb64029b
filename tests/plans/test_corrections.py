"""Everything entered on a fiche can be corrected: steps (edit, delete, reorder), budget
lines (edit) and notes (edit, delete by their author), each change in the history."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from maillage.activity.models import JournalEntry
from maillage.plans import services
from maillage.plans.history import action_history
from maillage.plans.models import BudgetLine, Note, Step
from maillage.plans.selectors import plan_of

from ..factories import OrganisationFactory


@pytest.fixture
def fiche(world):
    """A fiche of CTG A piloted by the technicien, with three steps, a line and a note."""
    cdc = world.users["cdc"]
    plan = plan_of(world.a)
    axis = services.axis_create(plan=plan, by=cdc, title="Petite enfance")
    action = services.action_create(
        plan=plan, by=cdc, axis=axis, title="RPE", pilot=world.users["technicien"], notify=False
    )
    for name in ("Diagnostic", "Recrutement", "Ouverture"):
        services.step_add(action=action, by=cdc, name=name)
    services.budget_line_add(
        action=action, by=cdc, year=2026, nature="fonctionnement", forecast=Decimal("1000")
    )
    services.note_add(action=action, by=world.users["technicien"], text="Local trouvé.")
    return action


def _url(world, name, fiche, obj=None):
    args = [world.a.uuid, fiche.uuid] + ([obj.uuid] if obj is not None else [])
    return reverse(f"plans:{name}", args=args)


def _names(fiche):
    return list(fiche.steps.values_list("name", flat=True))


def test_a_pilot_corrects_a_step(world, fiche):
    step = fiche.steps.get(name="Recrutement")
    client = world.client("technicien")
    page = client.get(_url(world, "step_edit", fiche, step))
    assert page.context["form"].initial["name"] == "Recrutement"
    response = client.post(
        _url(world, "step_edit", fiche, step),
        {"name": "Recrutement de l'animatrice", "due_date": "2027-01-15", "done": "on"},
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.name, step.due_date, step.done) == (
        "Recrutement de l'animatrice",
        datetime.date(2027, 1, 15),
        True,
    )


def test_an_empty_step_name_is_refused_and_nothing_changes(world, fiche):
    step = fiche.steps.get(name="Diagnostic")
    response = world.client("cdc").post(_url(world, "step_edit", fiche, step), {"name": ""})
    assert response.status_code == 200 and response.context["form"].errors
    assert Step.objects.get(pk=step.pk).name == "Diagnostic"


def test_steps_are_reordered_and_deleted(world, fiche):
    client = world.client("technicien")
    last = fiche.steps.get(name="Ouverture")
    client.post(_url(world, "step_move", fiche, last), {"sens": "haut"})
    assert _names(fiche) == ["Diagnostic", "Ouverture", "Recrutement"]
    first = fiche.steps.get(name="Diagnostic")
    client.post(_url(world, "step_move", fiche, first), {"sens": "haut"})  # already first
    client.post(_url(world, "step_move", fiche, first), {"sens": "bas"})
    assert _names(fiche) == ["Ouverture", "Diagnostic", "Recrutement"]
    response = client.post(_url(world, "step_move", fiche, first), {"sens": "²"})
    assert response.status_code == 302 and _names(fiche)[1] == "Diagnostic"
    response = client.post(_url(world, "step_delete", fiche, first))
    assert response.status_code == 302
    assert _names(fiche) == ["Ouverture", "Recrutement"]
    subjects = [e.subject for e in action_history(fiche)]
    assert "Étape : Diagnostic" in subjects


def test_a_budget_line_is_corrected_once_the_amounts_are_known(world, fiche):
    line = fiche.budget_lines.get()
    client = world.client("technicien")
    assert client.get(_url(world, "budget_edit", fiche, line)).status_code == 200
    response = client.post(
        _url(world, "budget_edit", fiche, line),
        {"year": "2026", "nature": "fonctionnement", "forecast": "1200", "actual": "850,50"},
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.forecast, line.actual) == (Decimal("1200.00"), Decimal("850.50"))
    [entry] = [
        e
        for e in action_history(fiche)
        if e.subject == "Budget 2026" and e.action == "Modification"
    ]
    assert {label for label, _, _ in entry.changes} == {"Prévisionnel (€)", "Réalisé (€)"}


def test_a_budget_line_with_a_foreign_financeur_is_refused(world, fiche):
    foreign = OrganisationFactory(caf=world.other_caf, name="Mairie d'ailleurs")
    line = fiche.budget_lines.get()
    with pytest.raises(ValidationError, match="financeur"):
        services.budget_line_update(
            line=line,
            by=world.users["cdc"],
            year=2026,
            nature="fonctionnement",
            forecast=Decimal("1"),
            financeur=foreign,
        )
    assert BudgetLine.objects.get(pk=line.pk).forecast == Decimal("1000")


def test_the_author_edits_and_deletes_their_note_with_the_change_in_the_history(world, fiche):
    note = fiche.notes.get()
    client = world.client("technicien")
    detail = client.get(_url(world, "action_detail", fiche)).content.decode()
    assert _url(world, "note_edit", fiche, note) in detail
    response = client.post(
        _url(world, "note_edit", fiche, note), {"text": "Local trouvé rue Haute."}
    )
    assert response.status_code == 302
    assert Note.objects.get(pk=note.pk).text == "Local trouvé rue Haute."
    changes = [c for e in action_history(fiche) for c in e.changes]
    assert ("Note", "Local trouvé.", "Local trouvé rue Haute.") in changes
    assert client.post(_url(world, "note_delete", fiche, note)).status_code == 302
    assert not Note.objects.filter(pk=note.pk).exists()
    assert any(
        e.subject.startswith("Note du") and e.action == "Suppression" for e in action_history(fiche)
    )


def test_no_one_else_edits_or_deletes_a_note(world, fiche):
    note = fiche.notes.get()
    cdc = world.client("cdc")
    detail = cdc.get(_url(world, "action_detail", fiche)).content.decode()
    assert _url(world, "note_edit", fiche, note) not in detail
    assert cdc.post(_url(world, "note_edit", fiche, note), {"text": "Réécrit"}).status_code == 403
    assert cdc.post(_url(world, "note_delete", fiche, note)).status_code == 403
    with pytest.raises(PermissionDenied):
        services.note_update(note=note, by=world.users["cdc"], text="Réécrit")
    with pytest.raises(PermissionDenied):
        services.note_delete(note=note, by=world.users["elu"])
    assert Note.objects.get(pk=note.pk).text == "Local trouvé."


@pytest.mark.parametrize("role", ["elu", "partenaire", "cdt"])
def test_readers_do_not_change_steps_or_budget_even_through_the_services(world, fiche, role):
    user = world.users[role]
    step = fiche.steps.first()
    with pytest.raises(PermissionDenied):
        services.step_update(step=step, by=user, name="x", done=True)
    with pytest.raises(PermissionDenied):
        services.step_delete(step=step, by=user)
    with pytest.raises(PermissionDenied):
        services.step_move(step=step, by=user, up=False)
    with pytest.raises(PermissionDenied):
        services.budget_line_delete(line=fiche.budget_lines.get(), by=user)
    assert _names(fiche) == ["Diagnostic", "Recrutement", "Ouverture"]


def test_the_cdc_deletes_a_fiche_created_by_mistake_with_its_contents(world, fiche):
    client = world.client("cdc")
    edit = client.get(_url(world, "action_edit", fiche)).content.decode()
    assert _url(world, "action_delete", fiche) in edit
    pilot_edit = world.client("technicien").get(_url(world, "action_edit", fiche))
    assert _url(world, "action_delete", fiche) not in pilot_edit.content.decode()
    assert world.client("technicien").post(_url(world, "action_delete", fiche)).status_code == 403
    response = client.post(_url(world, "action_delete", fiche))
    assert response.status_code == 302
    assert not type(fiche).objects.filter(pk=fiche.pk).exists()
    assert not Step.objects.filter(action_id=fiche.pk).exists()


def test_a_fiche_cited_elsewhere_is_kept_with_a_french_reason(world, fiche):
    entry = JournalEntry.objects.create(
        convention=world.a,
        author=world.users["cdc"],
        date=datetime.date(2026, 11, 2),
        duration=60,
        description="Réunion de lancement",
        attendu="elus",
        action=fiche,
    )
    response = world.client("cdc").post(_url(world, "action_delete", fiche), follow=True)
    assert "Suppression impossible" in response.content.decode()
    assert type(fiche).objects.filter(pk=fiche.pk).exists()
    entry.refresh_from_db()
    assert entry.action_id == fiche.pk


def test_an_axis_is_deleted_only_without_fiches_and_an_objectif_only_if_unserved(world, fiche):
    cdc = world.users["cdc"]
    plan = plan_of(world.a)
    empty = services.axis_create(plan=plan, by=cdc, title="Jeunesse")
    services.objective_create(axis=empty, by=cdc, title="Accueillir les ados")
    served = services.objective_create(axis=fiche.axis, by=cdc, title="Plus de places")
    services.action_update(action=fiche, by=cdc, objectives=[served])
    client = world.client("cdc")
    refused = client.post(
        reverse("plans:axis_delete", args=[world.a.uuid, fiche.axis.uuid]), follow=True
    )
    assert "a des fiches" in refused.content.decode()
    refused = client.post(
        reverse("plans:objective_delete", args=[world.a.uuid, served.uuid]), follow=True
    )
    assert "Des fiches servent" in refused.content.decode()
    assert client.post(reverse("plans:axis_delete", args=[world.a.uuid, empty.uuid])).status_code
    assert list(plan.axes.values_list("title", flat=True)) == ["Petite enfance"]
    assert list(fiche.axis.objectives.all()) == [served]
