"""Faultline's one settings module: every knob is an environment variable (.env.example)."""

import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
import django_stubs_ext
import xstatic.pkg.bootstrap
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str, env_url

# Lets annotations such as UserCreationForm[User] work at run time, not only in mypy.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", True)


def _secret(name: str, key: str, *, development_file: str) -> str:
    if key:
        _check_secret(name, key)
        return key
    if not DEBUG:
        raise ImproperlyConfigured(f"{name} must be set when DEBUG is off.")
    # In development a key is made once and kept under var/, so that sessions and
    # personal links survive a restart without a secret ever being committed.
    key_file = VAR_DIR / development_file
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


def _check_secret(name: str, key: str) -> None:
    if not DEBUG and (len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure")):
        raise ImproperlyConfigured(f"{name} must be at least 50 random characters when DEBUG is off.")


def _secret_key_fallbacks() -> list[str]:
    keys = env_list("SECRET_KEY_FALLBACKS", [])
    for key in keys:
        _check_secret("Each key of SECRET_KEY_FALLBACKS", key)
    return keys


SECRET_KEY = _secret("SECRET_KEY", env_str("SECRET_KEY", ""), development_file="dev-secret-key")
# Former SECRET_KEYs, still accepted (never used to sign) after a rotation: sessions,
# password-reset links and report share links made with them keep working.
SECRET_KEY_FALLBACKS = _secret_key_fallbacks()
# The key of the respondent hash (surveys/tokens.py), apart from SECRET_KEY: changing it
# would cut every draft off from its link, so rotating SECRET_KEY must not change it.
RESPONDENT_KEY_SECRET = _secret(
    "RESPONDENT_KEY_SECRET", env_str("RESPONDENT_KEY_SECRET", ""), development_file="dev-respondent-key-secret"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000", schemes=("http", "https"))
CSRF_TRUSTED_ORIGINS = [SITE_URL]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "outbox",
    "surveys",
    "reports",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

MIDDLEWARE = [
    "config.proxy.ForwardedForMiddleware",
    "config.logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "api.middleware.ApiNoStoreMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "surveys.context_processors.navigation",
            ],
        },
    },
]


