"""Sifa settings: one module, read from environment variables (SIFA_* defaults: sifa_settings).

Development defaults are safe for a laptop (SQLite, DEBUG on, a fixed development key).
Production sets DEBUG=0 and must provide SECRET_KEY, SIFA_DATA_KEY, ALLOWED_HOSTS and
DATABASE_URL; `config.settings_production` adds the HTTPS hardening on top of this module.
"""

import base64
import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.sifa_settings import default

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("DEBUG", True)

# A fixed key is only acceptable for development; production refuses to start without one.
_DEV_SECRET_KEY = "dev-only-insecure-key-0123456789-sifa-do-not-use-in-production"  # noqa: S105 (development only)
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

# SIFA_DATA_KEY: 32 bytes, base64, for AES-GCM encryption of ID and phone numbers and for the
# keyed hash (blind index) that makes exact search possible. Losing it loses those fields.
_DEV_DATA_KEY = base64.b64encode(b"sifa-development-data-key-32byte").decode()
SIFA_DATA_KEY = os.environ.get("SIFA_DATA_KEY", _DEV_DATA_KEY if DEBUG else "")
if not SIFA_DATA_KEY:
    raise ImproperlyConfigured("SIFA_DATA_KEY must be set when DEBUG is off.")
# SIFA_DATA_KEY_PREVIOUS: the key being replaced, set only while `manage.py rotate_data_key`
# re-encrypts the data with SIFA_DATA_KEY (values of both keys are read meanwhile).
SIFA_DATA_KEY_PREVIOUS = os.environ.get("SIFA_DATA_KEY_PREVIOUS", "")

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    # The admin site asks the separation-of-duties rule who may enter (not is_staff).
    "sifa.accounts.apps.SifaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "treebeard",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes (恢复码)
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "sifa.core",
    "sifa.accounts",
    "sifa.orgs",
    "sifa.people",
    "sifa.audit",
    "sifa.stats",
    "sifa.reports",
    "sifa.mediation",
    "sifa.legalaid",
    "sifa.corrections",
    "sifa.resettlement",
    "sifa.practice",
    "sifa.notary",
    "sifa.forensic",
    "sifa.frontdesk",
    "sifa.publicity",
    "sifa.hotline",
    "sifa.assessment",
    "sifa.api",
    "sifa.shell",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (SECURE_CSP below): scripts only from Sifa or with the nonce.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Production serves collected static files itself (no CDN, no separate web server needed);
    # in development runserver serves them from STATICFILES_DIRS.
    *([] if DEBUG else ["whitenoise.middleware.WhiteNoiseMiddleware"]),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sifa.accounts.middleware.IdleTimeoutMiddleware",
    "sifa.accounts.middleware.RequireTwoFactorMiddleware",
    "sifa.accounts.middleware.RequirePasswordChangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A control character (NUL …) in the URL or query: 400 with a Chinese message, never 500.
    "sifa.core.middleware.RefuseControlCharactersMiddleware",
    # Inside the login, idle-timeout and 2FA checks: their redirects are not a saved form.
    "sifa.core.submissions.OnceOnlySubmissionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # AxesMiddleware must be last: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",  # {{ csp_nonce }} for inline scripts
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sifa.shell.context_processors.shell",
            ],
        },
    },
]

# Selects drawn in Python: the markup of Django's templates, faster (sifa/core/form_renderer.py).
FORM_RENDERER = "sifa.core.form_renderer.KitFormRenderer"

# Content-Security-Policy (docs/security.md): no inline script runs without the per-response
# nonce, so injected markup cannot run script; everything is served by Sifa itself (no CDN).
# Styles keep 'unsafe-inline': Bootstrap, ECharts and htmx set style attributes; a style cannot
# run script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while a long import writes. IMMEDIATE transactions take the
    # write lock when they begin, and concurrent writers wait for it (timeout, seconds) instead
    # of failing with "database is locked" halfway (bench/README.md, 社区矫正 at scale).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL;", transaction_mode="IMMEDIATE", timeout=20
    )

# --- read replica and shared cache (docs/caching.md) ------------------------------------------
# DATABASE_REPLICA_URL: a streaming replica of DATABASE_URL. Report, dashboard, export and API
# statistics reads of GET requests go to it (sifa.core.replica); writes, and every read of a
# write request or inside a transaction, stay on the primary. In tests the alias mirrors default.
# Without the variable the router and the middleware send every query to the one database.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"], conn_max_age=env_int("DB_CONN_MAX_AGE", 0)
        ),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["sifa.core.replica.ReplicaRouter"]
