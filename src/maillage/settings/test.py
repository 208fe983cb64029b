"""Test settings: fast hashing, in-memory e-mail, same database selection as base."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEMO_ALLOWED = True

# Uploaded files of the tests go to a temporary folder, never into the project.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="maillage-media-"))

# The live server answers each browser request in a thread of its own: a persistent
# connection would outlive that thread and keep PostgreSQL from dropping the test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# Tasks run at once, in the request that enqueues them; the tests of the workers switch
# to the database backend and run a real worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SITE_URL = "http://testserver"
