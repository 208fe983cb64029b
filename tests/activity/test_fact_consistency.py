"""The report's facts agree with each other and with the rest of Maillage: each is defined
once (the year's fiches, a fiche completed in the year, a new partner, the time spent)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from maillage.activity import services
from maillage.activity.facts import gather
from maillage.activity.models import ActivityReport
from maillage.conventions import services as conventions
from maillage.core.facts import Fact
from maillage.governance.selectors import copil_status
from maillage.network import services as network
from maillage.plans import services as plans
from maillage.plans.models import Action
from maillage.plans.report_facts import year_fiches

from ..factories import OrganisationFactory
from ..governance.helpers import fiche
from .helpers import entry, held_meeting

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


def _facts(world) -> dict[str, Fact]:
    report = services.report_start(convention=world.a, by=world.users["cdc"], year=YEAR)
    gathered = gather(services.scope_of(report))
    return {f.key: f for items in gathered.values() for f in items}


def _count(fact: Fact) -> int:
    return int(fact.label.rpartition(" : ")[2].split()[0])


def _completed_on(action: Action, day: datetime.date) -> None:
    """Move the fiche's history so far to that day, as if it was created and completed then
    (its last change, to réalisée)."""
    last = Action.history.filter(id=action.pk).order_by("-history_date").first()
    assert last is not None and last.status == "realisee"
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(17)))
    Action.history.filter(id=action.pk).update(history_date=moment)


def _fiche(world, title: str, start: datetime.date, end: datetime.date, status: str) -> Action:
    action = fiche(world, title)
    plans.action_update(
        action=action, by=world.users["cdc"], start_date=start, end_date=end, status=status
    )
    return action


def test_the_fiches_of_the_year_their_statuses_and_those_completed_agree(world):
    cdc = world.users["cdc"]
    jan = datetime.date(YEAR, 1, 1)
    last_year = datetime.date(YEAR - 1, 3, 31)
    # Planned to end on 31/03 last year, completed late, this year: one of the year's fiches.
    late_done = _fiche(
        world, "Finie en retard", datetime.date(YEAR - 2, 9, 1), last_year, "en_cours"
    )
    plans.action_update(action=late_done, by=cdc, status="realisee")
    # Completed last year, ahead of its end planned this year: not a fiche of this year.
    early = _fiche(
        world, "Finie tôt", datetime.date(YEAR - 1, 1, 1), datetime.date(YEAR, 6, 30), "en_cours"
    )
    plans.action_update(action=early, by=cdc, status="realisee")
    _completed_on(early, datetime.date(YEAR - 1, 11, 15))
    # Completed and ended last year: not a fiche of this year, even when edited since.
    old = _fiche(world, "Ancienne", datetime.date(YEAR - 2, 1, 1), last_year, "en_cours")
    plans.action_update(action=old, by=cdc, status="realisee")
    _completed_on(old, last_year)
    plans.action_update(action=old, by=cdc, description="Bilan ajouté cette année")
    running = _fiche(world, "En cours", jan, datetime.date(YEAR + 1, 6, 30), "en_cours")

    facts = _facts(world)
    fiches, _ = year_fiches(services.scope_of(ActivityReport.objects.get(year=YEAR)))
    assert {a.title for a in fiches} == {"Finie en retard", "En cours"}

    year_fact = facts["plan.fiches_annee"]
    by_status = dict(line.split(" : ") for line in year_fact.lines)
    assert sum(int(n) for n in by_status.values()) == len(fiches) == 2
    assert year_fact.label == f"Fiches actions de {YEAR} : 2 sur 4"
    done = facts["plan.fiches_realisees"]
    assert [r[1] for r in done.rows] == ["Finie en retard"]
    # The year's fiches réalisée are those completed in it: never « Réalisée : 9 » beside 10.
    assert _count(done) == int(by_status["Réalisée"]) == 1
    started = facts["plan.fiches_commencees"]
    assert [r[1] for r in started.rows] == ["En cours"]
    assert running.pk in {a.pk for a in fiches}


def test_new_partners_leave_out_the_signatories_of_the_ctg(world):
    cdc = world.users["cdc"]
    caf_org = OrganisationFactory(caf=world.caf, name="Caf de la Savoie", kind="caf")
    epci = OrganisationFactory(caf=world.caf, name="Grand Chambéry Agglomération", kind="epci")
    associated = OrganisationFactory(caf=world.caf, name="Conseil départemental")
    newcomer = OrganisationFactory(caf=world.caf, name="Association des familles")
    conventions.signatory_add(convention=world.a, by=cdc, role="signataire", organisation=caf_org)
    conventions.signatory_add(convention=world.a, by=cdc, role="signataire", organisation=epci)
    conventions.signatory_add(
        convention=world.a, by=cdc, role="partenaire_associe", organisation=associated
    )
    for org in (caf_org, epci, associated, newcomer):
        network.partner_add(convention=world.a, by=cdc, organisation=org, strategic=True)
    partners = _facts(world)["reseau.nouveaux_partenaires"]
    assert [r[0] for r in partners.rows] == ["Association des familles"]
    assert partners.label.endswith(": 1")
    assert "1 nouveau partenaire a rejoint" in partners.as_text()


def test_the_time_in_the_facts_is_the_time_of_the_report_and_of_its_parts(world):
    entry(world, duration=95)
    entry(world, duration=30, attendu="objectifs", mission="reseau", sphere="technique")
    entry(world, duration=45, days_ago=400)  # last year
    report = services.report_start(convention=world.a, by=world.users["cdc"], year=YEAR)
    facts = _facts_of(report)
    totals = services.report_totals(report)
    assert totals.duration in facts["journal.temps"].label
    assert totals.minutes == 125
    for key in ("journal.temps_par_mission", "journal.temps_par_attendu"):
        shares = [row[1] for row in facts[key].rows]
        assert len(shares) == 2, key
    assert facts["journal.attendu.objectifs"].label.endswith("(1 entrée du journal)")


def _facts_of(report) -> dict[str, Fact]:
    gathered = gather(services.scope_of(report))
    return {f.key: f for items in gathered.values() for f in items}


def test_the_copil_fact_agrees_with_the_ctg_s_copil_status(world):
    copil = _facts(world)["gouvernance.copil"]
    assert _count(copil) == 0 and copil_status(world.a, YEAR) != "tenu"
    held_meeting(world)
    report = ActivityReport.objects.get(year=YEAR)
    copil = _facts_of(report)["gouvernance.copil"]
    assert _count(copil) == 1 and copil_status(world.a, YEAR) == "tenu"