MIDDLEWARE.insert(  # after the session and the user are read (from the primary)
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "sifa.core.replica.ReplicaReadsMiddleware",
)


def redis_cache(url: str) -> dict:
    """The cache every server process and the worker share (Django's Redis backend): rate
    limits, the API's per-client limits and cached figures count the same in each of them."""
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "sifa",
    }


# The SQLite demo keeps Django's local-memory cache (one process); REDIS_URL switches to Redis
# (config.settings_production defaults it to redis://127.0.0.1:6379/1).
if os.environ.get("REDIS_URL"):
    CACHES = {"default": redis_cache(os.environ["REDIS_URL"])}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # An address with too many failures, then a locked-out account: both refused before the
    # password is checked.
    "sifa.accounts.lockout.AddressLockoutBackend",
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend's password check; admin permissions from roles only (三权分立).
    "sifa.accounts.backends.RolePermissionBackend",
]

# Password policy: length >= SIFA_PASSWORD_MIN_LENGTH and at least SIFA_PASSWORD_MIN_CLASSES of
# the four character classes (upper, lower, digit, symbol).
SIFA_PASSWORD_MIN_LENGTH = env_int("SIFA_PASSWORD_MIN_LENGTH", default("SIFA_PASSWORD_MIN_LENGTH"))
SIFA_PASSWORD_MIN_CLASSES = env_int(
    "SIFA_PASSWORD_MIN_CLASSES", default("SIFA_PASSWORD_MIN_CLASSES")
)
# None of the user's last SIFA_PASSWORD_HISTORY passwords may be chosen again.
SIFA_PASSWORD_HISTORY = env_int("SIFA_PASSWORD_HISTORY", default("SIFA_PASSWORD_HISTORY"))
# The validators are Django's with Chinese messages, plus the character-class and history rules.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "sifa.accounts.validators.UserAttributeSimilarityValidator"},
    {
        "NAME": "sifa.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": SIFA_PASSWORD_MIN_LENGTH},
    },
    {
        "NAME": "sifa.accounts.validators.CharacterClassValidator",
        "OPTIONS": {"min_classes": SIFA_PASSWORD_MIN_CLASSES},
    },
    {"NAME": "sifa.accounts.validators.CommonPasswordValidator"},
    {"NAME": "sifa.accounts.validators.PasswordHistoryValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "shell:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# The reverse proxies in front of Sifa (addresses or networks, comma-separated): only a request
# from one of them has its client address taken from X-Forwarded-For (sifa.accounts.events).
SIFA_TRUSTED_PROXIES = tuple(
    p.strip() for p in os.environ.get("SIFA_TRUSTED_PROXIES", "").split(",") if p.strip()
)
for _proxy in SIFA_TRUSTED_PROXIES:  # a typo must stop the start, not every request
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(f"SIFA_TRUSTED_PROXIES: {_error}") from None

# Roles, and capabilities, whose holders must use an authenticator app (comma-separated; an empty
# value switches the rule off). Unset: the defaults of config/sifa_settings.py.
for _name in ("SIFA_TWO_FACTOR_ROLES", "SIFA_TWO_FACTOR_CAPABILITIES"):
    if _name in os.environ:
        globals()[_name] = tuple(v.strip() for v in os.environ[_name].split(",") if v.strip())

# Lockout: 5 failures lock the account (by username, whatever the address) for 30 minutes.
AXES_FAILURE_LIMIT = env_int("SIFA_LOCKOUT_FAILURES", default("SIFA_LOCKOUT_FAILURES"))
SIFA_LOCKOUT_MINUTES = env_int("SIFA_LOCKOUT_MINUTES", default("SIFA_LOCKOUT_MINUTES"))
# Beside the lock per account (axes), a higher limit per client address (sifa.accounts.lockout).
SIFA_LOCKOUT_ADDRESS_FAILURES = env_int(
    "SIFA_LOCKOUT_ADDRESS_FAILURES", default("SIFA_LOCKOUT_ADDRESS_FAILURES")
)
AXES_COOLOFF_TIME = env_int("SIFA_LOCKOUT_MINUTES", default("SIFA_LOCKOUT_MINUTES")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks to lock by address too. A township office reaches the intranet through one
# NAT address, so locking by address would lock out the whole office after one clerk's typos;
# the lockout is by account, and every failure is logged with its address (audit.AuthEvent).
# models.W040: covering indexes (Index(include=…), e.g. the practice register's, for
# PostgreSQL's index-only scans) are built on SQLite without their INCLUDE columns — the same
# index keys, which is what SQLite can use anyway.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W040"]
AXES_RESET_ON_SUCCESS = True
# A lock lasts SIFA_LOCKOUT_MINUTES from the failure that caused it: attempts made while
# locked are refused (and logged) but do not prolong it, so the page's promise holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# The login log of record is audit.AuthEvent (append-only, read by the security auditor only);
# axes keeps just the failure counters the lockout needs, not a second log of logins.
AXES_DISABLE_ACCESS_LOG = True
# The same client address for the lockout counters and for the login log.
AXES_CLIENT_IP_CALLABLE = "sifa.accounts.events.client_ip"

# Idle timeout: a session unused for this many minutes is logged out (IdleTimeoutMiddleware).
SIFA_IDLE_TIMEOUT_MINUTES = env_int(
    "SIFA_IDLE_TIMEOUT_MINUTES", default("SIFA_IDLE_TIMEOUT_MINUTES")
)
# However active, a session ends after a working day, and when the browser is closed.
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Two-factor (TOTP authenticator app). After a wrong code the device refuses codes for
# 1, 2, 4 … seconds (times this factor).
OTP_TOTP_ISSUER = "Sifa 司法行政综合业务平台"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1  # recovery codes: 1, 2, 4 … seconds after each wrong one
# The admin never shows a device's secret or QR code: an administrator who could read it could
# pass the second factor as that user.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# History rows are evidence: the admin's "revert to this version" would change live records outside
# the actions, so it is switched off.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Audit and access logs are kept at least this many days; the purge command refuses younger rows.
SIFA_AUDIT_RETENTION_DAYS = max(
    184, env_int("SIFA_AUDIT_RETENTION_DAYS", default("SIFA_AUDIT_RETENTION_DAYS"))
)

# 民法典 第203条: a period ending on a statutory holiday ends on the next working day.
# Whether agencies apply it to administrative deadlines is a policy choice (DOMAIN §1.7).
SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS = env_bool(
    "SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS", default("SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS")
)

# Machine-to-machine endpoints (token in the X-Sifa-Token header; empty: the endpoint is off
# and answers 503): location check-ins of corrections subjects (from the positioning gateway)
# and release notices from prisons (安置帮教).
SIFA_CHECKIN_TOKEN = os.environ.get("SIFA_CHECKIN_TOKEN", default("SIFA_CHECKIN_TOKEN"))
SIFA_RELEASE_NOTICE_TOKEN = os.environ.get(
    "SIFA_RELEASE_NOTICE_TOKEN", default("SIFA_RELEASE_NOTICE_TOKEN")
)
# The office (by code) whose subtree each shared token reaches; empty: the whole tree. A
# subject, person or release outside it is not found, as if it did not exist.
SIFA_CHECKIN_TOKEN_OFFICE = os.environ.get(
    "SIFA_CHECKIN_TOKEN_OFFICE", default("SIFA_CHECKIN_TOKEN_OFFICE")
)
SIFA_RELEASE_NOTICE_TOKEN_OFFICE = os.environ.get(
    "SIFA_RELEASE_NOTICE_TOKEN_OFFICE", default("SIFA_RELEASE_NOTICE_TOKEN_OFFICE")
)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "media/"

# --- backups (manage.py backup / restore / restore_drill, docs/backup.md) ----------------------
SIFA_BACKUP_DIR = os.environ.get("SIFA_BACKUP_DIR", default("SIFA_BACKUP_DIR"))
SIFA_BACKUP_KEEP = env_int("SIFA_BACKUP_KEEP", default("SIFA_BACKUP_KEEP"))

# Uploads (office imports) are small spreadsheets.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Logs go to standard error (journald under systemd): JSON lines in production (LOG_FORMAT=json,
# python-json-logger), plain text in development. Every record carries the request id
# (sifa.core.observability); one INFO line per request from logger `sifa.request`.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO" if not DEBUG else "WARNING").upper()
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "sifa.core.observability.RequestIdFilter"},
        "sql_parameters": {"()": "sifa.core.observability.SqlParametersWithheld"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "timestamp": "time",  # ISO 8601 in UTC: "2026-12-07T12:35:18.749000+00:00"
            "rename_fields": {"levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # At DEBUG it logs each failed variable lookup with the whole template context (a
        # revealed ID number among it): never below INFO (tests/test_observability.py).
        "django.template": {"level": "INFO"},
        # Queries (logged only with DEBUG on) without their parameters' values.
        "django.db.backends": {"filters": ["sql_parameters"]},
    },
}


# --- the data-sharing API (/api/v1/, docs/api.md) ---------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["sifa.api.base.ClientTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["sifa.api.base.IsClient"],
    "DEFAULT_RENDERER_CLASSES": ["sifa.api.base.ApiJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "sifa.api.base.ApiPagination",
    "EXCEPTION_HANDLER": "sifa.api.framework.api_exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "司法行政数据共享接口",
    "DESCRIPTION": (
        "法院、检察院、公安机关、监狱、定位签到客户端和上级平台与司法行政机关之间的数据交换接口。"
        "每个机关一个客户端令牌，绑定机构范围和用途。对接说明见 docs/api.md。"
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "sifa.api.framework.document_unsupported_media",
    ],
}
SIFA_API_MAX_BODY_BYTES = env_int("SIFA_API_MAX_BODY_BYTES", default("SIFA_API_MAX_BODY_BYTES"))
SIFA_API_CLIENT_CACHE_SECONDS = env_int(
    "SIFA_API_CLIENT_CACHE_SECONDS", default("SIFA_API_CLIENT_CACHE_SECONDS")
)


# --- background jobs (Django's tasks framework) and scheduled work, docs/jobs.md ---------------
# The database backend (django-tasks-db) keeps the queue in Sifa's own database, so a worker
# needs no other server; `make worker` runs it. With DEBUG on (tests, the demo) jobs run inside
# the request unless SIFA_TASKS_BACKEND=database.
INSTALLED_APPS.insert(INSTALLED_APPS.index("sifa.core"), "django_tasks_db")
SIFA_TASKS_BACKEND = os.environ.get("SIFA_TASKS_BACKEND", default("SIFA_TASKS_BACKEND")) or (
    "immediate" if DEBUG else "database"
)
if SIFA_TASKS_BACKEND not in {"immediate", "database"}:
    raise ImproperlyConfigured("SIFA_TASKS_BACKEND must be immediate or database.")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if SIFA_TASKS_BACKEND == "database"
        else "django.tasks.backends.immediate.ImmediateBackend"
    }
}

