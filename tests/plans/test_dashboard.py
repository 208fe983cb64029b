"""The plan's dashboard and timeline."""

import datetime
import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.plans import services
from maillage.plans.dashboard import plan_dashboard, plan_timeline
from maillage.plans.selectors import plan_of

from ..factories import OrganisationFactory

TODAY = datetime.date(2026, 11, 28)


@pytest.fixture
def filled(world):
    plan = plan_of(world.a)
    cdc = world.users["cdc"]
    axis = services.axis_create(plan=plan, by=cdc, title="Petite enfance")
    caf = OrganisationFactory(caf=world.caf, name="Caf de la Savoie")
    late = services.action_create(
        plan=plan,
        by=cdc,
        axis=axis,
        title="MAM",
        status="en_cours",
        end_date=datetime.date(2026, 6, 30),
        pilot=cdc,
        themes=["petite_enfance"],
    )
    services.budget_line_add(
        action=late,
        by=cdc,
        year=2025,
        nature="investissement",
        forecast=Decimal("10000"),
        actual=Decimal("8000.50"),
        financeur=caf,
    )
    services.budget_line_add(
        action=late, by=cdc, year=2026, nature="fonctionnement", forecast=Decimal("2500")
    )
    done = services.action_create(
        plan=plan,
        by=cdc,
        axis=axis,
        title="LAEP",
        status="realisee",
        themes=["parentalite", "petite_enfance"],
    )
    services.step_add(
        action=done, by=cdc, name="Inauguration", due_date=TODAY + datetime.timedelta(days=10)
    )
    secret = services.action_create(
        plan=plan, by=cdc, axis=axis, title="Secret", confidential=True, status="bloquee"
    )
    return plan, late, done, secret


def test_dashboard_counts_budgets_late_and_upcoming(world, filled):
    plan, late, done, _secret = filled
    data = plan_dashboard(world.users["cdc"], plan, today=TODAY)
    counts = {value: n for value, _label, n in data.by_status}
    assert data.total == 3
    assert counts["en_cours"] == 1 and counts["realisee"] == 1 and counts["bloquee"] == 1
    assert dict(data.by_theme) == {"Petite enfance": 2, "Parentalité": 1}
    assert [(r.label, r.forecast, r.actual) for r in data.budget_by_year] == [
        ("2025", Decimal("10000"), Decimal("8000.50")),
        ("2026", Decimal("2500"), Decimal("0")),
    ]
    assert data.budget_total.forecast == Decimal("12500")
    assert {r.label for r in data.budget_by_financeur} == {
        "Caf de la Savoie",
        "Financeur non précisé",
    }
    assert [a.pk for a in data.late] == [late.pk]
    assert [s.name for s in data.upcoming_steps] == ["Inauguration"]


def test_dashboard_leaves_out_what_the_user_may_not_see(world, filled):
    plan = filled[0]
    data = plan_dashboard(world.users["technicien"], plan, today=TODAY)
    assert data.total == 2
    assert {v: n for v, _l, n in data.by_status}["bloquee"] == 0


def test_dashboard_page_shows_french_amounts(world, filled):
    page = world.client("elu").get(reverse("plans:dashboard", args=[world.a.uuid]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "10\u202f000,00\u00a0€" in text
    assert "12\u202f500,00\u00a0€" in text


def test_timeline_draws_one_bar_per_visible_fiche_with_valid_svg(world, filled):
    plan = filled[0]
    timeline = plan_timeline(world.users["cdc"], plan, today=TODAY)
    assert len(timeline.bars) == 3
    assert timeline.today_x is not None
    page = world.client("cdc").get(reverse("plans:timeline", args=[world.a.uuid]))
    svg = re.search(r"<svg class=\"timeline-chart\".*?</svg>", page.content.decode(), re.S)
    root = ElementTree.fromstring(svg.group(0))
    rects = root.findall("{http://www.w3.org/2000/svg}rect") or root.findall("rect")
    assert len(rects) == 3


def test_dashboard_and_timeline_query_counts_do_not_grow(world, filled):
    plan, *_ = filled
    client = world.client("cdc")
    urls = [
        reverse("plans:dashboard", args=[world.a.uuid]),
        reverse("plans:timeline", args=[world.a.uuid]),
    ]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            result.append(len(ctx.captured_queries))
        return result

    before = counts()
    axis = plan.axes.first()
    for i in range(30):
        action = services.action_create(
            plan=plan,
            by=world.users["cdc"],
            axis=axis,
            title=f"F{i}",
            pilot=world.users["technicien"],
            themes=["logement"],
        )
        services.step_add(
            action=action,
            by=world.users["cdc"],
            name="s",
            due_date=datetime.date.today() + datetime.timedelta(days=5),
        )
    assert counts() == before
