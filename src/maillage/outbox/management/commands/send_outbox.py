"""Send the outbox's due messages now (the workers also do it every minute)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from maillage.outbox.enums import OutboxStatus
from maillage.outbox.models import OutboxMessage
from maillage.outbox.sending import send_due


class Command(BaseCommand):
    help = "Envoie maintenant les courriels en attente de la boîte d'envoi."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_due()
        waiting = OutboxMessage.objects.filter(status=OutboxStatus.A_ENVOYER).count()
        failed = OutboxMessage.objects.filter(status=OutboxStatus.ECHEC).count()
        self.stdout.write(
            f"{sent} courriel(s) envoyé(s) ; {waiting} en attente ; {failed} non remis."
        )
