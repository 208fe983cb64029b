"""The e-mail outbox: every message Maillage sends, written with the change that causes it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .enums import OutboxStatus


class OutboxMessage(models.Model):
    """One e-mail waiting to leave, sent, or given up after its last attempt."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    to = models.JSONField("destinataires", default=list)
    subject = models.CharField("objet", max_length=998)
    body = models.TextField("texte")
    html = models.TextField("texte HTML", blank=True)
    from_email = models.CharField("expéditeur", max_length=400)
    reply_to = models.JSONField("réponse à", default=list, blank=True)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbox_messages",
        verbose_name="envoyé par",
    )
    about = models.CharField("à propos de", max_length=300, blank=True)
    about_url = models.URLField("page concernée", max_length=1000, blank=True)
    status = models.CharField(
        "état", max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.A_ENVOYER
    )
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    next_attempt_at = models.DateTimeField("prochaine tentative", default=timezone.now)
    # Set by the compare-and-set that hands a batch to one worker.
    claim = models.CharField(max_length=32, blank=True, editable=False)
    last_error = models.TextField("dernière erreur", blank=True)
    created_at = models.DateTimeField("écrit le", default=timezone.now)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)
    dismissed_at = models.DateTimeField("masqué le", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "courriel sortant"
        verbose_name_plural = "courriels sortants"
        indexes = [
            # The banner and the page « Courriels non remis » of the sender.
            models.Index(
                fields=["sender", "created_at"],
                condition=Q(status=OutboxStatus.ECHEC, dismissed_at__isnull=True),
                name="outbox_undelivered_by_sender",
            ),
            # What the sending task takes next.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status=OutboxStatus.A_ENVOYER),
                name="outbox_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"

    @property
    def is_failed(self) -> bool:
        return self.status == OutboxStatus.ECHEC

    @property
    def is_sent(self) -> bool:
        return self.status == OutboxStatus.ENVOYE

    def attachment_files(self) -> list[tuple[str, bytes, str]]:
        """The attachments as (name, content, mimetype), as Django's e-mails take them: read
        when the message is sent, one message at a time (one query)."""
        return [
            (a.name, bytes(a.file.content), a.mimetype)
            for a in self.attachments.select_related("file")
        ]


class OutboxFile(models.Model):
    """The content of a file joined to e-mails, stored once for every message of the same
    sending that carries it (a meeting's documents, sent to each of its contacts).

    Kept in the database, with the messages: written and rolled back with them, there for
    every retry; deleted with the last message that carries it (``sending.purge``).
    """

    content = models.BinaryField("contenu")
    size = models.PositiveIntegerField("taille (octets)")
    created_at = models.DateTimeField("écrit le", default=timezone.now)

    class Meta:
        verbose_name = "fichier joint"
        verbose_name_plural = "fichiers joints"

    def __str__(self) -> str:
        return f"{self.size} octets"


class OutboxAttachment(models.Model):
    """A file joined to a message, under its name and type, in its place among the others."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="attachments")
    # PROTECT: a file goes only once no message carries it.
    file = models.ForeignKey(OutboxFile, on_delete=models.PROTECT, related_name="attachments")
    name = models.CharField("nom", max_length=255)
    mimetype = models.CharField("type", max_length=255)
    position = models.PositiveSmallIntegerField("rang")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        constraints = [
            models.UniqueConstraint(fields=["message", "position"], name="outbox_attachment_place")
        ]

    def __str__(self) -> str:
        return self.name
