"""What loading the demo writes to an empty database, and that a second load writes nothing.

No shared demo here: the module loads the demo twice on a database holding only the
Savoie's communes, so a loader that wrote nothing would fail every test.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core import mail
from django.db import transaction
from django.test import TestCase

from maillage.accounts.models import User
from maillage.activity.models import JournalEntry
from maillage.conventions.models import Convention
from maillage.demo.load import load_demo
from maillage.governance.models import Body, Decision, Invitation, Meeting
from maillage.indicators.models import Measurement
from maillage.network.models import Partner
from maillage.plans.models import Action, Step


def counts() -> dict[str, int]:
    """The rows of every table of Maillage's apps, histories and many-to-many included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model.__module__.startswith("maillage.")
    }


def label(model: type) -> str:
    return model._meta.label


@dataclass
class Loads:
    """What the two loads wrote."""

    first: dict[str, int]
    second: dict[str, int]
    authors: set[str]
    mails: list[mail.EmailMessage]


pytestmark = pytest.mark.xdist_group("demo-empty")


@pytest.fixture(scope="module")
def loads(django_db_setup, django_db_blocker) -> Iterator[Loads]:
    """The demo loaded twice on an empty database, each load's on-commit callbacks run (as
    after a real commit), all rolled back after the module's last test."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            # Nothing to find: a loader that wrote nothing would fail every test.
            assert not Convention.objects.exists() and not User.objects.exists()
            mail.outbox = []
            with TestCase.captureOnCommitCallbacks(execute=True):
                load_demo()
            first = counts()
            authors = set(
                Action.history.filter(plan__convention__name="CTG Grand Chambéry").values_list(
                    "history_user__email", flat=True
                )
            )
            with TestCase.captureOnCommitCallbacks(execute=True):
                load_demo()
            yield Loads(first, counts(), authors, list(mail.outbox))
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_loading_the_demo_twice_creates_no_duplicates(loads):
    assert loads.second == loads.first
    assert loads.first[label(Convention)] == 18
    assert loads.first[label(User)] > 10
    assert loads.first[label(Action)] >= 75
    assert loads.first[label(Partner)] >= 3 * 40
    assert loads.first[label(JournalEntry)] > 3 * 150


def test_the_demo_plans_are_written_by_the_cdc_without_mail_and_only_once(loads):
    histories = [label(m.history.model) for m in (Action, Step, Measurement)]

    assert all(loads.first[h] > 0 for h in histories)
    assert [loads.second[h] for h in histories] == [loads.first[h] for h in histories]
    assert loads.authors == {"cdc.chambery@example.org"}
    assert loads.mails == []


def test_loading_the_demo_twice_creates_no_governance_twice_and_sends_nothing(loads):
    governance = [label(m) for m in (Body, Meeting, Invitation, Decision)] + [
        label(m.history.model) for m in (Meeting, Invitation)
    ]

    assert [loads.second[g] for g in governance] == [loads.first[g] for g in governance]
    # COPIL, COTECH and 5 groups; one COPIL for each other CTG; the Caf's network.
    assert loads.first[label(Body)] == 3 * 2 + 5 + 15 + 1
    assert loads.first[label(Decision)] >= 9
    assert loads.mails == []
