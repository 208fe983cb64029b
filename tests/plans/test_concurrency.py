"""Simultaneous writes on a fiche: they queue and all succeed."""

from __future__ import annotations

import pytest

from maillage.plans import services
from maillage.plans.models import Note
from maillage.plans.selectors import plan_of

from ..concurrency import THREADS, failures, file_database, run_together
from ..factories import ConventionMembershipFactory

__all__ = ["file_database"]  # the fixture, used by name


@pytest.mark.django_db(transaction=True)
def test_eight_people_adding_a_note_to_one_fiche_at_once_all_succeed(file_database):
    membership = ConventionMembershipFactory(role="cdc")
    cdc, plan = membership.user, plan_of(membership.convention)
    axis = services.axis_create(plan=plan, by=cdc, title="Petite enfance")
    action = services.action_create(plan=plan, by=cdc, axis=axis, title="Créer une MAM")

    outcomes = run_together(lambda i: services.note_add(action=action, by=cdc, text=f"Note {i}"))

    assert failures(outcomes) == []
    assert Note.objects.filter(action=action).count() == THREADS
