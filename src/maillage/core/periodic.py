"""Tasks that run on a schedule (clean-ups, recoveries, retries).

A module declares one with :func:`periodic` on a task of its ``tasks`` module::

    @periodic(every=datetime.timedelta(hours=1))
    @task()
    def remove_expired_files() -> None: ...

The workers (``manage.py worker``) enqueue each periodic task when it is due. However many
workers run, on however many machines, a task is enqueued once per period: the last run
is claimed in the database with a compare-and-set.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Periodic:
    """A task and how often it runs."""

    name: str
    task: Any  # a django_tasks Task without arguments
    every: datetime.timedelta


SCHEDULE: dict[str, Periodic] = {}


def periodic(every: datetime.timedelta) -> Callable[[T], T]:
    """Declare a task (without arguments) to run every ``every``."""

    def register(task: T) -> T:
        name = getattr(task, "module_path", None) or repr(task)
        SCHEDULE[name] = Periodic(name=name, task=task, every=every)
        return task

    return register
