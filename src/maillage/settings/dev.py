"""Local development: the demo served by ``make run``."""

from .base import *  # noqa: F403

DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DEMO_ALLOWED = True
