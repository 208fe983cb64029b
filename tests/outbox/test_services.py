"""Queuing an e-mail: written with the change, sent after its commit, headers kept safe."""

from __future__ import annotations

import email
from email.utils import parseaddr

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from maillage.conventions.services import member_invite
from maillage.governance import services as governance
from maillage.governance.models import Meeting
from maillage.outbox.enums import OutboxStatus
from maillage.outbox.models import OutboxMessage
from maillage.outbox.services import absolute_url, mailbox, queue_email

from ..governance.helpers import meeting

pytestmark = pytest.mark.django_db


def test_absolute_urls_start_with_the_site_url():
    assert absolute_url("/ctg/x/") == "http://testserver/ctg/x/"
    assert absolute_url("ctg/x/") == "http://testserver/ctg/x/"


def test_a_message_is_rolled_back_with_the_change_that_causes_it(world):
    m = meeting(world)
    governance.invitation_add(meeting=m, by=world.users["cdc"], user=world.users["elu"])
    with pytest.raises(RuntimeError), transaction.atomic():
        governance.convocations_send(meeting=m, by=world.users["cdc"])
        assert OutboxMessage.objects.count() == 1  # written in the same transaction
        raise RuntimeError("la suite de l'enregistrement échoue")
    assert not OutboxMessage.objects.exists()
    assert Meeting.objects.get(pk=m.pk).convened_at is None


def test_a_message_leaves_only_after_the_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_email(
            to=["elu.a@example.org"],
            subject="Bonjour",
            body="Un message.",
            sender=world.users["cdc"],
            about="Un essai",
            about_url=absolute_url("/"),
        )
        assert mail.outbox == [] and message.status == OutboxStatus.A_ENVOYER
    message.refresh_from_db()
    assert message.status == OutboxStatus.ENVOYE and message.sent_at is not None
    assert message.attempts == 1
    [sent] = mail.outbox
    assert sent.to == ["elu.a@example.org"] and sent.subject == "Bonjour"
    assert "http://testserver/" in sent.body  # the page it is about, in the text


def test_attachments_html_and_reply_to_reach_the_message(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(
            to=["elu.a@example.org"],
            subject="Pièce jointe",
            body="Texte",
            html="<p>Texte</p>",
            reply_to=[mailbox("Camille Martin", "cdc.a@example.org")],
            attachments=[("reunion.ics", b"BEGIN:VCALENDAR", "text/calendar")],
        )
    [sent] = mail.outbox
    assert sent.reply_to == ["Camille Martin <cdc.a@example.org>"]
    assert sent.alternatives[0][0] == "<p>Texte</p>"
    name, content, mimetype = sent.attachments[0]
    assert (name, mimetype) == ("reunion.ics", "text/calendar")
    assert "BEGIN:VCALENDAR" in (content.decode() if isinstance(content, bytes) else content)


def _headers(message) -> email.message.Message:
    return email.message_from_bytes(message.message().as_bytes())


def test_a_line_break_in_a_subject_or_a_name_adds_no_header(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(
            to=[mailbox("Dupont\r\nBcc: espion@example.org", "elu.a@example.org")],
            subject="Réunion\r\nBcc: espion@example.org\nX-Faux: 1",
            body="Texte",
            reply_to=[mailbox("Camille\nBcc: espion@example.org", "cdc.a@example.org")],
        )
    [sent] = mail.outbox
    headers = _headers(sent)
    assert headers["Bcc"] is None and headers["X-Faux"] is None
    assert sent.bcc == []
    assert [parseaddr(a)[1] for a in sent.recipients()] == ["elu.a@example.org"]
    assert "\n" not in sent.subject and sent.subject.startswith("Réunion Bcc:")


def test_an_address_with_a_line_break_is_refused_in_french(world):
    with pytest.raises(ValidationError, match="retour à la ligne"):
        queue_email(to=["elu.a@example.org\r\nBcc: espion@example.org"], subject="x", body="x")
    with pytest.raises(ValidationError, match="invalide"):
        queue_email(to=["pas une adresse"], subject="x", body="x")
    assert not OutboxMessage.objects.exists()


def test_a_convener_named_with_a_line_break_cannot_add_a_header(
    world, django_capture_on_commit_callbacks
):
    cdc = world.users["cdc"]
    cdc.full_name = "Camille\r\nBcc: espion@example.org"
    cdc.save()
    m = meeting(world)
    governance.invitation_add(meeting=m, by=cdc, user=world.users["elu"])
    with django_capture_on_commit_callbacks(execute=True):
        governance.convocations_send(meeting=m, by=cdc)
    [sent] = mail.outbox
    assert _headers(sent)["Bcc"] is None
    assert sent.reply_to == ['"Camille Bcc: espion@example.org" <cdc.a@example.org>']
    url = reverse("governance:meeting_detail", args=[world.a.uuid, m.uuid])
    assert f"http://testserver{url}" in sent.body


def test_e_mails_name_the_ctg_once(world, django_capture_on_commit_callbacks):
    assert world.a.name == "CTG Grand Chambéry"
    with django_capture_on_commit_callbacks(execute=True):
        member_invite(
            convention=world.a,
            by=world.users["cdc"],
            email="nina@example.org",
            full_name="Nina Nouvelle",
            role="technicien",
        )
    [sent] = [m for m in mail.outbox if "nina@example.org" in m.to]
    assert "la CTG Grand Chambéry" in sent.subject and "CTG CTG" not in sent.subject
    assert "la CTG Grand Chambéry" in sent.body and "CTG CTG" not in sent.body
