"""The year's facts come from the data: each module's contribution, checked against it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maillage.activity.facts import gather
from maillage.core import facts
from maillage.core.facts import Fact, FactScope, contributes
from maillage.core.referentiel import SECTION_KEYS
from maillage.governance import services as governance
from maillage.indicators.models import Indicator, Measurement
from maillage.network import services as network
from maillage.plans import services as plans

from ..factories import OrganisationFactory
from ..governance.helpers import fiche
from .helpers import entry, held_meeting

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def _scope(world, year: int = YEAR) -> FactScope:
    return FactScope(
        convention=world.a, year=year, author=world.users["cdc"], today=timezone.localdate()
    )


def _labels(section: str, world, year: int = YEAR) -> list[str]:
    return [f.label for f in gather(_scope(world, year))[section]]


def test_copil_held_this_year_with_attendance_and_decisions(world):
    meeting = held_meeting(world, kind="copil")
    cdc = world.users["cdc"]
    invitation = governance.invitation_add(meeting=meeting, by=cdc, user=world.users["elu"])
    governance.invitation_add(meeting=meeting, by=cdc, user=cdc)
    governance.attendance_record(meeting=meeting, by=cdc, statuses={invitation: "present"})
    governance.decision_add(meeting=meeting, by=cdc, text="Lancer la MAM")
    elus = gather(_scope(world))["elus"]
    copil = elus[0]
    assert copil.label == f"COPIL tenus en {YEAR} : 1"
    assert copil.rows[0][2] == "COPIL annuel" and copil.rows[0][3] == "1/2"
    assert copil.rows[0][4] == "1"
    assert elus[2].label == f"Décisions prises en réunion en {YEAR} : 1"
    # Last year had none: the report says so, with the référentiel's rule.
    last_year = gather(_scope(world, YEAR - 1))["elus"][0]
    assert last_year.label == f"COPIL tenus en {YEAR - 1} : 0"
    assert "au moins un par an" in last_year.lines[0]


def test_a_cancelled_or_planned_meeting_is_not_a_fact(world):
    meeting = held_meeting(world)
    meeting.status = "annulee"
    meeting.save()
    assert _labels("elus", world)[0] == f"COPIL tenus en {YEAR} : 0"


def test_fiches_started_late_and_budget_of_the_year(world):
    cdc = world.users["cdc"]
    started = fiche(world, "Ouvrir une MAM")
    today = timezone.localdate()
    plans.action_update(
        action=started,
        by=cdc,
        start_date=datetime.date(YEAR, 1, 10),
        end_date=today - datetime.timedelta(days=1),
        status="en_cours",
    )
    financeur = OrganisationFactory(caf=world.caf, name="Conseil départemental")
    plans.budget_line_add(
        action=started,
        by=cdc,
        year=YEAR,
        nature="fonctionnement",
        financeur=financeur,
        forecast=Decimal("10000"),
        actual=Decimal("7500"),
    )
    objectifs = gather(_scope(world))["objectifs"]
    labels = [f.label for f in objectifs]
    assert f"Fiches commencées en {YEAR} : 1" in labels
    assert any(label.startswith("Fiches en retard") and label.endswith(": 1") for label in labels)
    budget = next(f for f in objectifs if f.label.startswith("Budget"))
    assert budget.rows[0][0] == "Conseil départemental"
    assert "75 %" in budget.lines[0]


def test_new_partners_and_interactions(world):
    cdc = world.users["cdc"]
    organisation = OrganisationFactory(caf=world.caf, name="Centre social Le Biollay")
    network.ensure_partner(convention=world.a, by=cdc, organisation=organisation)
    for kind in ("appel", "appel", "visite"):
        network.interaction_create(
            convention=world.a,
            by=cdc,
            date=timezone.localdate(),
            kind=kind,
            subject="Point",
            organisations=[organisation],
        )
    partners, interactions = gather(_scope(world))["partenariats"][:2]
    assert partners.label == f"Nouveaux partenaires dans l'annuaire en {YEAR} : 1"
    assert partners.rows[0][0] == "Centre social Le Biollay"
    assert interactions.label.startswith(f"Interactions notées en {YEAR} : 3, avec 1 organisation")
    assert ("Appel", "2") in interactions.rows and ("Visite", "1") in interactions.rows


def test_indicators_updated_during_the_year(world):
    kept = Indicator.objects.create(convention=world.a, name="Places en crèche", unit="places")
    Indicator.objects.create(convention=world.a, name="Sans valeur")
    Measurement.objects.create(indicator=kept, date=datetime.date(YEAR, 1, 15), value=40)
    Measurement.objects.create(indicator=kept, date=datetime.date(YEAR, 2, 15), value=42)
    Measurement.objects.create(indicator=kept, date=datetime.date(YEAR - 1, 6, 1), value=30)
    updated = next(
        f for f in gather(_scope(world))["evaluation"] if f.label.startswith("Indicateurs")
    )
    assert updated.label == f"Indicateurs mis à jour en {YEAR} : 1 sur 2"
    assert updated.rows == [("Places en crèche", "2", "42 places", f"15/02/{YEAR}")]


def test_time_per_attendu_from_the_journal(world):
    entry(world, duration=90, attendu="population", description="Café des parents")
    entry(world, duration=30, attendu="population", description="Affiche de la consultation")
    population = gather(_scope(world))["population"]
    time = population[-1]
    assert time.label.startswith(f"Temps consacré à cet attendu en {YEAR} : 2 h (2 entrées")
    assert time.rows[0][2] == "Café des parents"  # the longest first
    description = gather(_scope(world))["description"][0]
    assert description.label.startswith(f"Temps consigné au journal en {YEAR} : 2 h")


def test_a_module_contributes_through_one_function(world):
    @contributes("diagnostics", order=1)
    def diagnostics_updated(scope: FactScope) -> list[Fact]:
        return [Fact(f"Diagnostics actualisés en {scope.year} : 2")]

    try:
        assert gather(_scope(world))["diagnostics"][0].label.endswith(": 2")
    finally:
        facts._PROVIDERS["diagnostics"] = [
            e for e in facts._PROVIDERS["diagnostics"] if e[2] is not diagnostics_updated
        ]
    with pytest.raises(ValueError):
        contributes("inconnue")


def test_every_section_has_facts_and_a_fact_survives_json(world):
    gathered = gather(_scope(world))
    assert set(gathered) == set(SECTION_KEYS)
    assert all(gathered[key] for key in SECTION_KEYS)
    fact = Fact("Étiquette", ["ligne"], ("A", "B"), [("1", "2")], (1,))
    assert Fact.from_json(fact.to_json()) == fact
    assert fact.as_text() == "Étiquette :\n- ligne ;\n- 1 (2)."


def test_the_facts_take_the_same_queries_with_more_data(world):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            gather(_scope(world))
        return len(queries)

    held_meeting(world)
    fiche(world)
    entry(world)
    small = count()
    for n in range(5):
        held_meeting(world, kind="cotech" if n % 2 else "copil")
        fiche(world, f"Fiche {n}")
        entry(world, attendu="objectifs")
    assert count() == small
