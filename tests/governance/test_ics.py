"""Meetings in calendars: one .ics per meeting and a private, revocable subscription."""

from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from maillage.governance import services
from maillage.governance.selectors import user_feed

from .helpers import meeting


def test_a_title_and_a_place_with_special_characters_give_a_valid_ics(world):
    # A title holds no line break (a name refuses control characters); a place may.
    m = meeting(world, title="COPIL ; bilan, 2026, suite « spéciale »", place="Salle A;\nÉtage 2")
    services.agenda_item_add(meeting=m, by=world.users["cdc"], title="Bilan, indicateurs; suite")
    url = reverse("governance:meeting_ics", args=[world.a.uuid, m.uuid])
    response = world.client("cdc").get(url)
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "COPIL ; bilan, 2026, suite « spéciale »"
    assert str(event["LOCATION"]) == "Salle A;\nÉtage 2"
    assert "Bilan, indicateurs; suite" in str(event["DESCRIPTION"])
    assert event.decoded("DTSTART") == m.start


def test_the_subscription_lists_the_meetings_the_user_is_invited_to_across_ctgs(world):
    mine = meeting(world, kind="groupe_travail", title="Groupe A")
    other = meeting(world, kind="copil", title="COPIL B", convention=world.b)
    meeting(world, kind="cotech", title="COTECH non invité")
    services.invitation_add(meeting=mine, by=world.users["cdc"], user=world.users["cdt"])
    services.invitation_add(meeting=other, by=world.users["cdc_b"], user=world.users["cdt"])
    token = user_feed(world.users["cdt"]).token
    response = Client().get(reverse("governance:feed", args=[token]))
    assert response.status_code == 200
    titles = {str(e["SUMMARY"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert titles == {"Groupe A", "COPIL B"}


def test_a_new_subscription_address_revokes_the_old_one(world):
    old = user_feed(world.users["cdc"]).token
    response = world.client("cdc").post(reverse("governance:feed_settings"))
    assert response.status_code == 302
    assert Client().get(reverse("governance:feed", args=[old])).status_code == 404
    new = user_feed(world.users["cdc"]).token
    assert new != old
    assert Client().get(reverse("governance:feed", args=[new])).status_code == 200


def test_an_unknown_subscription_token_is_not_found(world):
    assert Client().get(reverse("governance:feed", args=["pas-un-jeton"])).status_code == 404
