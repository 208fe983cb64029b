"""The Caf's network of chargés de coopération: meetings, attendance per CDC, participation."""

from __future__ import annotations

import datetime
import io
from email.utils import parseaddr

import docx
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from maillage.governance import services
from maillage.governance.enums import Attendance, BodyKind, MeetingStatus
from maillage.governance.models import Body, Meeting
from maillage.governance.selectors import feed_meetings, user_feed

from ..factories import ConventionFactory, ConventionMembershipFactory, UserFactory
from ..governance.helpers import fiche


def network_meeting(world, *, days: int = 10, invite: bool = True, title: str = "Réseau des CDC"):
    admin = world.users["caf_admin"]
    body = services.network_body_get_or_create(caf=world.caf, by=admin)
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    meeting = services.meeting_create(
        body=body, by=admin, title=title, start=start, end=start + datetime.timedelta(hours=2)
    )
    if invite:
        services.network_invite_cdcs(meeting=meeting, by=admin)
    return meeting


def held(world, *, days: int, present: set[str], invited: set[str] | None = None) -> Meeting:
    """A network meeting ``days`` from now, held, with the given CDCs present."""
    meeting = network_meeting(world, days=days, title=f"Réunion {days}")
    admin = world.users["caf_admin"]
    statuses = {}
    for invitation in meeting.invitations.select_related("user"):
        key = next((k for k, u in world.users.items() if u.pk == invitation.user_id), "")
        if invited is not None and key not in invited:
            services.invitation_remove(invitation=invitation, by=admin)
            continue
        statuses[invitation] = Attendance.PRESENT if key in present else Attendance.ABSENT
    services.attendance_record(meeting=meeting, by=admin, statuses=statuses)
    services.minutes_save(meeting=meeting, by=admin, minutes="Tour de table.")
    services.minutes_publish(meeting=meeting, by=admin)
    return meeting


def url(name: str, world, meeting: Meeting | None = None, **extra) -> str:
    kwargs = {"caf_uuid": world.caf.uuid, **extra}
    if meeting is not None:
        kwargs["meeting_uuid"] = meeting.uuid
    return reverse(f"departement:{name}", kwargs=kwargs)


def test_the_caf_s_instance_belongs_to_the_caf_and_to_no_ctg(world):
    body = services.network_body_get_or_create(caf=world.caf, by=world.users["caf_admin"])

    assert body.kind == BodyKind.RESEAU_CDC and body.convention is None
    assert body.owner_name == "Caf de la Savoie"
    assert services.network_body_get_or_create(caf=world.caf, by=None) == body
    with pytest.raises(IntegrityError), transaction.atomic():
        Body.objects.create(caf=world.caf, convention=world.a, kind="copil", name="Les deux")


def test_inviting_all_cdcs_invites_the_active_cdcs_of_the_caf_s_ctgs_only(world):
    meeting = network_meeting(world)

    invited = set(meeting.invitations.values_list("user__email", flat=True))
    assert invited == {"cdc.a@example.org", "cdc.b@example.org"}
    assert services.network_invite_cdcs(meeting=meeting, by=world.users["cdt"]) == 0


def test_a_network_meeting_refuses_fiches_contacts_and_people_outside_the_caf(world):
    meeting = network_meeting(world)
    admin = world.users["caf_admin"]

    with pytest.raises(ValidationError):
        services.agenda_item_add(meeting=meeting, by=admin, title="Plan", actions=[fiche(world)])
    with pytest.raises(ValidationError):
        services.invitation_add(meeting=meeting, by=admin, user=world.users["elu"])
    with pytest.raises(ValidationError):
        services.invitation_add(meeting=meeting, by=admin, user=world.users["cdc_c"])
    with pytest.raises(ValidationError):
        services.invitation_add_by_email(meeting=meeting, by=admin, email="inconnu@example.org")
    decision = services.decision_add(meeting=meeting, by=admin, text="Se revoir en mars")
    with pytest.raises(ValidationError):
        services.decision_apply(decision=decision, by=admin, change="statut")


def test_a_cdt_schedules_invites_convenes_records_attendance_and_publishes_minutes(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    client = world.client("cdt")
    day = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()

    response = client.post(
        url("network_meeting_create", world),
        {"title": "Réseau des CDC de printemps", "date": day, "start_time": "09:30",
         "end_time": "12:00", "place": "Caf, salle 2"},
    )  # fmt: skip

    meeting = Meeting.objects.get(title="Réseau des CDC de printemps")
    assert meeting.body.caf == world.caf
    assert response["Location"] == url("network_meeting", world, meeting)
    client.post(url("network_invite", world, meeting))
    assert meeting.invitations.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("network_convocations", world, meeting))
    assert sorted(parseaddr(m.to[0])[1] for m in mailoutbox) == [
        "cdc.a@example.org",
        "cdc.b@example.org",
    ]
    assert "Caf de la Savoie" in mailoutbox[0].body and "Réseau des CDC" in mailoutbox[0].body
    assert url("network_meeting", world, meeting) in mailoutbox[0].body  # the meeting's page
    ics = Calendar.from_ical(mailoutbox[0].attachments[0][1])
    assert "Caf de la Savoie" in str(ics.walk("VEVENT")[0]["DESCRIPTION"])

    a, b = meeting.invitations.order_by("user__email")
    client.post(
        url("network_attendance", world, meeting),
        {f"presence_{a.uuid}": "present", f"presence_{b.uuid}": "excuse"},
    )
    client.post(url("network_minutes_edit", world, meeting), {"minutes": "Échanges."})
    client.post(url("network_minutes_publish", world, meeting))

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.TENUE and meeting.minutes_published
    assert [i.status for i in meeting.invitations.order_by("user__email")] == [
        "present",
        "excuse",
    ]
    page = world.client("cdc").get(url("network_meeting", world, meeting))
    assert "Échanges." in page.content.decode()
    document = world.client("cdc").get(url("network_minutes_document", world, meeting, fmt="docx"))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(document.content)).paragraphs)
    assert "Caf de la Savoie" in text and "CTG" not in text.split("Présents")[0]


