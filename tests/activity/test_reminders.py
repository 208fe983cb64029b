"""Reminders of the report's due date: 14 days, 3 days, late; once each; never once sent."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from maillage.activity import services
from maillage.activity.models import ReportReminder
from maillage.activity.notifications import reminder_kind, send_report_reminders

from .helpers import complete_report

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 3, 31)


@pytest.fixture
def due(world):
    for convention in (world.a, world.b, world.c):
        convention.start_date, convention.end_date = (
            datetime.date(2023, 1, 1),
            datetime.date(2027, 12, 31),
        )
        convention.save()
    return services.due_date_set(
        caf=world.caf, by=world.users["caf_admin"], year=2025, due_date=DUE
    )


@pytest.mark.parametrize(
    ("days_before", "kind"),
    [(30, None), (15, None), (14, "j14"), (4, "j14"), (3, "j3"), (0, "j3"), (-1, "retard")],
)
def test_which_reminder_is_due(days_before, kind):
    assert reminder_kind(DUE - datetime.timedelta(days=days_before), DUE) == kind


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """Send the reminders of a day, their e-mails sent as after the command's commit."""

    def run(day: datetime.date) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return send_report_reminders(day)

    return run


def test_each_cdc_without_a_sent_report_is_reminded_once_per_step(world, due, mailoutbox, remind):
    today = DUE - datetime.timedelta(days=10)
    assert remind(today) == 2  # the CDCs of CTG A and CTG B
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [world.users["cdc"].email, world.users["cdc_b"].email]
    )
    assert "31/03/2026" in mailoutbox[0].body and "rapport d'activité 2025 " in mailoutbox[0].body
    assert remind(today) == 0  # already reminded at this step
    assert remind(DUE - datetime.timedelta(days=2)) == 2  # the 3-day one
    assert remind(DUE + datetime.timedelta(days=1)) == 2  # late
    assert ReportReminder.objects.count() == 6
    # The CDC of the other Caf's CTG is never reminded of the Savoie's date.
    assert world.users["cdc_c"].email not in {m.to[0] for m in mailoutbox}
    assert all("http://testserver/ctg/" in m.body for m in mailoutbox)  # the reports page


def test_a_sent_report_stops_the_reminders(world, due, mailoutbox, remind):
    report = complete_report(world, year=2025)
    services.report_transmit(report=report, by=world.users["cdc"])
    assert remind(DUE - datetime.timedelta(days=1)) == 1
    reminders = [m for m in mailoutbox if "échéance" in m.subject]
    assert [m.to for m in reminders] == [[world.users["cdc_b"].email]]


def test_the_daily_command_runs(world, due, capsys):
    call_command("send_report_reminders")
    assert "rappel(s) envoyé(s)" in capsys.readouterr().out