def _databases() -> dict[str, dict[str, object]]:
    url = env_url(
        "DATABASE_URL",
        f"sqlite:///{VAR_DIR / 'faultline.sqlite3'}",
        schemes=("sqlite", "postgres", "postgresql"),
    )
    database: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=env_int("CONN_MAX_AGE", 0)))
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # Concurrent writers (web, worker, beat) need WAL, IMMEDIATE transactions and a
        # busy timeout; a test asserts that these options reach the connection.
        database["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        # Tests use a file, not memory, so that a real worker process can share it.
        database["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    return {"default": database}


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_url("REDIS_URL", "redis://127.0.0.1:6379/0", schemes=("redis", "rediss", "unix"))
# The cache keeps to a database of its own, so that clearing it never touches the queues.
REDIS_CACHE_URL = env_url(
    "REDIS_CACHE_URL", urlunsplit(urlsplit(REDIS_URL)._replace(path="/1")), schemes=("redis", "rediss", "unix")
)
CACHES = {
    # Redis, the broker already, is shared by every process: rate-limit counters live there.
    # Short timeouts, because the rate limiter lets requests through when Redis is down.
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_CACHE_URL,
        "KEY_PREFIX": "faultline",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "surveys:list"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # seconds: one day

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static", ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR)]
STORAGES = {
    "default": {"BACKEND": env_str("FILE_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: printed on the console in development; SMTP (or any backend) by environment.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "outbox"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)  # seconds
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Faultline <faultline@localhost>")
# A delivered e-mail's body is cleared (privacy.md: no link token stays in the outbox), except
# in development, where the development e-mail page (/dev/emails/) shows it with its links.
OUTBOX_KEEP_DELIVERED_BODIES = env_bool("OUTBOX_KEEP_DELIVERED_BODIES", DEBUG)
if OUTBOX_KEEP_DELIVERED_BODIES and not DEBUG:
    raise ImproperlyConfigured("OUTBOX_KEEP_DELIVERED_BODIES can be on only with DEBUG: bodies hold link tokens.")

# Background work: Redis is the broker; every job is also recorded in the database, so
# that the beat sweepers can publish again whatever a broker outage lost.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=1)  # seconds
CELERY_BROKER_URL = REDIS_URL
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2  # seconds
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240, minimum=1)  # seconds
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300, minimum=2)  # seconds
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "email-sweep": {"task": "outbox.tasks.email_sweep", "schedule": 60.0},
    "reports-sweep": {"task": "reports.tasks.reports_sweep", "schedule": 30.0},
    "surveys-close-due": {"task": "surveys.tasks.surveys_close_due", "schedule": 15 * 60.0},  # seconds
    # Checked every 5 minutes; the batch claims an hour in Redis, so it runs at most hourly.
    "webhooks-sweep": {"task": "api.tasks.webhooks_sweep", "schedule": 5 * 60.0},  # seconds
    "invitations-record-pending": {"task": "surveys.tasks.invitations_record_pending_task", "schedule": 5 * 60.0},
    # Hourly: a reminder due at 9:00 goes out within the hour; each is claimed once.
    "reminders-send-scheduled": {"task": "surveys.tasks.reminders_send_scheduled_task", "schedule": 60 * 60.0},
    # An action's owner is e-mailed once on its due day. Checked hourly rather than once a day,
    # so that a beat down at one moment, or an action added that morning and due the same day,
    # still gets its e-mail that day; the claim makes the other runs send nothing.
    "actions-email-due": {"task": "reports.tasks.actions_email_due", "schedule": 60 * 60.0},  # seconds
}
# How long a claimed job may go without a heartbeat before a sweeper takes it back.
JOB_STALE_AFTER = env_int("JOB_STALE_AFTER", 120, minimum=5)  # seconds
# Report jobs: past the soft limit a render fails with a message; at the hard limit its
# process is killed and the sweeper takes the job back (at most REPORT_MAX_ATTEMPTS claims).
REPORT_SOFT_TIME_LIMIT = env_int("REPORT_SOFT_TIME_LIMIT", 180, minimum=1)  # seconds
REPORT_TIME_LIMIT = env_int("REPORT_TIME_LIMIT", 210, minimum=2)  # seconds
REPORT_MAX_ATTEMPTS = env_int("REPORT_MAX_ATTEMPTS", 3, minimum=1)
REPORT_QUEUED_MAX_AGE = env_int("REPORT_QUEUED_MAX_AGE", 24 * 60 * 60, minimum=60)  # seconds: a day
# The function that turns a report's data into a PDF; tests point the worker at a slow or
# failing wrapper of it (tests/support/report_renderers.py).
REPORT_RENDERER = env_str("REPORT_RENDERER", "reports.pdf.report_pdf")

# Security: secure defaults whenever DEBUG is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Reverse proxies whose X-Forwarded-For names the client (config/proxy.py), so that rate
# limits count each client, not the proxy; gunicorn reads the same variable.
FORWARDED_ALLOW_IPS = env_list("FORWARDED_ALLOW_IPS", ["127.0.0.1", "::1"])
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)  # seconds: a year
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# A form without its token is bad input: a 400 with one sentence (config/csrf.py).
CSRF_FAILURE_VIEW = "config.csrf.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# The REST API (issue 16): personal tokens only (no session, so no CSRF to think about),
# RFC 9457 problem details for every error, cursor pagination, the OpenAPI schema.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.authentication.ApiTokenRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.IdCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Faultline API",
    "DESCRIPTION": "Run survey rounds, read published results and fetch reports from your own tooling.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    # Swagger UI and Redoc from the installed sidecar package: no CDN (the CSP allows 'self').
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "SurveyStatusEnum": "surveys.models.Survey.Status",
        "ActionStatusEnum": "reports.models.Action.Status",
        "ReportStateEnum": "reports.models.ReportJob.State",
    },
}
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 120, minimum=1)  # requests a minute, per token
# Webhooks refuse private, loopback and link-local addresses (SSRF) unless this is on.
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False)
WEBHOOK_TIMEOUT = env_int("WEBHOOK_TIMEOUT", 10, minimum=1)  # seconds per attempt
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 6, minimum=1)
WEBHOOK_DISABLE_AFTER = env_int("WEBHOOK_DISABLE_AFTER", 5, minimum=1)  # deliveries failed in a row
WEBHOOK_RETRY_BASE = env_int("WEBHOOK_RETRY_BASE", 30, minimum=1)  # seconds before the first retry; doubles

LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "config.logging.RequestIdFilter"},
        "redact_secrets": {"()": "config.logging.SecretRedactingFilter"},
    },
    "formatters": {
        "json": {"()": "config.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "redact_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # WeasyPrint logs refused URLs and missing images here; without a handler they vanish.
        "weasyprint": {"level": "WARNING"},
        # Django's own default handlers would print its lines a second time, unredacted.
        "django": {"handlers": [], "level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
        # The development server's access lines go through our handler, so tokens are redacted.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'text' or 'json', not {LOG_FORMAT!r}.")
