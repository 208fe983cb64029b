"""The e-mail outbox: every message Maillage sends, written with the change that causes it."""

from __future__ import annotations

import base64
import uuid
from typing import Any

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
    # [{"name": ..., "mimetype": ..., "content": base64}]: a few small files (.ics).
    attachments = models.JSONField("pièces jointes", default=list, blank=True)
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
        """The attachments as (name, content, mimetype), as Django's e-mails take them."""
        return [
            (a["name"], base64.b64decode(a["content"]), a["mimetype"]) for a in self.attachments
        ]

    @staticmethod
    def stored_attachment(name: str, content: bytes, mimetype: str) -> dict[str, Any]:
        return {
            "name": name,
            "mimetype": mimetype,
            "content": base64.b64encode(content).decode("ascii"),
        }
