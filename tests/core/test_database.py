"""The SQLite connection settings that let simultaneous writers queue instead of failing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="réglages propres à SQLite")


def test_every_sqlite_connection_uses_wal_a_busy_timeout_and_immediate_transactions(
    tmp_path, django_db_blocker
):
    settings_dict = {**connection.settings_dict, "NAME": str(tmp_path / "maillage.sqlite3")}
    wrapper = DatabaseWrapper(settings_dict, alias="essai")
    try:
        with django_db_blocker.unblock(), wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 20_000
        assert wrapper.transaction_mode == "IMMEDIATE"
    finally:
        wrapper.close()