# --- Operations: request ids, metrics, health check, Sentry (docs/deploy.md) -------------------
INSTALLED_APPS += ["health_check"]  # its page template
# The request id first (every later log line carries it); django-prometheus around the rest for
# request latency by view, its second half just before axes (which must stay last).
MIDDLEWARE = [
    "sifa.core.observability.RequestIdMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    *MIDDLEWARE[:-1],
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    MIDDLEWARE[-1],
]
if MIDDLEWARE[-1] != "axes.middleware.AxesMiddleware":
    raise ImproperlyConfigured("AxesMiddleware must stay last in MIDDLEWARE.")
# The Prometheus scraper's bearer token for /internal/metrics; empty: the endpoint is off (404).
SIFA_METRICS_TOKEN = os.environ.get("SIFA_METRICS_TOKEN", default("SIFA_METRICS_TOKEN"))
SIFA_HEALTH_MIN_FREE_DISK_MB = env_int(
    "SIFA_HEALTH_MIN_FREE_DISK_MB", default("SIFA_HEALTH_MIN_FREE_DISK_MB")
)
SIFA_HEALTH_MAX_TASK_LAG_SECONDS = env_int(
    "SIFA_HEALTH_MAX_TASK_LAG_SECONDS", default("SIFA_HEALTH_MAX_TASK_LAG_SECONDS")
)
# Unhandled errors to Sentry when SENTRY_DSN is set, without personal data (no PII, bodies,
# local variables, query strings or cookies: sifa.core.observability.init_sentry).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from sifa.core.observability import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", ""),
        release=os.environ.get("SENTRY_RELEASE", ""),
    )
