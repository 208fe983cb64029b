"""Simultaneous requests in tests: threads released together, each with its own connection.

Such tests are transactional (``django_db(transaction=True)``): each thread commits, and
the others must see it. They ask for ``file_database`` so that SQLite behaves as in
production: Django's in-memory test database is one cache shared by the threads, whose
table locks fail at once (« database table is locked ») instead of waiting their turn.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections

THREADS = 8


@pytest.fixture
def file_database(transactional_db, tmp_path) -> Iterator[None]:
    """On SQLite, the test runs on a file copy of the test database (PostgreSQL: as is)."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    # Kept open: an in-memory database lives as long as one of its connections.
    memory = connections[DEFAULT_DB_ALIAS]
    memory.ensure_connection()
    path = tmp_path / "concurrency.sqlite3"
    copy = sqlite3.connect(path)
    memory.connection.backup(copy)
    copy.close()
    settings = connections.settings[DEFAULT_DB_ALIAS]
    name = settings["NAME"]
    settings["NAME"] = str(path)  # the threads' connections are made from these settings
    on_file = connections.create_connection(DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = on_file
    try:
        yield
    finally:
        on_file.close()
        settings["NAME"] = name
        connections[DEFAULT_DB_ALIAS] = memory


def run_together(task: Callable[[int], object], count: int = THREADS) -> list[object]:
    """Run ``task(i)`` in ``count`` threads released at the same moment; return each outcome.

    An exception is returned as the thread's outcome rather than lost; each thread closes
    its connection at its end.
    """
    barrier = threading.Barrier(count)
    outcomes: list[object] = [None] * count

    def work(i: int) -> None:
        try:
            barrier.wait()
            outcomes[i] = task(i)
        except Exception as exc:
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def failures(outcomes: list[object]) -> list[Exception]:
    """The outcomes that are exceptions."""
    return [o for o in outcomes if isinstance(o, Exception)]
