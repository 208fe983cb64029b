"""``manage.py import_cog``: import the Code officiel géographique."""

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from maillage.territories.services import CogImportError, import_cog


class Command(BaseCommand):
    help = (
        "Importe les départements, EPCI et communes depuis les fichiers JSON de "
        "@etalab/decoupage-administratif (idempotent, atomique)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--source",
            type=Path,
            default=settings.COG_DATA_DIR,
            help="Dossier contenant departements.json, communes.json et epci.json "
            "(par défaut : le sous-ensemble Savoie livré avec Maillage).",
        )
        parser.add_argument(
            "--departement",
            default=None,
            help="Code INSEE d'un département (ex. 73) ; sans cette option : toute la France.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Sans barre de progression.")

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["no_progress"] or options["verbosity"] == 0

        def progress(items: Iterable[Any], label: str, total: int) -> Iterator[Any]:
            yield from tqdm(items, desc=label, total=total, disable=quiet, file=self.stderr)

        # tqdm redraws its bar with "\r": the wrapper must not end each write with a newline.
        ending, self.stderr.ending = self.stderr.ending, ""
        try:
            report = import_cog(
                source=options["source"], departement=options["departement"], progress=progress
            )
        except CogImportError as exc:
            raise CommandError(f"{exc} Aucune donnée n'a été importée.") from exc
        finally:
            self.stderr.ending = ending
        self.stdout.write(self.style.SUCCESS(f"Import terminé — {report.summary()}"))
