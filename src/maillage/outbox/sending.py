"""Sending the outbox: due messages are claimed, sent over one SMTP connection, retried.

A batch is claimed by a conditional UPDATE (still to send, still due): two workers never
take the same message, on SQLite as on PostgreSQL. The claim counts the attempt and holds
the message for :data:`LEASE`; a worker that dies mid-batch leaves its messages due again
once the lease ends.
"""

from __future__ import annotations

import datetime
import logging
import secrets
import smtplib
from collections.abc import Sequence

from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from .enums import OutboxStatus
from .models import OutboxFile, OutboxMessage

logger = logging.getLogger(__name__)

# The wait before each new attempt: after the 1st failure, the 2nd… The 5th failure is final.
BACKOFF = (
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=6),
)
MAX_ATTEMPTS = 5
LEASE = datetime.timedelta(minutes=10)
BATCH = 100
# How long sent messages (their text, their addresses) are kept; undelivered ones longer,
# for their sender to see.
KEEP_SENT = datetime.timedelta(days=30)
KEEP_FAILED = datetime.timedelta(days=90)


def due(now: datetime.datetime) -> QuerySet[OutboxMessage]:
    """The messages to send now."""
    return OutboxMessage.objects.filter(status=OutboxStatus.A_ENVOYER, next_attempt_at__lte=now)


def claim(now: datetime.datetime, limit: int = BATCH) -> list[OutboxMessage]:
    """Take up to ``limit`` due messages for this worker; each attempt counted."""
    ids = list(due(now).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    if not ids:
        return []
    token = secrets.token_hex(16)
    # The conditions are checked again row by row by the UPDATE: a message another worker
    # claimed meanwhile is no longer due (its lease is in the future) and is skipped.
    due(now).filter(pk__in=ids).update(
        claim=token, attempts=F("attempts") + 1, next_attempt_at=now + LEASE
    )
    return list(OutboxMessage.objects.filter(claim=token).order_by("next_attempt_at", "pk"))


def describe(exc: BaseException) -> str:
    """The failure in French, for the sender, with the server's own words after it."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        label = "Adresse refusée par le serveur de messagerie"
    elif isinstance(exc, smtplib.SMTPAuthenticationError):
        label = "Le serveur de messagerie a refusé l'identification de Maillage"
    elif isinstance(exc, smtplib.SMTPServerDisconnected):
        label = "Le serveur de messagerie a coupé la connexion"
    elif isinstance(exc, smtplib.SMTPResponseException):
        label = f"Message refusé par le serveur de messagerie (code {exc.smtp_code})"
    elif isinstance(exc, TimeoutError):
        label = "Le serveur de messagerie ne répond pas"
    elif isinstance(exc, OSError):
        label = "Serveur de messagerie injoignable"
    else:
        label = "Erreur lors de l'envoi"
    detail = str(exc).strip()
    return f"{label} : {detail}"[:2000] if detail else label


def _is_permanent(exc: BaseException) -> bool:
    """A refusal that another attempt would not change (5xx answers)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def _keeps_connection(exc: BaseException) -> bool:
    """The server answered: the connection is still good for the next message."""
    return isinstance(exc, smtplib.SMTPRecipientsRefused | smtplib.SMTPResponseException)


def _email(message: OutboxMessage, connection: BaseEmailBackend) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=message.from_email,
        to=list(message.to),
        reply_to=list(message.reply_to) or None,
        connection=connection,
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    for name, content, mimetype in message.attachment_files():
        email.attach(name, content, mimetype)
    return email


def _sent(message: OutboxMessage, now: datetime.datetime) -> None:
    OutboxMessage.objects.filter(pk=message.pk, claim=message.claim).update(
        status=OutboxStatus.ENVOYE, sent_at=now, last_error="", claim=""
    )


def _failed(
    messages: Sequence[OutboxMessage],
    exc: BaseException,
    now: datetime.datetime,
    *,
    permanent: bool = False,
) -> None:
    error = describe(exc)
    for message in messages:
        final = permanent or message.attempts >= MAX_ATTEMPTS
        logger.warning(
            "Courriel %s non envoyé (tentative %s) : %s", message.pk, message.attempts, error
        )
        OutboxMessage.objects.filter(pk=message.pk, claim=message.claim).update(
            status=OutboxStatus.ECHEC if final else OutboxStatus.A_ENVOYER,
            next_attempt_at=now + BACKOFF[min(message.attempts, len(BACKOFF)) - 1],
            last_error=error,
            claim="",
        )


def send_due(*, now: datetime.datetime | None = None) -> int:
    """Send every due message over one SMTP connection; returns how many left.

    A message that fails is tried again later (1 min, 5 min, 30 min, 2 h), up to
    :data:`MAX_ATTEMPTS` attempts in all; a server that cannot be reached fails the batch
    in hand, the rest waits for the next run.
    """
    now = now or timezone.now()
    sent = 0
    connection: BaseEmailBackend | None = None
    try:
        while batch := claim(now):
            for index, message in enumerate(batch):
                if connection is None:
                    connection = get_connection(fail_silently=False)
                    try:
                        connection.open()
                    except Exception as exc:  # noqa: BLE001 — any failure: retried later
                        _failed(batch[index:], exc, now)
                        connection = None
                        return sent
                try:
                    _email(message, connection).send()
                except Exception as exc:  # noqa: BLE001 — kept on the message, retried
                    _failed([message], exc, now, permanent=_is_permanent(exc))
                    if not _keeps_connection(exc):
                        _close(connection)
                        connection = None
                else:
                    _sent(message, now)
                    sent += 1
    finally:
        if connection is not None:
            _close(connection)
    return sent


def _close(connection: BaseEmailBackend) -> None:
    try:
        connection.close()
    except Exception:  # noqa: BLE001 — a connection that cannot close is dropped anyway
        logger.warning("Fermeture de la connexion au serveur de messagerie impossible")


def purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the sent messages after 30 days and the undelivered ones after 90, then the
    files no message carries any more; returns how many messages went."""
    now = now or timezone.now()
    old = OutboxMessage.objects.filter(
        Q(status=OutboxStatus.ENVOYE, sent_at__lt=now - KEEP_SENT)
        | Q(status=OutboxStatus.ECHEC, created_at__lt=now - KEEP_FAILED)
    )
    deleted = old.delete()[1].get(OutboxMessage._meta.label, 0)
    # A file is written with its messages, in their transaction: one no message carries is
    # one whose messages are all gone.
    OutboxFile.objects.filter(attachments__isnull=True).delete()
    return deleted
