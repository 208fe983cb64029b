"""The yearly COPIL: its checklist, and its status on the CTG overview and the Caf's table."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from maillage.conventions.models import Convention
from maillage.governance import services
from maillage.governance.selectors import copil_status

from .helpers import body, meeting


def _this_year_copil(world, convention, status):
    copil = body(world, convention=convention)
    year = timezone.localdate().year
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, 6, 15, 14, tzinfo=tz)
    cdc = world.users["cdc"] if convention == world.a else world.users["cdc_b"]
    m = services.meeting_create(
        body=copil, by=cdc, title="COPIL", start=start, end=start + datetime.timedelta(hours=2)
    )
    if status == "tenue":
        services.minutes_save(meeting=m, by=cdc, minutes="Bilan.")
        services.minutes_publish(meeting=m, by=cdc)
    return m


def test_the_copil_status_is_held_planned_or_missing(world):
    assert copil_status(world.a) == "manquant"
    _this_year_copil(world, world.a, "prevue")
    assert copil_status(world.a) == "prevu"
    _this_year_copil(world, world.a, "tenue")
    assert copil_status(world.a) == "tenu"


def test_a_copil_of_last_year_does_not_count_for_this_year(world):
    m = _this_year_copil(world, world.a, "tenue")
    Convention.objects.filter(pk=world.a.pk)  # unchanged CTG
    m.start = m.start.replace(year=m.start.year - 1)
    m.end = m.end.replace(year=m.end.year - 1)
    m.save()
    assert copil_status(world.a) == "manquant"


def test_the_overview_and_the_caf_table_show_the_copil_status(world):
    _this_year_copil(world, world.a, "tenue")
    overview = world.client("cdc").get(reverse("conventions:detail", args=[world.a.uuid]))
    assert "COPIL tenu" in overview.content.decode()
    table = world.client("cdt").get(reverse("web:home")).content.decode()
    assert "COPIL tenu" in table and "Pas de COPIL" in table


def test_the_caf_table_query_count_does_not_grow_with_copils(world):
    client = world.client("cdt")
    url = reverse("web:home")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(3):
        _this_year_copil(world, world.a, "tenue")
        _this_year_copil(world, world.b, "prevue")
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small.captured_queries) == len(large.captured_queries)


def test_the_checklist_reads_invitations_and_ticked_items(world):
    m = meeting(world)
    services.invitation_add(meeting=m, by=world.users["cdc"], user=world.users["elu"])
    services.checklist_update(meeting=m, by=world.users["cdc"], date_agreed_with_cdt=True)
    page = world.client("cdc").get(
        reverse("governance:meeting_detail", args=[world.a.uuid, m.uuid])
    )
    text = strip_tags(page.content.decode())  # « COPIL » is explained in an <abbr>
    assert "Liste de contrôle du COPIL annuel" in text
    checklist = {item.label: item.done for item in page.context["checklist"]}
    assert checklist["Élus invités"] is True
    assert checklist["Caf invitée"] is False
    assert checklist["Date convenue avec le CDT de la Caf"] is True


def test_the_meeting_page_query_count_does_not_grow_with_invitees(world):
    m = meeting(world)
    client = world.client("cdc")
    url = reverse("governance:meeting_detail", args=[world.a.uuid, m.uuid])
    roles = ["elu", "technicien", "partenaire", "cdt", "conseiller"]
    for role in roles:
        if role == roles[1]:
            client.get(url)
            with CaptureQueriesContext(connection) as small:
                client.get(url)
        services.invitation_add(meeting=m, by=world.users["cdc"], user=world.users[role])
        services.agenda_item_add(meeting=m, by=world.users["cdc"], title=f"Point {role}")
        services.decision_add(meeting=m, by=world.users["cdc"], text=f"Décision {role}")
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small.captured_queries) == len(large.captured_queries)
