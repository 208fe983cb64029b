"""Attachments: stored once per sending, there for every retry, capped, purged with the
last message that carries them."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from maillage.outbox import sending
from maillage.outbox.models import OutboxAttachment, OutboxFile, OutboxMessage
from maillage.outbox.services import (
    MAX_ATTACHMENTS_BYTES,
    Attachment,
    Email,
    fit_attachments,
    queue_email,
    queue_emails,
)

pytestmark = pytest.mark.django_db

ICS = Attachment("reunion.ics", b"BEGIN:VCALENDAR", "text/calendar; method=REQUEST")
PDF = Attachment("ordre du jour.pdf", b"%PDF-1.7 " + b"x" * 1000, "application/pdf")


def _bytes(content: str | bytes) -> bytes:
    """Django gives a text attachment back as text."""
    return content.encode() if isinstance(content, str) else content


def _emails(n: int, attachments) -> list[Email]:
    return [
        Email(to=[f"p{i}@example.org"], subject="Convocation", body="x", attachments=attachments)
        for i in range(n)
    ]


def test_a_file_sent_to_many_is_stored_once_and_each_gets_it_in_order(world, mailoutbox):
    queue_emails(_emails(3, [ICS, PDF]))
    assert OutboxFile.objects.count() == 2  # the .ics and the PDF, once for the 3 messages
    assert OutboxAttachment.objects.count() == 6
    sending.send_due()
    assert len(mailoutbox) == 3
    for sent in mailoutbox:
        assert [(name, _bytes(content)) for name, content, _ in sent.attachments] == [
            ("reunion.ics", ICS.content),
            ("ordre du jour.pdf", PDF.content),
        ]
        assert sent.attachments[0][2].startswith("text/calendar")


def test_a_message_keeps_its_attachments_for_its_retries(world, smtp_down, settings):
    message = queue_email(to=["p@example.org"], subject="x", body="x", attachments=[PDF])
    assert sending.send_due() == 0  # no server: tried again later
    message.refresh_from_db()
    assert message.attempts == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert sending.send_due(now=message.next_attempt_at) == 1
    assert mail.outbox[-1].attachments[0][1] == PDF.content


def test_claiming_a_batch_does_not_read_the_files(world, django_assert_num_queries):
    queue_emails(_emails(5, [PDF]))
    with django_assert_num_queries(3):  # the ids, the claim, the messages: no content
        claimed = sending.claim(timezone.now())
    assert len(claimed) == 5


def test_attachments_weigh_ten_megabytes_at_most_in_all(world):
    half = Attachment("a.pdf", b"x" * (MAX_ATTACHMENTS_BYTES // 2 + 1), "application/pdf")
    with pytest.raises(ValidationError, match="10 Mo au plus"):
        queue_email(to=["p@example.org"], subject="x", body="x", attachments=[half, half])
    assert not OutboxMessage.objects.exists()


def test_fit_attachments_keeps_what_fits_in_order_and_says_what_is_left():
    small = Attachment("petit.pdf", b"x" * 10)
    big = Attachment("gros.pdf", b"x" * 100)
    medium = Attachment("moyen.pdf", b"x" * 50)
    kept, left = fit_attachments([small, big, medium], size=lambda a: len(a.content), room=70)
    assert kept == [small, medium] and left == [big]


def test_purging_the_last_message_that_carries_a_file_deletes_the_file(world, mailoutbox):
    queue_emails(_emails(2, [PDF]))
    sending.send_due()
    later = timezone.now() + sending.KEEP_SENT + datetime.timedelta(days=1)
    kept = queue_email(to=["q@example.org"], subject="x", body="x", attachments=[ICS])
    assert sending.purge(now=later) == 2  # the two sent messages; the waiting one stays
    assert list(OutboxFile.objects.all()) == [kept.attachments.get().file]


def test_a_recipient_who_cannot_open_the_page_does_not_get_its_address(world, mailoutbox):
    queue_emails(
        [
            Email(
                to=["membre@example.org"],
                subject="x",
                body="Texte",
                about_url="http://testserver/r/",
            ),
            Email(
                to=["contact@example.org"],
                subject="x",
                body="Texte",
                about_url="http://testserver/r/",
                recipient_can_open=False,
            ),
        ]
    )
    sending.send_due()
    bodies = {m.to[0]: m.body for m in mailoutbox}
    assert "http://testserver/r/" in bodies["membre@example.org"]
    assert "http://testserver/" not in bodies["contact@example.org"]
    # The sender still sees which page it was about, should it not be delivered.
    assert OutboxMessage.objects.filter(about_url="http://testserver/r/").count() == 2
