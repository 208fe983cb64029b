"""Writes on the outbox: e-mails are queued in the caller's transaction, sent by a task.

A message is a row written with the change that causes it: committed with it, or rolled
back with it. Once the transaction commits, the sending task is enqueued; it retries a
failed message with a growing delay, and after the last attempt the sender sees it on the
page « Courriels non remis ».
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from email.utils import formataddr, parseaddr
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

if TYPE_CHECKING:  # the accounts are a layer above: named in annotations only
    from maillage.accounts.models import User


from .enums import OutboxStatus
from .models import OutboxAttachment, OutboxFile, OutboxMessage
from .selectors import undelivered_of
from .tasks import send_pending

# Control characters (C0, DEL, C1) and the Unicode line and paragraph separators: none may
# reach a header, where a line break would start a header of the sender's choosing.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SPACES = re.compile(r"\s+")

T = TypeVar("T")

# The most an e-mail carries in attachments, all together: what mail servers take (once
# encoded for the mail, a third more) and what a mailbox accepts without grumbling.
MAX_ATTACHMENTS_BYTES = 10 * 1024 * 1024


def absolute_url(path: str) -> str:
    """The address of a page of Maillage as its users reach it (``SITE_URL`` + path)."""
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def header_text(value: str) -> str:
    """Text fit for a header (a subject, a name, a file name): one line, no control
    character."""
    return _SPACES.sub(" ", _CONTROL.sub(" ", value)).strip()


def checked_address(value: str) -> str:
    """An address alone or with its name (``Nom <adresse>``), checked and made safe.

    An address with a line break or another control character is refused (it would add
    headers); the name is cleaned of them.
    """
    if _CONTROL.search(value):
        raise ValidationError(
            "Adresse électronique refusée : elle contient un retour à la ligne ou un "
            "caractère de contrôle."
        )
    name, address = parseaddr(value)
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError(f"Adresse électronique invalide : « {value} ».") from None
    name = header_text(name)
    return formataddr((name, address)) if name else address


def mailbox(name: str, address: str) -> str:
    """« Nom <adresse> », the name cleaned and the address checked."""
    _, plain = parseaddr(checked_address(address))
    name = header_text(name)
    return formataddr((name, plain)) if name else plain


@dataclass(frozen=True)
class Attachment:
    """A file joined to an e-mail."""

    name: str
    content: bytes
    mimetype: str = "application/octet-stream"


def fit_attachments(
    files: Iterable[T], *, size: Callable[[T], int], room: int = MAX_ATTACHMENTS_BYTES
) -> tuple[list[T], list[T]]:
    """The files that fit together in ``room`` bytes, taken in order (one too big is passed
    over for the next ones), and those left out. ``size`` tells a file's size: files can be
    chosen on their known size before they are read."""
    kept: list[T] = []
    left: list[T] = []
    for file in files:
        weight = size(file)
        if weight <= room:
            kept.append(file)
            room -= weight
        else:
            left.append(file)
    return kept, left


@dataclass(frozen=True)
class Email:
    """An e-mail to queue, as :func:`queue_email` takes it.

    ``recipient_can_open`` says the recipient can open ``about_url`` (they have an account
    that sees the page): it is then added to the text if the text does not show it. For
    someone without an account it is not: the e-mail carries what they need, and the
    address stays for the sender's page « Courriels non remis ».
    """

    to: Sequence[str]
    subject: str
    body: str
    sender: User | None = None
    about: str = ""
    about_url: str = ""
    attachments: Sequence[Attachment | tuple[str, bytes, str]] = field(default_factory=tuple)
    html: str | None = None
    reply_to: Sequence[str] | None = None
    recipient_can_open: bool = True


def _attachments(email: Email) -> list[Attachment]:
    attachments = [
        a if isinstance(a, Attachment) else Attachment(name=a[0], content=a[1], mimetype=a[2])
        for a in email.attachments
    ]
    if sum(len(a.content) for a in attachments) > MAX_ATTACHMENTS_BYTES:
        raise ValidationError(
            f"Pièces jointes trop lourdes : {MAX_ATTACHMENTS_BYTES // (1024 * 1024)} Mo au plus "
            "par courriel."
        )
    return [
        Attachment(
            name=header_text(a.name)[:255],
            content=a.content,
            mimetype=header_text(a.mimetype)[:255],
        )
        for a in attachments
    ]


def _message(email: Email, now: datetime.datetime) -> OutboxMessage:
    if not email.to:
        raise ValidationError("Aucun destinataire.")
    body = email.body
    if email.recipient_can_open and email.about_url and email.about_url not in body:
        # Every e-mail leads to the page it is about, for whoever can open it.
        body = f"{body.rstrip()}\n\n{email.about_url}\n"
    return OutboxMessage(
        to=[checked_address(a) for a in email.to],
        subject=header_text(email.subject)[:998],
        body=body,
        html=email.html or "",
        from_email=checked_address(settings.DEFAULT_FROM_EMAIL),
        reply_to=[checked_address(a) for a in email.reply_to or ()],
        sender=email.sender,
        about=header_text(email.about)[:300],
        about_url=email.about_url[:1000],
        status=OutboxStatus.A_ENVOYER,
        next_attempt_at=now,
        created_at=now,
    )


def _enqueue_sending() -> None:
    send_pending.enqueue()


def queue_emails(emails: Iterable[Email]) -> list[OutboxMessage]:
    """Write several e-mails to the outbox in the current transaction (one insert).

    They leave once the transaction commits, and not at all if it rolls back. Raises
    ValidationError (in French) for an address with a line break or not an address.
    """
    now = timezone.now()
    emails = list(emails)
    messages = [_message(email, now) for email in emails]
    if not messages:
        return []
    attachments = [_attachments(email) for email in emails]
    created = OutboxMessage.objects.bulk_create(messages)
    _store_attachments(created, attachments, now)
    # robust: a task queue that cannot be reached must not turn a committed save into an
    # error; the periodic run of the task sends the messages anyway.
    transaction.on_commit(_enqueue_sending, robust=True)
    return created


def _store_attachments(
    messages: Sequence[OutboxMessage],
    attachments: Sequence[Sequence[Attachment]],
    now: datetime.datetime,
) -> None:
    """Write the messages' attachments, each distinct content once for them all."""
    files: dict[bytes, OutboxFile] = {}
    for files_of_message in attachments:
        for a in files_of_message:
            digest = hashlib.sha256(a.content).digest()
            if digest not in files:
                files[digest] = OutboxFile(content=a.content, size=len(a.content), created_at=now)
    if not files:
        return
    OutboxFile.objects.bulk_create(files.values())
    OutboxAttachment.objects.bulk_create(
        OutboxAttachment(
            message=message,
            file=files[hashlib.sha256(a.content).digest()],
            name=a.name,
            mimetype=a.mimetype,
            position=position,
        )
        for message, files_of_message in zip(messages, attachments, strict=True)
        for position, a in enumerate(files_of_message)
    )


