"""Builders of governance objects for the tests."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from maillage.conventions.models import Convention
from maillage.governance import services
from maillage.governance.models import Body, Meeting
from maillage.plans import services as plan_services
from maillage.plans.models import Action
from maillage.plans.selectors import plan_of

_numbers = itertools.count(1)


def body(world, *, kind: str = "copil", convention: Convention | None = None, **fields) -> Body:
    convention = convention or world.a
    cdc = world.users["cdc"] if convention == world.a else world.users["cdc_b"]
    defaults = {"name": f"Instance {kind} {next(_numbers)}", "frequency": "annuelle"}
    if kind == "groupe_travail":
        defaults["theme"] = "parentalite"
    return services.body_create(convention=convention, by=cdc, kind=kind, **{**defaults, **fields})


def meeting(
    world, *, kind: str = "copil", days: int = 10, convention: Convention | None = None, **fields
) -> Meeting:
    instance = body(world, kind=kind, convention=convention)
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    cdc = world.users["cdc"] if instance.convention == world.a else world.users["cdc_b"]
    return services.meeting_create(
        body=instance,
        by=cdc,
        title=fields.pop("title", "COPIL annuel"),
        start=start,
        end=start + datetime.timedelta(hours=2),
        place=fields.pop("place", "Hôtel de ville"),
        **fields,
    )


def fiche(world, title: str = "Créer une MAM", convention: Convention | None = None) -> Action:
    convention = convention or world.a
    cdc = {world.a.pk: world.users["cdc"], world.b.pk: world.users["cdc_b"]}.get(
        convention.pk, world.users["cdc_c"]
    )
    plan = plan_of(convention)
    axis = plan.axes.first() or plan_services.axis_create(plan=plan, by=cdc, title="Petite enfance")
    return plan_services.action_create(plan=plan, by=cdc, axis=axis, title=title, notify=False)
