"""A copy of the whole test database, taken once and restored in a fraction of a second.

SQLite copies the database with its online backup API. PostgreSQL keeps a copy of every
table in a schema of its own and copies the rows back within the server, then sets each
sequence to where it stood, so that a restored database hands out the same keys again.

On PostgreSQL a table is emptied with DELETE, not TRUNCATE: for the demo's few thousand
rows in a hundred tables, TRUNCATE takes seconds (new files for every table and index)
where DELETE takes a fraction of one. Django's foreign keys are deferred there, so the
order of the tables does not matter within one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

SCHEMA = "test_snapshot"


class DatabaseSnapshot:
    """The database as it was when taken; ``restore`` brings it back, committed."""

    def __init__(self, connection: BaseDatabaseWrapper, logins: Any) -> None:
        self.connection = connection
        self.logins = logins
        self.copy: sqlite3.Connection | None = None
        self.tables: list[str] = []
        self.sequences: list[tuple[str, int | None]] = []

    @classmethod
    def take(cls, connection: BaseDatabaseWrapper, logins: Any = None) -> DatabaseSnapshot:
        snapshot = cls(connection, logins)
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            snapshot.copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(snapshot.copy)
        elif connection.vendor == "postgresql":
            snapshot._take_postgresql()
        else:
            raise NotImplementedError(f"pas de copie de base pour {connection.vendor}")
        return snapshot

    def _take_postgresql(self) -> None:
        quote = self.connection.ops.quote_name
        self.tables = [
            t for t in self.connection.introspection.table_names() if t != "django_migrations"
        ]
        with transaction.atomic(), self.connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SCHEMA}")
            for table in self.tables:
                cursor.execute(f"CREATE TABLE {SCHEMA}.{quote(table)} AS TABLE {quote(table)}")
            cursor.execute(
                "SELECT sequencename, last_value FROM pg_sequences "
                "WHERE schemaname = current_schema()"
            )
            self.sequences = cursor.fetchall()

    def restore(self) -> None:
        """Put the database back as it was when the snapshot was taken."""
        self.connection.ensure_connection()
        if self.copy is not None:
            self.copy.backup(self.connection.connection)
            return
        quote = self.connection.ops.quote_name
        with transaction.atomic(), self.connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(f"DELETE FROM {quote(table)}")
            for table in self.tables:
                cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {SCHEMA}.{quote(table)}")
            for sequence, last_value in self.sequences:
                cursor.execute(
                    "SELECT setval(%s, %s, %s)",
                    [quote(sequence), last_value or 1, last_value is not None],
                )

    def drop(self) -> None:
        if self.copy is not None:
            self.copy.close()
            return
        with self.connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")


@contextmanager
def flush_by_delete(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Django's ``flush`` (run after each transactional test) empties PostgreSQL's tables
    with DELETE: the same empty tables, without TRUNCATE's seconds (see above)."""
    if connection.vendor != "postgresql":
        yield
        return
    operations = type(connection.ops)
    truncate = operations.sql_flush

    def sql_flush(ops, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences:
            return truncate(
                ops, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [f"DELETE FROM {ops.quote_name(table)};" for table in tables]

    with mock.patch.object(operations, "sql_flush", sql_flush):
        yield
