"""The demo: the Caf de la Savoie, 18 CTGs, fictitious people, the detailed CTGs' plans.

Read from one demo loaded for the module; what a load writes to an empty database is in
``test_load_on_an_empty_database``.
"""

import datetime

import pytest
from django.contrib.auth import authenticate
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import User
from maillage.conventions.enums import CafRole
from maillage.conventions.models import Convention
from maillage.demo.load import load_demo
from maillage.indicators.models import Indicator
from maillage.organisations.models import Caf
from maillage.plans.models import Action, Axis, BudgetLine, Objective

DEMO_LOGINS = [
    "cdc.chambery@example.org",
    "elu.chambery@example.org",
    "cdc.arlysere@example.org",
    "cdc.coeur-de-savoie@example.org",
    *[f"cdt{i}@example.org" for i in range(1, 7)],
    "admin.caf73@example.org",
]
DETAILED_CTGS = ["CTG Grand Chambéry", "CTG Arlysère", "CTG Coeur de Savoie"]


pytestmark = pytest.mark.xdist_group("demo")


@pytest.fixture
def demo(shared_demo, db):
    """The demo, loaded once for this module's tests."""
    return shared_demo


def test_the_demo_has_one_ctg_per_epci_of_savoie(demo):
    caf = Caf.objects.get(name="Caf de la Savoie")

    conventions = Convention.objects.filter(caf=caf)

    assert conventions.count() == 18
    assert conventions.values("epci").distinct().count() == 18
    assert all(c.communes.exists() for c in conventions)


def test_each_of_the_six_cdts_is_referent_for_exactly_three_ctgs(demo):
    cdts = User.objects.filter(caf_memberships__role=CafRole.CDT).distinct()

    assert cdts.count() == 6
    assert sorted(Convention.objects.filter(cdt=cdt).count() for cdt in cdts) == [3] * 6
    assert not Convention.objects.filter(cdt__isnull=True).exists()


def test_the_documented_demo_logins_authenticate_with_the_demo_password(demo):
    authenticated = {
        email: authenticate(username=email, password="Savoie-demo-2026") for email in DEMO_LOGINS
    }

    refused = [email for email, user in authenticated.items() if user is None]
    assert refused == []
    assert all(user.email == email for email, user in authenticated.items())


def test_the_demo_password_is_still_valid_after_a_second_load(demo):
    load_demo()

    assert authenticate(username="cdc.chambery@example.org", password="Savoie-demo-2026")


def test_the_demo_chambery_cdc_logs_in_through_the_page_and_sees_grand_chambery(demo):
    client = Client()

    response = client.post(
        reverse("accounts:login"),
        {"username": "cdc.chambery@example.org", "password": "Savoie-demo-2026"},
    )

    assert response.status_code == 302
    home = client.get(reverse("web:home"))
    assert [c.name for c in home.context["own_conventions"]] == ["CTG Grand Chambéry"]


def test_the_demo_ctgs_show_at_least_four_distinct_statuses(demo):
    statuses = set(Convention.objects.with_status().values_list("status", flat=True))

    assert len(statuses) >= 4


def test_the_demo_statuses_span_the_five_statuses_on_a_fixed_day(demo):
    statuses = set(
        Convention.objects.with_status(today=datetime.date(2026, 6, 1)).values_list(
            "status", flat=True
        )
    )

    assert statuses == {"en_preparation", "signee", "en_cours", "echue", "en_renouvellement"}


def test_the_three_detailed_ctgs_have_a_full_plan_d_actions(demo):
    for name in DETAILED_CTGS:
        actions = Action.objects.filter(plan__convention__name=name)
        assert Axis.objects.filter(plan__convention__name=name).count() == 4
        assert 10 <= Objective.objects.filter(axis__plan__convention__name=name).count() <= 12
        assert 25 <= actions.count() <= 35
        late = actions.with_progress(today=datetime.date(2026, 11, 28)).filter(is_late=True)
        assert late.exists()
        assert actions.filter(confidential=True).count() >= 2
        assert actions.values("status").distinct().count() >= 3
        assert not actions.filter(objectives__isnull=True).exists()
        assert not actions.filter(budget_lines__isnull=True).exists()
        if name != "CTG Coeur de Savoie":  # not begun yet: nothing spent
            assert BudgetLine.objects.filter(action__in=actions, actual__isnull=False).exists()
        indicators = Indicator.objects.filter(convention__name=name)
        assert 4 <= indicators.count() <= 6
        assert all(i.measurements.count() >= 3 and i.actions.exists() for i in indicators)
