"""The demo governance: COPIL held and planned, COTECH, working groups, the Caf's network.

That a second load writes none of it again, and that loading sends no mail, is in
``tests/demo/test_load_on_an_empty_database.py``.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from maillage.conventions.models import Convention
from maillage.departement.network import cdc_participation, participation_since
from maillage.governance.enums import Attendance, BodyKind, CopilStatus, MeetingStatus
from maillage.governance.models import Body, Invitation
from maillage.governance.selectors import with_copil_status
from maillage.organisations.models import Caf

DETAILED_CTGS = ["CTG Grand Chambéry", "CTG Arlysère", "CTG Coeur de Savoie"]


pytestmark = pytest.mark.xdist_group("demo")


@pytest.fixture
def demo(shared_demo, db):
    """The demo, loaded once for this module's tests."""
    return shared_demo


def test_the_detailed_ctgs_held_last_year_s_copil_and_planned_this_year_s(demo):
    year = timezone.localdate().year
    for name in DETAILED_CTGS:
        copil = Body.objects.get(convention__name=name, kind=BodyKind.COPIL)
        held = copil.meetings.get(start__year=year - 1)
        assert held.status == MeetingStatus.TENUE and held.minutes_published
        statuses = set(held.invitations.values_list("status", flat=True))
        assert Attendance.PRESENT in statuses and len(statuses) >= 2
        assert held.decisions.filter(actions__isnull=False).exists()
        applied = held.decisions.filter(applied_at__isnull=False)
        assert applied.count() == 1
        assert applied.get().actions.get().status == "en_cours"
        assert held.agenda.filter(actions__isnull=False).exists()
        planned = copil.meetings.get(start__year=year)
        assert planned.status == MeetingStatus.PREVUE
        assert planned.date_agreed_with_cdt and not planned.minutes_sent
        cotech = Body.objects.get(convention__name=name, kind=BodyKind.COTECH)
        assert cotech.meetings.count() >= 4
        assert cotech.meetings.dates("start", "year").count() >= 2
        groups = Body.objects.filter(convention__name=name, kind=BodyKind.GROUPE_TRAVAIL)
        assert 1 <= groups.count() <= 2 and all(g.theme for g in groups)


def test_the_detailed_ctgs_invite_their_team_and_a_few_directory_contacts(demo):
    for name in DETAILED_CTGS:
        invitations = Invitation.objects.filter(meeting__body__convention__name=name)
        assert invitations.filter(user__email__startswith="cdc.").exists()
        assert invitations.filter(user__email__startswith="technicien.").exists()
        assert invitations.filter(contact__convention__name=name).exists()
        assert (
            not invitations.exclude(contact__isnull=True)
            .exclude(contact__convention__name=name)
            .exists()
        )


def test_the_caf_table_shows_the_three_copil_statuses(demo):
    statuses = set(
        with_copil_status(Convention.objects.all()).values_list("copil_status", flat=True)
    )

    assert statuses == set(CopilStatus.values)


def test_the_caf_network_of_cdcs_met_over_the_year_with_varied_attendance(demo):
    caf = Caf.objects.get(name="Caf de la Savoie")
    participation = cdc_participation(caf, participation_since())

    assert len(participation) == 17  # the CDCs of the 18 CTGs, one of them CDC of two
    assert all(invited == 4 for _present, invited in participation.values())
    assert len({present for present, _invited in participation.values()}) >= 2
