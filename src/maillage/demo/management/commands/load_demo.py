"""``manage.py load_demo``: the Caf de la Savoie demo (idempotent)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.demo.data.ctgs import DEMO_PASSWORD
from maillage.demo.load import load_demo


class Command(BaseCommand):
    help = "Charge la démonstration : Caf de la Savoie, 18 CTG, personnes fictives."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--port", type=int, default=8000, help="Port du serveur à indiquer (8000 par défaut)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "DEMO_ALLOWED", False):
            raise CommandError("La démonstration ne se charge pas avec ces réglages (production).")
        logins = load_demo()
        self.stdout.write(self.style.SUCCESS("Démonstration prête : Caf de la Savoie, 18 CTG."))
        self.stdout.write("")
        port = options["port"]
        self.stdout.write(f"Connectez-vous sur http://127.0.0.1:{port} avec l'un de ces comptes,")
        self.stdout.write(f"mot de passe commun : {DEMO_PASSWORD}")
        self.stdout.write("")
        width = max(len(login.email) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.email.ljust(width)}  {login.role} — {login.scope}")
