"""``manage.py worker``: run the background tasks, and enqueue the periodic ones."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from maillage.jobs.services import Scheduler


class Command(DatabaseWorkerCommand):
    help = (
        "Exécute les tâches en arrière-plan (documents, imports, courriels) et programme "
        "les tâches périodiques. Lancez-en autant que nécessaire, sur une ou plusieurs "
        "machines partageant la base de données."
    )

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="Ne pas programmer les tâches périodiques depuis ce processus.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scheduler = None
        if not options.pop("no_schedule") and not options.get("batch"):
            scheduler = Scheduler()
            scheduler.start()
        try:
            super().handle(*args, **options)
        finally:
            if scheduler is not None:
                scheduler.stop()
