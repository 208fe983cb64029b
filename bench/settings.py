"""Settings of ``make bench``: the test settings, pointed at the benchmark database.

The database is ``DATABASE_URL`` when it is set (e.g. PostgreSQL), otherwise the SQLite
file ``bench/var/bench.sqlite3`` — never the development database.
"""

import os
from pathlib import Path

import dj_database_url

from maillage.settings.test import *  # noqa: F403

BENCH_DIR = Path(__file__).resolve().parent
BENCH_SQLITE = BENCH_DIR / "var" / "bench.sqlite3"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BENCH_SQLITE}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "bench.urls"

# Production's password hasher (the test settings use MD5): the generator computes a
# single hash for every user, so the realistic cost is paid once.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]

# The timed loop logs users in many times: keep the security log lines out of the table.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "loggers": {"maillage.security": {"handlers": ["null"], "propagate": False}},
}
