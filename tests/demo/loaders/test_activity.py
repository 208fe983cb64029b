"""The demo activity: the CDCs' journals, last year's validated report and this year's
draft, the Caf's due dates; linked rather than duplicated; idempotent; no mail."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db.models import Count
from django.utils import timezone

from maillage.accounts.models import User
from maillage.activity import services
from maillage.activity.enums import ReportEventKind, ReportStatus
from maillage.activity.models import (
    ActivityReport,
    JournalEntry,
    ReportDueDate,
    ReportEvent,
    ReportSection,
)
from maillage.activity.selectors import report_status_by_convention
from maillage.conventions.models import Convention
from maillage.core.referentiel import DESCRIPTION, Attendu, Mission, Sphere
from maillage.demo.load import load_demo
from maillage.governance.enums import Attendance, MeetingStatus
from maillage.organisations.models import Caf

COUNTED = [JournalEntry, ActivityReport, ReportSection, ReportEvent, ReportDueDate]
CDCS = {
    "CTG Grand Chambéry": "cdc.chambery@example.org",
    "CTG Arlysère": "cdc.arlysere@example.org",
    "CTG Coeur de Savoie": "cdc.coeur-de-savoie@example.org",
}
WORKFLOW = [
    ReportEventKind.CREE,
    ReportEventKind.TRANSMIS,
    ReportEventKind.RENVOYE,
    ReportEventKind.TRANSMIS,
    ReportEventKind.VALIDE,
]


def counts() -> dict[str, int]:
    return {
        **{model.__name__: model.objects.count() for model in COUNTED},
        "history": ActivityReport.history.count()
        + ReportSection.history.count()
        + ReportDueDate.history.count(),
    }


def team(name: str) -> tuple[Convention, User]:
    return Convention.objects.get(name=name), User.objects.get(email=CDCS[name])


pytestmark = pytest.mark.xdist_group("demo")


@pytest.fixture
def demo(shared_demo, db):
    """The demo, loaded once for this module's tests."""
    return shared_demo


def test_a_second_load_creates_no_activity_twice(demo):
    first = counts()

    load_demo()

    assert counts() == first
    assert first["JournalEntry"] > 3 * 150
    assert first["ReportDueDate"] == 2


def test_a_report_written_again_by_the_demo_sends_no_mail(
    demo, django_capture_on_commit_callbacks, mailoutbox
):
    convention, cdc = team("CTG Arlysère")
    ActivityReport.objects.filter(convention=convention, author=cdc).delete()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        load_demo()

    assert ActivityReport.objects.filter(convention=convention, author=cdc).count() == 2
    assert callbacks == []
    assert mailoutbox == []


def test_the_journals_cover_every_mission_attendu_and_sphere_over_twelve_months(demo):
    today = timezone.localdate()
    for name in CDCS:
        convention, cdc = team(name)
        entries = JournalEntry.objects.filter(convention=convention, author=cdc)

        assert set(Mission.values) <= set(entries.values_list("mission", flat=True))
        assert set(Attendu.values) == set(entries.values_list("attendu", flat=True))
        assert set(Sphere.values) <= set(entries.values_list("sphere", flat=True))
        assert entries.filter(attendu=Attendu.AUTRE).exists()
        first, last = entries.order_by("date")[0].date, entries.order_by("-date")[0].date
        assert today - datetime.timedelta(days=366) <= first and last <= today
        assert all(15 <= m <= 240 for m in entries.values_list("duration", flat=True))
        # Three to six entries a working week, besides the meetings and interactions.
        own = entries.filter(meeting__isnull=True, interaction__isnull=True)
        assert 3 * 45 <= own.count() <= 6 * 50
        weekly = own.values("date__year", "date__week").annotate(n=Count("pk"))
        assert max(w["n"] for w in weekly) <= 6
        assert not own.filter(date__week_day__in=[1, 7]).exists()  # no week-end
        # Linked to the CTG's plan and directory.
        assert own.filter(action__plan__convention=convention).exists()
        assert own.filter(contact__convention=convention).exists()
        assert own.filter(organisation__isnull=False, contact__isnull=True).exists()
        assert (
            not entries.exclude(action=None).exclude(action__plan__convention=convention).exists()
        )
        assert all(len(d) > 20 for d in own.values_list("description", flat=True))


