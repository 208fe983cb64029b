"""Sending the outbox: one SMTP connection, safe claims, retries with a growing delay, and
the sender told once the last attempt failed."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from maillage.conventions.models import Convention
from maillage.core.periodic import SCHEDULE
from maillage.governance import services as governance
from maillage.governance.models import Invitation, Meeting
from maillage.network.models import Contact
from maillage.outbox import sending
from maillage.outbox.enums import OutboxStatus
from maillage.outbox.models import OutboxMessage
from maillage.outbox.services import queue_email
from maillage.plans import services as plans
from maillage.plans.selectors import plan_of

from ..governance.helpers import meeting

pytestmark = pytest.mark.django_db


def _convocations_for(world, invitees: int) -> Meeting:
    m = meeting(world)
    contacts = Contact.objects.bulk_create(
        Contact(
            convention=world.a,
            first_name=f"Invité {n}",
            last_name="Durand",
            email=f"invite{n}@example.org",
        )
        for n in range(invitees)
    )
    Invitation.objects.bulk_create(Invitation(meeting=m, contact=c) for c in contacts)
    return m


def test_a_hundred_convocations_leave_over_one_smtp_connection(
    world, smtp_sink, django_capture_on_commit_callbacks
):
    m = _convocations_for(world, 100)
    with django_capture_on_commit_callbacks(execute=True):
        assert governance.convocations_send(meeting=m, by=world.users["cdc"]) == 100
    assert len(smtp_sink.messages) == 100
    assert len(smtp_sink.sessions) == 1
    assert sorted(e.rcpt_tos[0] for e in smtp_sink.messages) == sorted(
        f"invite{n}@example.org" for n in range(100)
    )
    first = smtp_sink.messages[0].content.decode()
    assert "text/calendar" in first and "reunion.ics" in first
    assert OutboxMessage.objects.filter(status=OutboxStatus.ENVOYE).count() == 100
    # The CDC sees each invitee's convocation as sent.
    assert all(i.delivered_at for i in m.invitations.select_related("message"))


def test_a_refused_address_fails_at_once_and_the_others_still_leave(
    world, smtp_sink, django_capture_on_commit_callbacks
):
    smtp_sink.refuse.add("invite1@example.org")
    m = _convocations_for(world, 3)
    with django_capture_on_commit_callbacks(execute=True):
        governance.convocations_send(meeting=m, by=world.users["cdc"])
    assert sorted(e.rcpt_tos[0] for e in smtp_sink.messages) == [
        "invite0@example.org",
        "invite2@example.org",
    ]
    [refused] = [m for m in OutboxMessage.objects.all() if "invite1@example.org" in m.to[0]]
    assert refused.status == OutboxStatus.ECHEC and refused.attempts == 1
    assert refused.last_error.startswith("Adresse refusée par le serveur de messagerie")
    assert len(smtp_sink.sessions) == 1


def test_with_smtp_down_the_save_succeeds_and_the_message_waits(
    world, smtp_down, django_capture_on_commit_callbacks
):
    m = meeting(world)
    governance.invitation_add(meeting=m, by=world.users["cdc"], user=world.users["elu"])
    url = reverse("governance:convocations_send", args=[world.a.uuid, m.uuid])
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("cdc").post(url)
    assert response.status_code == 302
    assert Meeting.objects.get(pk=m.pk).convened_at is not None
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.A_ENVOYER and message.attempts == 1
    assert message.last_error.startswith("Serveur de messagerie injoignable")
    assert message.next_attempt_at > timezone.now()
    page = world.client("cdc").get(
        reverse("governance:meeting_detail", args=[world.a.uuid, m.uuid])
    )
    assert "En attente d'envoi (nouvel essai le" in page.content.decode()


def test_retries_wait_longer_each_time_then_the_sender_sees_the_failure(world, smtp_down):
    message = queue_email(
        to=["elu.a@example.org"],
        subject="Convocation : COPIL",
        body="Texte",
        sender=world.users["cdc"],
        about="Convocation de la réunion « COPIL »",
        about_url="http://testserver/ctg/",
    )
    now = timezone.now()
    waits = []
    for _ in range(sending.MAX_ATTEMPTS):
        assert sending.send_due(now=now) == 0
        message.refresh_from_db()
        waits.append(message.next_attempt_at - now)
        assert sending.send_due(now=now) == 0  # not due again before its time
        now = message.next_attempt_at
    minutes = [int(w.total_seconds() // 60) for w in waits]
    assert minutes[:4] == [1, 5, 30, 120]
    assert message.status == OutboxStatus.ECHEC and message.attempts == sending.MAX_ATTEMPTS
    assert sending.send_due(now=now + datetime.timedelta(days=1)) == 0
    message.refresh_from_db()
    assert message.attempts == sending.MAX_ATTEMPTS  # given up: never tried again

    cdc = world.client("cdc")
    home = cdc.get(reverse("web:home")).content.decode()
    assert "1 courriel envoyé à la suite de vos actions n'a pas pu être remis" in home
    page = cdc.get(reverse("outbox:undelivered")).content.decode()
    assert "elu.a@example.org" in page and "Convocation : COPIL" in page
    assert "Serveur de messagerie injoignable" in page
    assert 'href="http://testserver/ctg/"' in page
    other = world.client("elu").get(reverse("outbox:undelivered")).content.decode()
    assert "Convocation : COPIL" not in other


def test_two_workers_never_claim_the_same_message(world):
    for n in range(3):
        queue_email(to=[f"p{n}@example.org"], subject="x", body="x")
    now = timezone.now()
    first = sending.claim(now, limit=2)
    second = sending.claim(now)
    third = sending.claim(now)
    assert len(first) == 2 and len(second) == 1 and third == []
    assert not {m.pk for m in first} & {m.pk for m in second}
    assert all(m.attempts == 1 for m in first + second)
    # A worker that died holding a message: it is due again once the lease is over.
    assert len(sending.claim(now + sending.LEASE)) == 3


def test_a_message_claimed_by_another_worker_is_not_sent_twice(world, mailoutbox):
    queue_email(to=["p@example.org"], subject="x", body="x")
    now = timezone.now()
    assert len(sending.claim(now)) == 1  # another worker holds it
    assert sending.send_due(now=now) == 0
    assert mailoutbox == []


def test_the_sending_runs_every_minute_and_old_messages_are_purged(world, mailoutbox):
    every = {p.task.name: p.every for p in SCHEDULE.values()}
    assert every["send_pending"] == datetime.timedelta(minutes=1)
    assert every["purge_outbox"] == datetime.timedelta(days=1)
    queue_email(to=["p@example.org"], subject="x", body="x")
    call_command("send_outbox")
    assert len(mailoutbox) == 1
    later = timezone.now() + sending.KEEP_SENT + datetime.timedelta(days=1)
    assert sending.purge(now=later) == 1
    assert not OutboxMessage.objects.exists()


def test_an_invitation_into_a_ctg_named_with_a_line_break_is_queued_whole(
    world, smtp_down, django_capture_on_commit_callbacks
):
    # A name saved before names refused control characters (or by an import of old data).
    Convention.objects.filter(pk=world.a.pk).update(name="CTG Grand\r\nChambéry")
    url = reverse("conventions:members", kwargs={"convention_uuid": world.a.uuid})
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("cdc").post(
            url, {"full_name": "Nina Nouvelle", "email": "nina@example.org", "role": "technicien"}
        )
    assert response.status_code == 302
    message = OutboxMessage.objects.get(to__icontains="nina@example.org")
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "http://testserver/" in message.body
    assert message.status == OutboxStatus.A_ENVOYER


def test_adding_a_copilot_with_smtp_down_saves_and_the_notice_waits(
    world, smtp_down, django_capture_on_commit_callbacks
):
    cdc = world.users["cdc"]
    plan = plan_of(world.a)
    axis = plans.axis_create(plan=plan, by=cdc, title="Jeunesse")
    fiche = plans.action_create(plan=plan, by=cdc, axis=axis, title="PIJ", notify=False)
    url = reverse("plans:action_edit", args=[world.a.uuid, fiche.uuid])
    form = world.client("cdc").get(url).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value not in (None, [], "") and name in form.fields
    }
    data.update(title="PIJ", copilots=[world.users["technicien"].pk], axis=axis.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("cdc").post(url, data)
    assert response.status_code == 302
    assert list(fiche.copilots.all()) == [world.users["technicien"]]
    message = OutboxMessage.objects.get()
    assert message.attempts == 1 and message.status == OutboxStatus.A_ENVOYER
