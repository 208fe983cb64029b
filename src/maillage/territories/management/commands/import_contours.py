"""``manage.py import_contours``: the outlines of the communes, for the Cafs' maps."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.territories.contours import ContourImportError, import_contours


class Command(BaseCommand):
    help = (
        "Importe les contours des communes (GeoJSON) et réunit ceux des communes fusionnées "
        "depuis (idempotent, atomique). Le COG doit être importé avant."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--source",
            type=Path,
            default=settings.CONTOURS_FILE,
            help="Fichier GeoJSON (par défaut : les communes de la Savoie livrées avec Maillage).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = import_contours(options["source"])
        except ContourImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary())
