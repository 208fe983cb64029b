"""The journal's and the report's pages as their users use them, bad input included."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone
from pypdf import PdfReader

from maillage.activity import services
from maillage.activity.forms import parse_duration
from maillage.activity.models import ActivityReport, JournalEntry, ReportDueDate
from maillage.jobs.models import Job, JobStatus
from maillage.network import services as network

from ..factories import OrganisationFactory
from ..governance.helpers import fiche
from .helpers import complete_report, entry, held_meeting

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _journal(world) -> str:
    return reverse("activity:journal", args=[world.a.uuid])


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("90", 90),
        ("45 min", 45),
        ("1h30", 90),
        ("1 h 30", 90),
        ("1:05", 65),
        ("2h", 120),
        ("1,5", 90),
        ("1h75", None),
        ("beaucoup", None),
        ("", None),
    ],
)
def test_durations_are_read_as_people_write_them(text, minutes):
    assert parse_duration(text) == minutes


def test_the_week_shows_the_cdcs_own_entries_day_by_day(world):
    monday = TODAY - datetime.timedelta(days=TODAY.weekday())
    entry(world, days_ago=(TODAY - monday).days, description="Réunion des directrices", duration=75)
    entry(world, by=world.users["cdc_b"], convention=world.b, description="Secret de B")
    response = world.client("cdc").get(_journal(world))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Réunion des directrices" in page and "1 h 15" in page
    assert "Secret de B" not in page
    # A week far back, and a week that cannot be read, still answer.
    assert (
        "Rien de noté"
        in world.client("cdc").get(_journal(world) + "?semaine=2020-W10").content.decode()
    )
    assert world.client("cdc").get(_journal(world) + "?semaine=n%27importe").status_code == 200


def test_a_quick_entry_is_saved_in_hours_and_minutes(world):
    action = fiche(world, "Ouvrir une MAM")
    response = world.client("cdc").post(
        reverse("activity:entry_create", args=[world.a.uuid]),
        {
            "date": TODAY.isoformat(),
            "duration": "1h30",
            "description": "Visite du futur local de la MAM",
            "attendu": "objectifs",
            "mission": "offre",
            "sphere": "technique",
            "action": action.pk,
        },
    )
    assert response.status_code == 302
    saved = JournalEntry.objects.get()
    assert (saved.duration, saved.action, saved.author) == (90, action, world.users["cdc"])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("duration", "beaucoup", "Durée illisible"),
        ("duration", "30h", "entre 1 minute et 24 heures"),
        ("duration", "0", "entre 1 minute et 24 heures"),
        ("date", "2099-01-01", "choisissez une date passée"),
        ("date", "pas une date", "Saisissez une date valide"),
        ("attendu", "inconnu", "Sélectionnez un choix valide"),
        ("description", "", "Ce champ est obligatoire"),
    ],
)
def test_bad_entries_get_a_french_message_and_save_nothing(world, field, value, message):
    data = {
        "date": TODAY.isoformat(),
        "duration": "1h",
        "description": "Appel",
        "attendu": "partenariats",
        field: value,
    }
    response = world.client("cdc").post(reverse("activity:entry_create", args=[world.a.uuid]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not JournalEntry.objects.exists()


def test_a_fiche_of_another_ctg_cannot_be_linked(world):
    foreign = fiche(world, "Fiche de B", convention=world.b)
    response = world.client("cdc").post(
        reverse("activity:entry_create", args=[world.a.uuid]),
        {
            "date": TODAY.isoformat(),
            "duration": "1h",
            "description": "x",
            "attendu": "autre",
            "action": foreign.pk,
        },
    )
    assert response.status_code == 200 and not JournalEntry.objects.exists()


def test_another_cdcs_entry_is_not_found(world):
    theirs = entry(world, by=world.users["cdc_b"], convention=world.b)
    url = reverse("activity:entry_edit", args=[world.a.uuid, theirs.uuid])
    assert world.client("cdc").get(url).status_code == 404


def test_totals_show_a_chart_and_its_table_for_any_period(world):
    entry(world, duration=120, attendu="elus")
    entry(world, duration=60, attendu="population", mission="population", sphere="technique")
    url = reverse("activity:journal_totals", args=[world.a.uuid])
    page = world.client("cdc").get(url).content.decode()
    assert page.count('class="time-chart"') == 3 or page.count("time-chart") >= 3
    assert "3 h au total" in page and "2 h" in page
    response = world.client("cdc").get(url + "?du=2026-12-31&au=2026-01-01")
    assert response.status_code == 200
    assert "La fin de la période précède son début" in response.content.decode()
    assert world.client("cdc").get(url + "?du=nimporte").status_code == 200


def test_a_held_meeting_and_an_interaction_go_to_the_journal_in_one_click(world):
    meeting = held_meeting(world)
    client = world.client("cdc")
    detail = reverse("governance:meeting_detail", args=[world.a.uuid, meeting.uuid])
    assert "Ajouter à mon journal" in client.get(detail).content.decode()
    url = reverse("activity:entry_from_meeting", args=[world.a.uuid, meeting.uuid])
    first = client.post(url)
    second = client.post(url)
    made = JournalEntry.objects.get()
    assert (
        first["Location"]
        == second["Location"]
        == reverse("activity:entry_edit", args=[world.a.uuid, made.uuid])
    )
    # The élu sees the meeting but keeps no journal: no button.
    assert "Ajouter à mon journal" not in world.client("elu").get(detail).content.decode()

    organisation = OrganisationFactory(caf=world.caf)
    network.ensure_partner(convention=world.a, by=world.users["cdc"], organisation=organisation)
    interaction = network.interaction_create(
        convention=world.a,
        by=world.users["cdc"],
        date=TODAY,
        kind="appel",
        subject="Appel",
        organisations=[organisation],
    )
    log = client.get(reverse("network:interaction_list", args=[world.a.uuid])).content.decode()
    assert "Au journal" in log
    client.post(reverse("activity:entry_from_interaction", args=[world.a.uuid, interaction.uuid]))
    assert JournalEntry.objects.filter(interaction=interaction).count() == 1


def test_a_meeting_of_another_ctg_is_not_found(world):
    theirs = held_meeting(world)
    theirs.body.convention = world.b
    theirs.body.save()
    url = reverse("activity:entry_from_meeting", args=[world.a.uuid, theirs.uuid])
    assert world.client("cdc").post(url).status_code == 404
    assert not JournalEntry.objects.exists()


def _detail(report: ActivityReport) -> str:
    return reverse("activity:report_detail", args=[report.convention.uuid, report.uuid])


def test_a_cdc_writes_inserts_facts_and_sends_the_report(world, mailoutbox):
    held_meeting(world)
    client = world.client("cdc")
    response = client.post(
        reverse("activity:report_start", args=[world.a.uuid]), {"year": TODAY.year}
    )
    report = ActivityReport.objects.get()
    assert response["Location"] == _detail(report)
    page = client.get(_detail(report)).content.decode()
    assert "Avez-vous actualisé les diagnostics initiaux" in page
    assert f"COPIL tenus en {TODAY.year} : 1" in page

    save = reverse("activity:section_save", args=[world.a.uuid, report.uuid, "description"])
    client.post(save, {"description-text": "Une année de mise en réseau."})
    insert = reverse("activity:section_insert", args=[world.a.uuid, report.uuid, "elus"])
    client.post(insert, {"fait": "gouvernance.copil"})
    assert report.sections.get(key="description").text == "Une année de mise en réseau."
    assert report.sections.get(key="elus").text.startswith(f"1 COPIL s'est tenu en {TODAY.year}")

    transmit = reverse("activity:report_transmit", args=[world.a.uuid, report.uuid])
    response = client.post(transmit, follow=True)
    assert "complétez ces sections" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "brouillon"
    for section in report.sections.all():
        client.post(
            reverse("activity:section_save", args=[world.a.uuid, report.uuid, section.key]),
            {f"{section.key}-text": section.text or "Bilan."},
        )
    client.post(transmit, {"note": "Voici le rapport."})
    report.refresh_from_db()
    assert report.status == "transmis"
    assert "Faits arrêtés à la transmission" in client.get(_detail(report)).content.decode()


def test_bad_report_input_changes_nothing(world):
    client = world.client("cdc")
    start = reverse("activity:report_start", args=[world.a.uuid])
    for year in ("", "abc", "1900", str(TODAY.year + 1)):
        response = client.post(start, {"year": year}, follow=True)
        assert response.status_code == 200
    assert not ActivityReport.objects.exists()
    report = complete_report(world)
    bad_key = reverse("activity:section_save", args=[world.a.uuid, report.uuid, "inconnue"])
    assert client.post(bad_key, {"inconnue-text": "x"}).status_code == 404
    too_long = reverse("activity:section_save", args=[world.a.uuid, report.uuid, "autre"])
    client.post(too_long, {"autre-text": "x" * 50_001})
    assert report.sections.get(key="autre").text == "Bilan : Autres."
    insert = reverse("activity:section_insert", args=[world.a.uuid, report.uuid, "elus"])
    assert client.post(insert, {"fait": "trois"}, follow=True).status_code == 200
    assert client.post(insert, {"fait": "x" * 5000}, follow=True).status_code == 200
    refresh = reverse("activity:section_refresh", args=[world.a.uuid, report.uuid, "elus"])
    response = client.post(refresh, {"fait": "gouvernance.copil"}, follow=True)
    assert "déjà à jour" in response.content.decode()
    assert (
        report.sections.get(key="elus").text
        == f"Bilan : {report.sections.get(key='elus').get_key_display()}."
    )


def test_the_cdt_comments_per_section_then_validates(world):
    report = complete_report(world)
    services.report_transmit(report=report, by=world.users["cdc"])
    cdt = world.client("cdt")
    page = cdt.get(_detail(report)).content.decode()
    assert "Renvoyer avec des commentaires" in page and "Valider le rapport" in page
    back = reverse("activity:report_return", args=[world.a.uuid, report.uuid])
    response = cdt.post(back, {})
    assert "Dites ce qui manque" in response.content.decode()
    cdt.post(back, {"comment_population": "Quels outils de participation ?"})
    report.refresh_from_db()
    assert report.status == "a_completer"
    cdc_page = world.client("cdc").get(_detail(report)).content.decode()
    assert "Quels outils de participation ?" in cdc_page
    services.report_transmit(report=report, by=world.users["cdc"])
    cdt.post(reverse("activity:report_validate", args=[world.a.uuid, report.uuid]))
    report.refresh_from_db()
    assert report.status == "valide"
    # Once validated, every Caf role reads it; the référent CDT reviews nothing more.
    assert world.client("conseiller").get(_detail(report)).status_code == 200
    assert "Valider le rapport" not in cdt.get(_detail(report)).content.decode()


def test_a_draft_is_invisible_to_the_caf_and_listed_for_the_ctg(world):
    report = complete_report(world)
    for role in ("cdt", "conseiller", "caf_admin"):
        assert world.client(role).get(_detail(report)).status_code == 404
        listing = world.client(role).get(reverse("activity:report_list", args=[world.a.uuid]))
        assert f"Rapport {report.year}" not in listing.content.decode()
    elu = world.client("elu").get(_detail(report)).content.decode()
    assert "Approuver le rapport avant son envoi" in elu


def test_report_pages_take_the_same_queries_with_more_data(world):
    report = complete_report(world)

    def count(url: str) -> int:
        client = world.client("cdc")
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    pages = [
        _detail(report),
        reverse("activity:report_list", args=[world.a.uuid]),
        _journal(world),
        reverse("activity:journal_totals", args=[world.a.uuid]),
    ]
    held_meeting(world)
    # The journal reads the fiches it links in one query of their own (those the user
    # sees): the smaller data already has one.
    entry(world, action=fiche(world))
    small = [count(url) for url in pages]
    for n in range(6):
        held_meeting(world, kind="cotech" if n % 2 else "copil")
        entry(world, attendu="objectifs", action=fiche(world, f"Fiche {n}"))
    assert [count(url) for url in pages] == small


def test_the_caf_sets_a_due_date_and_follows_its_ctgs_reports(world):
    url = reverse("activity:caf_reports", args=[world.caf.uuid])
    admin = world.client("caf_admin")
    response = admin.post(url, {"year": TODAY.year, "due_date": f"{TODAY.year + 1}-03-31"})
    assert response.status_code == 302
    assert ReportDueDate.objects.get().due_date == datetime.date(TODAY.year + 1, 3, 31)
    bad = admin.post(url, {"year": TODAY.year, "due_date": f"{TODAY.year - 1}-03-31"})
    assert "au plus tôt dans l&#x27;année du rapport" in bad.content.decode()
    assert admin.post(url, {"year": "x", "due_date": "y"}).status_code == 200
    assert ReportDueDate.objects.get().due_date == datetime.date(TODAY.year + 1, 3, 31)
    assert (
        world.client("cdt").post(url, {"year": 2025, "due_date": "2026-03-31"}).status_code == 403
    )

    report = complete_report(world, year=TODAY.year - 1)
    services.report_transmit(report=report, by=world.users["cdc"])
    page = world.client("cdt").get(url).content.decode()
    assert "Transmis à la Caf" in page and "CTG Arlysère" in page
    compliance = (
        world.client("cdt")
        .get(reverse("departement:compliance", args=[world.caf.uuid]) + "?toutes=1")
        .content.decode()
    )
    assert f"Rapport d'activité {TODAY.year - 1}" in compliance
    assert "Transmis à la Caf" in compliance


def test_the_exports_download(world):
    report = complete_report(world)
    client = world.client("cdc")
    for fmt, kind in [
        ("docx", "wordprocessingml"),
        ("odt", "opendocument.text"),
        ("synthese", "application/pdf"),
    ]:
        response = client.get(
            reverse("activity:report_export", args=[world.a.uuid, report.uuid, fmt])
        )
        assert response.status_code == 200 and kind in response["Content-Type"]
        assert "rapport" in response["Content-Disposition"]
    missing = reverse("activity:report_export", args=[world.a.uuid, report.uuid, "xls"])
    assert client.get(missing).status_code == 404


def test_the_report_s_pdf_is_written_by_a_worker_for_whoever_may_read_the_report(world):
    report = complete_report(world)
    client = world.client("cdc")
    response = client.get(
        reverse("activity:report_export", args=[world.a.uuid, report.uuid, "pdf"])
    )
    job = Job.objects.get(uuid=resolve(response["Location"]).kwargs["job_uuid"])
    assert job.status == JobStatus.DONE and job.filename.endswith(".pdf")
    assert "rapport" in job.filename
    download = client.get(reverse("jobs:file", args=[job.uuid]))
    assert download["Content-Type"] == "application/pdf"
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages
    )
    assert report.convention.name in text
    assert world.client("elu").get(response["Location"]).status_code == 404


def test_the_ctg_overview_says_where_last_years_report_stands(world):
    year = TODAY.year - 1
    services.due_date_set(
        caf=world.caf,
        by=world.users["caf_admin"],
        year=year,
        due_date=datetime.date(year + 1, 3, 31),
    )
    overview = reverse("conventions:detail", args=[world.a.uuid])
    page = world.client("elu").get(overview).content.decode()
    assert f"Rapport d&#x27;activité {year}" in page or f"Rapport d'activité {year}" in page
    assert "Pas commencé" in page and f"31/03/{year + 1}" in page
    report = complete_report(world, year=year)
    services.report_transmit(report=report, by=world.users["cdc"])
    assert "Transmis à la Caf" in world.client("elu").get(overview).content.decode()
