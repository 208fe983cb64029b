"""A decision applied by several people at the same moment is applied once."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from maillage.governance import services
from maillage.governance.models import Decision
from maillage.plans import services as plan_services
from maillage.plans.models import BudgetLine
from maillage.plans.selectors import plan_of

from ..concurrency import THREADS, failures, file_database, run_together
from ..factories import ConventionMembershipFactory

__all__ = ["file_database"]  # the fixture, used by name


@pytest.mark.django_db(transaction=True)
def test_eight_simultaneous_applications_of_a_budget_decision_add_one_line(file_database):
    membership = ConventionMembershipFactory(role="cdc")
    cdc, convention = membership.user, membership.convention
    plan = plan_of(convention)
    axis = plan_services.axis_create(plan=plan, by=cdc, title="Petite enfance")
    action = plan_services.action_create(plan=plan, by=cdc, axis=axis, title="Créer une MAM")
    copil = services.body_create(
        convention=convention, by=cdc, kind="copil", name="COPIL", frequency="annuelle"
    )
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=2)
    meeting = services.meeting_create(
        body=copil, by=cdc, title="COPIL", start=start, end=start + datetime.timedelta(hours=2)
    )
    decision = services.decision_add(
        meeting=meeting, by=cdc, text="Financer la MAM", actions=[action]
    )
    # Each request loads the decision, sees it not yet applied, then applies it.
    loaded = [Decision.objects.get(pk=decision.pk) for _ in range(THREADS)]

    outcomes = run_together(
        lambda i: services.decision_apply(
            decision=loaded[i],
            by=cdc,
            change="budget",
            action=action,
            year=2026,
            nature="fonctionnement",
            forecast=Decimal("1500"),
        )
    )

    assert BudgetLine.objects.filter(action=action).count() == 1
    refused = failures(outcomes)
    assert len(refused) == THREADS - 1
    assert all(isinstance(e, ValidationError) for e in refused), refused
    assert {e.messages[0] for e in refused} == {
        "Cette décision a déjà été appliquée au plan d'actions."
    }
