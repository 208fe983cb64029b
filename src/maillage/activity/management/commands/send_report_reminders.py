"""Remind the CDCs of the annual report's due date (run once a day)."""

from django.core.management.base import BaseCommand

from maillage.activity.notifications import send_report_reminders


class Command(BaseCommand):
    help = "Rappelle aux chargés de coopération l'échéance du rapport d'activité (chaque jour)."

    def handle(self, *args: object, **options: object) -> None:
        sent = send_report_reminders()
        self.stdout.write(f"{sent} rappel(s) envoyé(s).")
