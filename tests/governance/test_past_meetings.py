"""A meeting dated in the past: recorded as held, or kept planned, once asked; convocations
for it leave only after a warning the sender confirms."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from maillage.governance import services
from maillage.governance.models import Meeting
from maillage.outbox.models import OutboxMessage

from .helpers import body, meeting


def _post(world, copil, **extra):
    day = timezone.localdate() - datetime.timedelta(days=7)
    url = reverse("governance:meeting_create", args=[world.a.uuid, copil.uuid])
    data = {"title": "COPIL de rattrapage", "date": day.isoformat()}
    data.update(start_time="14:00", end_time="16:00", **extra)
    return world.client("cdc").post(url, data)


def test_a_past_date_asks_whether_the_meeting_was_held_with_held_ticked(world):
    copil = body(world, users=[world.users["elu"]])
    response = _post(world, copil)
    assert response.status_code == 200
    page = response.content.decode()
    assert "cette réunion a-t-elle déjà eu lieu ?" in page
    assert 'type="radio" name="held" value="tenue" id="id_held_0" checked>' in page
    assert "l&#x27;enregistrer comme tenue" in page and "la garder prévue" in page
    assert not Meeting.objects.exists()


def test_the_answer_held_records_a_held_meeting_with_its_invitees(world):
    copil = body(world, users=[world.users["elu"]])
    response = _post(world, copil, held="tenue", invitees=[f"u-{world.users['elu'].uuid}"])
    assert response.status_code == 302
    m = Meeting.objects.get()
    assert m.status == "tenue" and m.convened_at is None
    assert [i.user for i in m.invitations.all()] == [world.users["elu"]]


def test_the_answer_planned_keeps_the_past_meeting_planned(world):
    response = _post(world, body(world), held="prevue")
    assert response.status_code == 302
    assert Meeting.objects.get().status == "prevue"


def test_a_future_date_is_not_asked_about_and_stays_planned(world):
    copil = body(world)
    day = timezone.localdate() + datetime.timedelta(days=7)
    url = reverse("governance:meeting_create", args=[world.a.uuid, copil.uuid])
    data = {"title": "COPIL", "date": day.isoformat(), "start_time": "14:00"}
    response = world.client("cdc").post(url, {**data, "end_time": "16:00", "held": "tenue"})
    assert response.status_code == 302
    assert Meeting.objects.get().status == "prevue"


def test_the_service_refuses_to_record_as_held_a_meeting_not_started(world):
    start = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError, match="pas encore commencé"):
        services.meeting_create(
            body=body(world),
            by=world.users["cdc"],
            title="COPIL",
            start=start,
            end=start + datetime.timedelta(hours=2),
            held=True,
        )
    assert not Meeting.objects.exists()


def test_convocations_for_a_started_meeting_need_the_sender_s_confirmation(world):
    m = meeting(world, days=-2)
    services.invitation_add(meeting=m, by=world.users["cdc"], user=world.users["elu"])
    with pytest.raises(services.ConvocationsAfterStart, match="date passée"):
        services.convocations_send(meeting=m, by=world.users["cdc"])
    m.refresh_from_db()
    assert m.convened_at is None and not OutboxMessage.objects.exists()
    assert services.convocations_send(meeting=m, by=world.users["cdc"], confirm_past=True) == 1
    assert OutboxMessage.objects.count() == 1


def test_the_page_warns_in_french_and_sends_only_once_confirmed(world, mailoutbox):
    m = meeting(world, days=-2)
    services.invitation_add(meeting=m, by=world.users["cdc"], user=world.users["elu"])
    url = reverse("governance:convocations_send", args=[world.a.uuid, m.uuid])
    client = world.client("cdc")
    warning = client.post(url)
    assert warning.status_code == 200
    page = warning.content.decode()
    assert "Cette réunion a commencé le" in page and "Rien n&#x27;a été envoyé" in page
    assert 'name="confirmer_date_passee" value="1"' in page
    m.refresh_from_db()
    assert m.convened_at is None and not OutboxMessage.objects.exists()
    sent = client.post(url, {"confirmer_date_passee": "1"})
    assert sent.status_code == 302
    m.refresh_from_db()
    assert m.convened_at is not None and OutboxMessage.objects.count() == 1


def test_the_network_page_warns_too(world):
    network = services.network_body_get_or_create(caf=world.caf, by=world.users["caf_admin"])
    start = timezone.now() - datetime.timedelta(days=1)
    m = services.meeting_create(
        body=network,
        by=world.users["caf_admin"],
        title="Réseau des CDC",
        start=start,
        end=start + datetime.timedelta(hours=2),
    )
    services.network_invite_cdcs(meeting=m, by=world.users["caf_admin"])
    url = reverse("departement:network_convocations", args=[world.caf.uuid, m.uuid])
    client = world.client("caf_admin")
    response = client.post(url)
    assert response.status_code == 200
    assert "Cette réunion a commencé le" in response.content.decode()
    assert not OutboxMessage.objects.exists()
    assert client.post(url, {"confirmer_date_passee": "1"}).status_code == 302
    assert OutboxMessage.objects.exists()


def test_someone_added_to_a_convened_meeting_that_started_is_not_convened_to_the_past(world):
    m = meeting(world, days=1)
    services.invitation_add(meeting=m, by=world.users["cdc"], user=world.users["elu"])
    services.convocations_send(meeting=m, by=world.users["cdc"])
    assert OutboxMessage.objects.count() == 1
    Meeting.objects.filter(pk=m.pk).update(
        start=timezone.now() - datetime.timedelta(hours=1),
        end=timezone.now() + datetime.timedelta(hours=1),
    )
    m.refresh_from_db()
    services.invitation_add(meeting=m, by=world.users["cdc"], user=world.users["technicien"])
    assert OutboxMessage.objects.count() == 1