def test_a_cdc_sees_the_meetings_they_are_invited_to_and_their_own_rate_only(world):
    shown = network_meeting(world, title="Invité")
    hidden = network_meeting(world, invite=False, title="Pas invité")

    response = world.client("cdc").get(url("network", world))

    text = response.content.decode()
    assert "Invité" in text and "Pas invité" not in text
    assert [r.user_id for r in response.context["rows"]] == [world.users["cdc"].pk]
    assert world.client("cdc").get(url("network_meeting", world, hidden)).status_code == 404
    assert world.client("cdc").get(url("network_meeting", world, shown)).status_code == 200
    assert world.client("elu").get(url("network", world)).status_code == 403
    staff = world.client("conseiller").get(url("network", world))
    assert len(staff.context["rows"]) == 2
    # Nor is the Caf's meeting reachable through a CTG's governance pages.
    ctg_url = reverse("governance:meeting_detail", args=[world.a.uuid, shown.uuid])
    assert world.client("cdc").get(ctg_url).status_code == 404


def test_an_invited_cdc_s_calendar_subscription_includes_the_network_meeting(world):
    meeting = network_meeting(world)

    _user, meetings = feed_meetings(user_feed(world.users["cdc"]).token)

    assert meeting in meetings


def test_cdc_participation_counts_held_meetings_of_the_last_twelve_months(world):
    from maillage.departement.network import cdc_participation, participation_since

    held(world, days=-30, present={"cdc", "cdc_b"})
    held(world, days=-60, present={"cdc"})
    held(world, days=-90, present=set(), invited={"cdc"})
    held(world, days=-400, present={"cdc_b"})  # more than a year ago
    network_meeting(world, days=15)  # planned: not counted
    cancelled = network_meeting(world, days=-10, title="Annulée")
    services.meeting_cancel(meeting=cancelled, by=world.users["caf_admin"])

    result = cdc_participation(world.caf, participation_since())

    assert result == {world.users["cdc"].pk: (2, 3), world.users["cdc_b"].pk: (1, 2)}
    assert cdc_participation(world.other_caf, participation_since()) == {}


def _add_cdcs(world, count: int) -> None:
    for n in range(count):
        convention = ConventionFactory(caf=world.caf, name=f"CTG supplémentaire {n}")
        ConventionMembershipFactory(
            convention=convention, role="cdc", user=UserFactory(email=f"cdc{n}.x@example.org")
        )


def _page_queries(world) -> tuple[int, int]:
    from django.db import connection

    client = world.client("caf_admin")
    client.get(url("network", world))  # the session is warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("network", world))
    assert response.status_code == 200
    return len(response.context["rows"]), len(queries)


def test_the_network_page_keeps_its_query_count_with_2_and_8_cdcs(world):
    held(world, days=-30, present={"cdc"})
    network_meeting(world, days=10)
    two = _page_queries(world)

    _add_cdcs(world, 6)
    held(world, days=-40, present={"cdc", "cdc_b"})
    network_meeting(world, days=20)
    eight = _page_queries(world)

    assert (two[0], eight[0]) == (2, 8)
    assert two[1] == eight[1]


def test_a_cdc_sees_their_own_participation_on_their_account_page(world):
    held(world, days=-30, present={"cdc"})
    held(world, days=-60, present=set())
    response = world.client("cdc").get(reverse("web:preferences"))
    text = response.content.decode()
    assert "Réseau des chargés de coopération" in text
    assert "présent·e à 1 réunion sur 2 tenues ces 12 derniers mois (50 %)" in text
    assert (
        "Réseau des chargés de coopération"
        not in world.client("elu").get(reverse("web:preferences")).content.decode()
    )


def test_attendance_saved_with_htmx_redraws_the_section_with_its_counters(world):
    meeting = network_meeting(world)
    a, b = meeting.invitations.order_by("pk")[:2]
    client = world.client("caf_admin")
    data = {f"presence_{a.uuid}": "present", f"presence_{b.uuid}": "excuse"}
    response = client.post(url("network_attendance", world, meeting), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<section class="mb-4" aria-labelledby="invites"')
    assert "1 présent·e(s), 1 excusé·e(s), 0 absent·e(s), 0 sans réponse." in page
    assert 'role="status">Présences enregistrées.' in page
    bad = {f"presence_{a.uuid}": "volatilise"}
    refused = client.post(url("network_attendance", world, meeting), bad, HTTP_HX_REQUEST="true")
    assert refused.status_code == 422
    assert "Rien n&#x27;a été enregistré" in refused.content.decode()
    a.refresh_from_db()
    assert a.status == "present"
