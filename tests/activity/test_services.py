"""The journal's and the report's writes: rights, one-click entries, the workflow."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from maillage.activity import services
from maillage.activity.enums import ReportEventKind, ReportStatus
from maillage.activity.models import ActivityReport, JournalEntry
from maillage.activity.selectors import journal_totals
from maillage.core.referentiel import SECTION_KEYS
from maillage.governance import services as governance
from maillage.network import services as network

from ..factories import OrganisationFactory
from .helpers import complete_report, entry, held_meeting

pytestmark = pytest.mark.django_db


def test_a_cdc_keeps_a_journal_and_no_one_else(world):
    created = entry(world, duration=90)
    assert created.author == world.users["cdc"] and created.duration == 90
    for role in ("elu", "technicien", "cdt", "caf_admin"):
        with pytest.raises(PermissionDenied):
            entry(world, by=world.users[role])
    with pytest.raises(PermissionDenied):
        entry(world, convention=world.b)  # not a CDC of CTG B
    assert JournalEntry.objects.count() == 1


def test_an_entry_refuses_a_fiche_of_another_ctg_and_an_impossible_duration(world):
    from ..governance.helpers import fiche

    foreign = fiche(world, convention=world.b)
    with pytest.raises(ValidationError):
        entry(world, action=foreign)
    with pytest.raises(ValidationError):
        entry(world, duration=0)
    with pytest.raises(ValidationError):
        entry(world, duration=24 * 60 + 1)
    assert not JournalEntry.objects.exists()


def test_only_its_author_changes_or_removes_an_entry(world):
    mine = entry(world)
    other_cdc = world.users["cdc_b"]
    with pytest.raises(PermissionDenied):
        services.journal_update(entry=mine, by=other_cdc, duration=30)
    with pytest.raises(PermissionDenied):
        services.journal_delete(entry=mine, by=other_cdc)
    services.journal_update(entry=mine, by=world.users["cdc"], duration=30)
    mine.refresh_from_db()
    assert mine.duration == 30


def test_a_held_meeting_becomes_one_entry_however_often_it_is_clicked(world):
    meeting = held_meeting(world, kind="copil", hours=3)
    cdc = world.users["cdc"]
    first, created = services.journal_from_meeting(meeting=meeting, convention=world.a, by=cdc)
    again, created_again = services.journal_from_meeting(
        meeting=meeting, convention=world.a, by=cdc
    )
    assert created and not created_again and first == again
    assert first.duration == 180
    assert (first.attendu, first.mission, first.sphere) == ("elus", "politiques", "strategique")
    assert first.date == timezone.localtime(meeting.start).date()
    assert "COPIL annuel" in first.description
    assert JournalEntry.objects.count() == 1


def test_a_planned_meeting_does_not_enter_the_journal(world):
    meeting = held_meeting(world)
    meeting.status = "prevue"
    meeting.save()
    with pytest.raises(ValidationError):
        services.journal_from_meeting(meeting=meeting, convention=world.a, by=world.users["cdc"])
    assert not JournalEntry.objects.exists()


def test_an_interaction_becomes_one_entry_with_its_organisation(world):
    cdc = world.users["cdc"]
    organisation = OrganisationFactory(caf=world.caf, name="EVS Les Tilleuls")
    network.ensure_partner(convention=world.a, by=cdc, organisation=organisation)
    interaction = network.interaction_create(
        convention=world.a,
        by=cdc,
        date=timezone.localdate() - datetime.timedelta(days=2),
        kind="visite",
        subject="Visite de l'EVS",
        organisations=[organisation],
    )
    first, created = services.journal_from_interaction(interaction=interaction, by=cdc)
    again, created_again = services.journal_from_interaction(interaction=interaction, by=cdc)
    assert created and not created_again and first == again
    assert first.organisation == organisation and first.duration == 120
    assert first.attendu == "partenariats" and first.date == interaction.date


def test_totals_add_up_per_mission_attendu_and_sphere(world):
    entry(world, duration=60, attendu="elus", mission="politiques", sphere="politique")
    entry(world, duration=30, attendu="elus", mission="reseau", sphere="technique")
    entry(world, duration=45, attendu="population", mission="", sphere="")
    entry(world, duration=500, days_ago=400)  # outside the period
    entry(world, by=world.users["cdc_b"], convention=world.b, duration=999)  # another CDC
    today = timezone.localdate()
    totals = journal_totals(world.users["cdc"], world.a, today - datetime.timedelta(days=30), today)
    assert totals.minutes == 135 and totals.entries == 3
    assert totals.attendu("elus").minutes == 90
    assert totals.attendu("population").minutes == 45
    missions = {r.key: r.minutes for r in totals.by_mission}
    assert missions["politiques"] == 60 and missions["reseau"] == 30 and missions[""] == 45
    spheres = {r.key: r.minutes for r in totals.by_sphere}
    assert spheres["politique"] == 60 and spheres["technique"] == 30 and spheres[""] == 45


def test_a_report_starts_with_its_eight_sections_once_per_year(world):
    cdc = world.users["cdc"]
    year = timezone.localdate().year
    report = services.report_start(convention=world.a, by=cdc, year=year)
    assert [s.key for s in report.sections.all()] == list(SECTION_KEYS)
    assert list(report.events.values_list("kind", flat=True)) == [ReportEventKind.CREE]
    with pytest.raises(ValidationError):
        services.report_start(convention=world.a, by=cdc, year=year)
    with pytest.raises(ValidationError):
        services.report_start(convention=world.a, by=cdc, year=year + 1)
    for role in ("elu", "cdt", "technicien"):
        with pytest.raises(PermissionDenied):
            services.report_start(convention=world.a, by=world.users[role], year=year - 1)
    assert ActivityReport.objects.count() == 1


def test_sending_needs_every_section_but_autres_and_freezes_the_facts(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    cdc = world.users["cdc"]
    report = services.report_start(convention=world.a, by=cdc, year=timezone.localdate().year)
    with pytest.raises(ValidationError, match="complétez ces sections"):
        services.report_transmit(report=report, by=cdc)
    report.refresh_from_db()
    assert report.status == ReportStatus.BROUILLON and not report.facts_snapshot
    for section in report.sections.exclude(key="autre"):
        services.section_save(section=section, by=cdc, text="Texte.")
    copil = held_meeting(world)
    with pytest.raises(PermissionDenied):
        services.report_transmit(report=report, by=world.users["elu"])
    with django_capture_on_commit_callbacks(execute=True):
        services.report_transmit(report=report, by=cdc, note="Bonne lecture")
    report.refresh_from_db()
    assert report.status == ReportStatus.TRANSMIS and report.facts_frozen_at
    frozen = report.facts_snapshot["elus"][0]["label"]
    assert frozen.endswith(": 1")  # one COPIL held this year
    held_meeting(world, title="Second COPIL", body=copil.body)
    assert services.report_facts_for(report)["elus"][0].label == frozen  # still as sent
    # The référent CDT is told, after the commit.
    assert [m.to for m in mailoutbox] == [[world.users["cdt"].email]]
    assert "Bonne lecture" in mailoutbox[0].body
    # Nothing more can be written until the Caf sends it back.
    with pytest.raises(PermissionDenied):
        services.section_save(section=report.sections.first(), by=cdc, text="Ajout")


def test_the_cdt_sends_back_with_comments_then_validates(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    cdc, cdt = world.users["cdc"], world.users["cdt"]
    report = complete_report(world)
    services.report_transmit(report=report, by=cdc)
    for role in ("conseiller", "caf_admin", "elu", "cdc"):
        with pytest.raises(PermissionDenied):
            services.report_validate(report=report, by=world.users[role])
    with pytest.raises(ValidationError, match="Dites ce qui manque"):
        services.report_return(report=report, by=cdt, comments={})
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(
            report=report, by=cdt, comments={"elus": "Détaillez le COPIL."}, note="Merci !"
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.A_COMPLETER
    assert report.sections.get(key="elus").comment == "Détaillez le COPIL."
    assert mailoutbox[-1].to == [cdc.email] and "Détaillez le COPIL." in mailoutbox[-1].body
    with pytest.raises(PermissionDenied):
        services.report_validate(report=report, by=cdt)  # not sent any more
    services.section_save(section=report.sections.get(key="elus"), by=cdc, text="COPIL détaillé.")
    services.report_transmit(report=report, by=cdc)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_validate(report=report, by=cdt, note="Rapport complet.")
    report.refresh_from_db()
    assert report.status == ReportStatus.VALIDE
    kinds = list(report.events.values_list("kind", "by"))
    assert kinds == [
        ("cree", cdc.pk),
        ("transmis", cdc.pk),
        ("renvoye", cdt.pk),
        ("transmis", cdc.pk),
        ("valide", cdt.pk),
    ]
    assert mailoutbox[-1].to == [cdc.email] and "validé" in mailoutbox[-1].subject


def test_a_cdt_who_is_not_the_referent_cannot_review(world):
    report = complete_report(world)
    services.report_transmit(report=report, by=world.users["cdc"])
    world.a.cdt = None
    world.a.save()
    report.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.report_validate(report=report, by=world.users["cdt"])


def test_the_elu_approves_and_an_edit_afterwards_shows(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    report = complete_report(world)
    with pytest.raises(PermissionDenied):
        services.report_approve(report=report, by=world.users["technicien"])
    with django_capture_on_commit_callbacks(execute=True):
        services.report_approve(report=report, by=world.users["elu"])
    [told] = [m for m in mailoutbox if "approuvé" in m.subject]
    assert told.to == [report.author.email]
    assert "a approuvé votre rapport d'activité" in told.body
    report.refresh_from_db()
    assert report.approval_is_current and report.approved_by == world.users["elu"]
    services.section_save(
        section=report.sections.get(key="description"), by=world.users["cdc"], text="Autre texte"
    )
    report.refresh_from_db()
    assert not report.approval_is_current


def test_inserting_facts_appends_them_to_the_text(world):
    held_meeting(world)
    cdc = world.users["cdc"]
    report = services.report_start(convention=world.a, by=cdc, year=timezone.localdate().year)
    section = report.sections.get(key="elus")
    services.section_save(section=section, by=cdc, text="Mon bilan.")
    services.section_insert_facts(section=section, by=cdc, key="gouvernance.copil")
    section.refresh_from_db()
    assert section.text.startswith("Mon bilan.\n\n1 COPIL s'est tenu en")
    assert "COPIL annuel" in section.text
    assert section.inserted == [{"key": "gouvernance.copil", "text": section.text[12:]}]
    with pytest.raises(ValidationError):
        services.section_insert_facts(section=section, by=cdc, key="inconnu")
    with pytest.raises(PermissionDenied):
        services.section_insert_facts(section=section, by=world.users["elu"])


def test_a_due_date_is_set_by_the_caf_responsable(world):
    record = services.due_date_set(
        caf=world.caf, by=world.users["caf_admin"], year=2025, due_date=datetime.date(2026, 3, 31)
    )
    assert record.due_date == datetime.date(2026, 3, 31)
    services.due_date_set(
        caf=world.caf, by=world.users["caf_admin"], year=2025, due_date=datetime.date(2026, 4, 15)
    )
    record.refresh_from_db()
    assert record.due_date == datetime.date(2026, 4, 15)
    with pytest.raises(PermissionDenied):
        services.due_date_set(
            caf=world.caf, by=world.users["cdt"], year=2025, due_date=datetime.date(2026, 3, 1)
        )
    with pytest.raises(ValidationError):
        services.due_date_set(
            caf=world.caf,
            by=world.users["caf_admin"],
            year=2025,
            due_date=datetime.date(2024, 12, 1),
        )


def test_a_network_meeting_enters_the_journal_of_a_ctg_of_its_caf(world):
    body = governance.network_body_get_or_create(caf=world.caf, by=None)
    meeting = held_meeting(world, body=body, title="Réseau des CDC")
    made, created = services.journal_from_meeting(
        meeting=meeting, convention=world.a, by=world.users["cdc"]
    )
    assert created and made.attendu == "partenariats" and made.mission == "reseau"