def queue_email(
    *,
    to: Sequence[str],
    subject: str,
    body: str,
    sender: User | None = None,
    about: str = "",
    about_url: str | None = None,
    attachments: Sequence[Attachment | tuple[str, bytes, str]] = (),
    html: str | None = None,
    reply_to: Sequence[str] | None = None,
    recipient_can_open: bool = True,
) -> OutboxMessage:
    """Write an e-mail to the outbox in the current transaction; it leaves after commit.

    ``to`` and ``reply_to`` are addresses, alone or as « Nom <adresse> »; ``sender`` is the
    user whose action causes the e-mail (they see it if it cannot be delivered); ``about``
    says in a few French words what it is about, ``about_url`` is the absolute address of
    that page (added to the text if the text does not show it, unless the recipient cannot
    open it: ``recipient_can_open=False``). Attachments weigh
    :data:`MAX_ATTACHMENTS_BYTES` at most in all. The subject and names are cleaned to one
    line; an address with a line break raises ValidationError.
    """
    return queue_emails(
        [
            Email(
                to=to,
                subject=subject,
                body=body,
                sender=sender,
                about=about,
                about_url=about_url or "",
                attachments=attachments,
                html=html,
                reply_to=reply_to,
                recipient_can_open=recipient_can_open,
            )
        ]
    )[0]


@transaction.atomic
def undelivered_dismiss(*, user: User, messages: QuerySet[OutboxMessage] | None = None) -> int:
    """Hide undelivered messages of the user from their page and banner (all, or some).

    Returns how many were dismissed; messages of others are never touched.
    """
    mine = undelivered_of(user)
    if messages is not None:
        mine = mine.filter(pk__in=messages.values("pk"))
    return mine.update(dismissed_at=timezone.now())
