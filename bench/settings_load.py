"""Settings of ``make load``: production-like, served on the loopback, with the demo.

The production settings (whitenoise, manifest static files, PBKDF2, security headers)
with what plain HTTP on 127.0.0.1 needs: no HTTPS redirect, no secure-only cookies.
``SECRET_KEY`` and ``DATABASE_URL`` come from the Makefile target.
"""

import os

os.environ.setdefault("SECRET_KEY", "load-test-only-" + "x" * 40)

from maillage.settings.production import *  # noqa: E402, F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
DEMO_ALLOWED = True

# Plain HTTP on the loopback: no redirect to HTTPS, cookies sent without TLS.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# collectstatic writes into a temporary folder that whitenoise then serves.
STATIC_ROOT = os.environ.get("STATIC_ROOT") or STATIC_ROOT  # noqa: F405

# Every simulated user logs in from 127.0.0.1: the test measures the application, not the
# brute-force lockout, and one accidental failure would otherwise count against the single
# loopback address shared by all 50 users.
AXES_ENABLED = False

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"maillage.security": {"handlers": ["console"], "level": "WARNING"}},
}
