"""Convocations, changes, cancellations and reminders by e-mail, after commit."""

import datetime
from email.utils import parseaddr
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from maillage.governance import services
from maillage.governance.models import Meeting
from maillage.network.models import Contact

from .helpers import meeting


def _text(content: str | bytes) -> str:
    return content.decode() if isinstance(content, bytes) else content


def _convene(world, django_capture_on_commit_callbacks, **kwargs):
    m = meeting(world, **kwargs)
    services.agenda_item_add(meeting=m, by=world.users["cdc"], title="Bilan annuel du plan")
    services.invitation_add(meeting=m, by=world.users["cdc"], user=world.users["elu"])
    with django_capture_on_commit_callbacks(execute=True):
        services.convocations_send(meeting=m, by=world.users["cdc"])
    return m


def test_convocations_email_every_invitee_with_the_agenda_and_the_ics(
    world, django_capture_on_commit_callbacks
):
    _convene(world, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert [parseaddr(a)[1] for a in message.to] == [world.users["elu"].email]
    assert message.reply_to == [f"{world.users['cdc'].full_name} <{world.users['cdc'].email}>"]
    assert message.subject.startswith("Convocation : COPIL annuel")
    assert "Bilan annuel du plan" in message.body
    m = Meeting.objects.get()
    assert reverse("governance:meeting_detail", args=[world.a.uuid, m.uuid]) in message.body
    name, content, mimetype = message.attachments[0]
    assert name == "reunion.ics" and "method=REQUEST" in mimetype
    assert "BEGIN:VEVENT" in _text(content)


def test_no_email_leaves_before_the_transaction_commits(world, django_capture_on_commit_callbacks):
    m = meeting(world)
    services.invitation_add(meeting=m, by=world.users["cdc"], user=world.users["elu"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.convocations_send(meeting=m, by=world.users["cdc"])
    assert callbacks and not mail.outbox


def test_changing_a_convened_meeting_notifies_the_invitees(
    world, django_capture_on_commit_callbacks
):
    m = _convene(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            meeting=m,
            by=world.users["cdc"],
            title=m.title,
            start=m.start + datetime.timedelta(hours=1),
            end=m.end + datetime.timedelta(hours=1),
            place="Autre salle",
        )
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("Réunion modifiée")
    assert "SEQUENCE:1" in _text(mail.outbox[0].attachments[0][1])


def test_cancelling_sends_a_calendar_cancellation(world, django_capture_on_commit_callbacks):
    m = _convene(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=m, by=world.users["cdc"])
    content = _text(mail.outbox[0].attachments[0][1])
    assert "METHOD:CANCEL" in content and "STATUS:CANCELLED" in content


def test_a_failed_email_keeps_the_meeting_and_its_retry_is_shown_to_the_cdc(
    world, django_capture_on_commit_callbacks
):
    m = meeting(world)
    services.invitation_add(meeting=m, by=world.users["cdc"], user=world.users["elu"])
    contact = Contact.objects.create(convention=world.a, last_name="Sansadresse")
    services.invitation_add(meeting=m, by=world.users["cdc"], contact=contact)
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("SMTP injoignable")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.convocations_send(meeting=m, by=world.users["cdc"])
    assert Meeting.objects.filter(pk=m.pk, convened_at__isnull=False).exists()
    elu, nameless = m.invitations.select_related("message").order_by("pk")
    assert elu.message.attempts == 1 and "SMTP injoignable" in elu.message.last_error
    assert elu.delivery_pending and not elu.delivery_error  # tried again later
    assert nameless.message is None and "Aucune adresse" in nameless.delivery_error
    url = reverse("governance:meeting_detail", args=[world.a.uuid, m.uuid])
    assert "SMTP injoignable" in world.client("cdc").get(url).content.decode()
    assert "SMTP injoignable" not in world.client("elu").get(url).content.decode()


def test_reminders_are_sent_once_for_meetings_starting_within_two_days(
    world, django_capture_on_commit_callbacks
):
    soon = _convene(world, django_capture_on_commit_callbacks, days=1)
    _convene(world, django_capture_on_commit_callbacks, days=9)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_meeting_reminders")
        call_command("send_meeting_reminders")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Rappel : ")
    soon.refresh_from_db()
    assert soon.reminded_at is not None
    assert timezone.now() < soon.start
