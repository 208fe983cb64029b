"""Settings shared by every environment.

The database is chosen by ``DATABASE_URL`` (an SQLite file in the project folder by
default); PostgreSQL is used in production.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = SRC_DIR.parent.parent
NODE_MODULES = BASE_DIR / "node_modules"

SECRET_KEY = os.environ.get(
    "SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789"
)
DEBUG = False
ALLOWED_HOSTS: list[str] = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "maillage.core",
    "maillage.territories",
    "maillage.accounts",
    "maillage.organisations",
    "maillage.jobs",
    "maillage.outbox",
    "maillage.conventions",
    "maillage.plans",
    "maillage.indicators",
    "maillage.network",
    "maillage.governance",
    "maillage.departement",
    "maillage.activity",
    "maillage.web",
    "maillage.demo",
]

MIDDLEWARE = [
    # First, so that every log line of the request carries its id.
    "maillage.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "maillage.core.middleware.NullCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, which reads the form: an oversized body is refused unread (413).
    "maillage.core.uploads.MaxBodyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "maillage.accounts.middleware.TwoFactorMiddleware",
    "csp.middleware.CSPMiddleware",
    "maillage.core.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the responses of every view (lockout after failed logins).
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "maillage.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Brute force: 5 failures on one account from one address lock that pair for 15 minutes,
# and 50 failures from one address, across accounts, lock the address. Locking the pair
# keeps strangers from locking an account, or a whole office behind one address, on demand.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "maillage.accounts.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "maillage.accounts.client_ip.client_ip"
LOGIN_FAILURE_LIMIT_PER_ADDRESS = 50
# Proxies in front of the application that append the client's address to X-Forwarded-For.
TRUSTED_PROXY_COUNT = 0
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "maillage.accounts.backends.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False

# Content-Security-Policy: no inline script or style without the per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

OTP_TOTP_ISSUER = "Maillage"

ROOT_URLCONF = "maillage.urls"
WSGI_APPLICATION = "maillage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "maillage.web.context_processors.navigation",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'maillage.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Simultaneous writers queue instead of failing with « database is locked »: each
    # transaction takes the write lock when it begins (a deferred one that reads first and
    # writes later cannot wait for it), waits up to 20 s for it, and WAL lets readers go on
    # while one writes. The pragma is per file but set on every connection, harmlessly.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Argon2 first: new passwords, and old ones at their next login, are hashed with it (Django
# rehashes on a successful check); the former default hashers still read older hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 7  # invitation and reset links: one week

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

# Uploaded files: stored under generated names, served only through permission-checked views.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
# Form fields other than files; also the body limit of views that take no file
# (core.uploads.MaxBodyMiddleware). Views that take files declare theirs (max_body).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
# Larger uploaded files go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
# Front-end assets come from the npm registry (package.json), served from node_modules.
STATICFILES_DIRS = [
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/tom-select", NODE_MODULES / "tom-select" / "dist"),
]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 2  # idle timeout: two hours
SESSION_SAVE_EVERY_REQUEST = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The outbox's worker gives up on a silent SMTP server after this many seconds (and retries
# later) rather than waiting forever.
EMAIL_TIMEOUT = 30
# The address of Maillage as its users reach it: e-mails link to their pages with it.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Background tasks (documents, imports, e-mails): stored in the database, run by
# ``manage.py worker`` on as many machines as share the database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DEFAULT_FROM_EMAIL = "Maillage <ne-pas-repondre@maillage.example.org>"

# The COG files shipped with the project (Savoie) — see territories/data/README.md.
COG_DATA_DIR = SRC_DIR / "territories" / "data" / "cog-73"
CONTOURS_FILE = SRC_DIR / "territories" / "data" / "geo-73" / "communes-73-savoie.geojson"

# A strategic partner without any interaction for this many months is listed as silent.
MAILLAGE_PARTNER_SILENCE_MONTHS = 6

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "maillage.core.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "loggers": {
        "maillage.security": {"handlers": ["console"], "level": "INFO"},
    },
}
