"""``manage.py schedule``: only enqueue the periodic tasks, for workers that are not ours."""

from __future__ import annotations

import signal
from typing import Any

from django.core.management.base import BaseCommand

from maillage.jobs.services import Scheduler


class Command(BaseCommand):
    help = (
        "Programme les tâches périodiques sans exécuter de tâche : utile quand les tâches "
        "sont exécutées par d'autres workers (RQ sur Redis)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        scheduler = Scheduler()
        signal.signal(signal.SIGTERM, lambda *_: scheduler.stopped.set())
        scheduler.start()
        try:
            while scheduler.is_alive():
                scheduler.join(timeout=1)
        except KeyboardInterrupt:
            pass
        finally:
            scheduler.stop()