def test_held_meetings_and_interactions_enter_the_journal_once_linked(demo):
    for name in CDCS:
        convention, cdc = team(name)
        entries = JournalEntry.objects.filter(convention=convention, author=cdc)
        from_meetings = entries.exclude(meeting=None)
        from_interactions = entries.exclude(interaction=None)

        assert from_meetings.count() >= 3
        assert from_interactions.count() >= 5
        assert from_meetings.values("meeting").distinct().count() == from_meetings.count()
        assert (
            from_interactions.values("interaction").distinct().count() == from_interactions.count()
        )
        for entry in from_meetings.select_related("meeting"):
            assert entry.meeting.status == MeetingStatus.TENUE
            assert entry.meeting.invitations.filter(user=cdc, status=Attendance.PRESENT).exists()
        assert from_meetings.filter(meeting__body__convention=convention).exists()
        assert not from_interactions.exclude(interaction__convention=convention).exists()
        # Loading them again finds the entries already there.
        entry = from_meetings.first()
        again, created = services.journal_from_meeting(
            meeting=entry.meeting, convention=convention, by=cdc
        )
        assert (again, created) == (entry, False)
        entry = from_interactions.first()
        assert services.journal_from_interaction(interaction=entry.interaction, by=cdc) == (
            entry,
            False,
        )
        # Nobody wrote them by hand a second time.
        linked = set(from_meetings.values_list("description", flat=True))
        assert not entries.filter(meeting=None, description__in=linked).exists()


def test_last_year_s_report_was_sent_back_once_then_validated(demo):
    today = timezone.localdate()
    year = today.year - 1
    # Coeur de Savoie, en préparation, has no report on last year.
    assert not ActivityReport.objects.filter(
        convention__name="CTG Coeur de Savoie", year=year
    ).exists()
    for name in ["CTG Grand Chambéry", "CTG Arlysère"]:
        convention, cdc = team(name)
        report = ActivityReport.objects.get(convention=convention, author=cdc, year=year)
        events = list(report.events.all())
        workflow = [e for e in events if e.kind != ReportEventKind.APPROUVE]

        assert report.status == ReportStatus.VALIDE
        assert [e.kind for e in workflow] == WORKFLOW
        moments = [e.at for e in events]
        assert moments == sorted(moments) and len(set(moments)) == len(moments)
        assert moments[-1] < timezone.now()
        if today >= datetime.date(today.year, 4, 1):  # the steps took January to March
            assert all(
                datetime.date(today.year, 1, 1)
                <= timezone.localdate(e.at)
                <= datetime.date(today.year, 3, 31)
                for e in events
            )
        returned, validated = workflow[2], workflow[4]
        assert returned.by == convention.cdt and returned.note
        assert validated.by == convention.cdt
        assert all(e.by == cdc for e in workflow if e.kind == ReportEventKind.TRANSMIS)
        # Approved by the élu, the completed text included.
        assert report.approved_by.email.startswith("elu.")
        assert report.approval_is_current
        assert events[1].kind == ReportEventKind.APPROUVE
        # The CDT's comments on one or two sections, which the CDC answered.
        commented = report.sections.exclude(comment="")
        assert 1 <= commented.count() <= 2
        assert all("Précisions demandées par la Caf" in s.text for s in commented)
        # Every section written, around the year's facts.
        sections = {s.key: s.text for s in report.sections.all()}
        assert all(len(text) > 150 for text in sections.values())
        assert f"En {year}, " in sections[DESCRIPTION]
        assert "consignées au journal d'activité" in sections[DESCRIPTION]
        assert re.search(f"COPIL (s'est tenu|se sont tenus) en {year}", sections[Attendu.ELUS])
        assert report.facts_snapshot and report.facts_frozen_at
        assert timezone.localdate(report.facts_frozen_at) <= datetime.date(today.year, 3, 31)


def test_this_year_s_report_is_a_draft_with_its_first_sections(demo):
    year = timezone.localdate().year
    for name in CDCS:
        convention, cdc = team(name)
        report = ActivityReport.objects.get(convention=convention, author=cdc, year=year)
        written = report.sections.exclude(text="")

        assert report.status == ReportStatus.BROUILLON
        assert [e.kind for e in report.events.all()] == [ReportEventKind.CREE]
        assert 2 <= written.count() <= 3
        description = report.sections.get(key=DESCRIPTION).text
        assert "consignées au journal d'activité" in description
        assert f"Temps du journal en {year} par attendu :" in description
        # Inserted as they read today: none is stale.
        assert services.stale_insertions(report) == []


def test_the_caf_set_its_due_dates_on_31_march(demo):
    year = timezone.localdate().year
    caf = Caf.objects.get(name="Caf de la Savoie")

    dues = dict(ReportDueDate.objects.filter(caf=caf).values_list("year", "due_date"))

    assert dues == {year - 1: datetime.date(year, 3, 31), year: datetime.date(year + 1, 3, 31)}


def test_the_caf_s_ctgs_show_validated_transmitted_and_missing_reports(demo):
    year = timezone.localdate().year - 1
    ids = list(Convention.objects.filter(caf__name="Caf de la Savoie").values_list("pk", flat=True))

    statuses = report_status_by_convention(ids, year)

    assert sorted(statuses.values()).count(ReportStatus.VALIDE) == 2
    assert ReportStatus.TRANSMIS in statuses.values()
    assert len(statuses) < len(ids)  # some CTGs have no report yet
