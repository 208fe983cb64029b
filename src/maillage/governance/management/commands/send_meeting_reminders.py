"""Remind invitees of the convened meetings that start soon (run it, say, every hour)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from maillage.governance.services import send_due_reminders


class Command(BaseCommand):
    help = "Envoie un rappel aux invités des réunions qui commencent bientôt (une fois)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jours", type=int, default=2, help="Horizon en jours (2).")

    def handle(self, *args: Any, **options: Any) -> None:
        count = send_due_reminders(days=options["jours"])
        self.stdout.write(f"{count} réunion(s) rappelée(s).")
