"""Settings shared by every environment. Only this module reads the environment.

With no environment at all it runs the embedded default: SQLite in the project folder and
Celery tasks executed in-process. Setting DATABASE_URL and CELERY_BROKER_URL switches to
PostgreSQL, Redis and real worker processes (the production stack).
"""

from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core -----------------------------------------------------------------------------
SECRET_KEY = env("DJANGO_SECRET_KEY", default="django-insecure-cee-local-only-do-not-deploy")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before WhiteNoise, so that core's `runserver` (a longer accept queue) is the one that runs.
    "core",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "simple_history",
    "axes",
    "accounts",
    "schools",
    "networks",
    "workshops",
    "evaluations",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.PageGZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.SpanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "core.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that a locked-out login answers before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cee.urls"
WSGI_APPLICATION = "cee.wsgi.application"
ASGI_APPLICATION = "cee.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "evaluations.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves threads (runserver) from a database with one writer at a time. A
    # transaction that reads and then writes fails at once with "database is locked" if another began
    # writing meanwhile; one that takes the write lock as it begins (IMMEDIATE) waits its turn, up to the
    # timeout. It also makes visit_update's version check happen under the lock, as select_for_update
    # does on PostgreSQL (SQLite ignores it). WAL keeps pages readable while a visit is written; with WAL,
    # synchronous=NORMAL may lose the last commits in a power cut but never corrupts the file.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,  # seconds a request waits for the write lock before "database is locked"
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),  # what DATABASE_URL's query string sets wins
    }


def without_jit(database: dict) -> dict:
    """A PostgreSQL database's settings with JIT compilation off for its connections (others as given).

    The pages' queries are short aggregates, and PostgreSQL compiles any query whose estimated cost
    passes 100,000, paying 50-80 ms to compile a query that then runs in 10 (measured at national scale,
    bench/RESULTS.md). Production builds its DATABASES again and applies this too."""
    if database["ENGINE"] == "django.db.backends.postgresql":
        database["OPTIONS"] = {
            "options": "-c jit=off",
            **database.get("OPTIONS", {}),  # what DATABASE_URL's query string sets wins
        }
    return database


without_jit(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "accounts.backends.RolePermissionBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "evaluations:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes: lock an account+address pair out after repeated failed logins.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
# Failures are counted per person's address, read through the trusted proxies (see core.http.client_ip).
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"
# How many reverse proxies in front of cee append to X-Forwarded-For (0: none, REMOTE_ADDR is the person).
CEE_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

# --- Internationalisation: Spanish of Peru first, English second ----------------------
LANGUAGE_CODE = "es-pe"
LANGUAGES = [("es-pe", _("Español (Perú)")), ("en", _("Inglés"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["cee.formats"]
TIME_ZONE = "America/Lima"
USE_I18N = True
USE_TZ = True
# Grouping is asked for explicitly (floatformat:"2g"), so years never print as 2,026.
USE_THOUSAND_SEPARATOR = False

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Outside production WhiteNoise serves straight from the finders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Private files (visit photos, reports) are never under MEDIA_URL: a scoped view serves them.
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def _vendor_static_dirs():
    """Third-party front-end assets come from pinned packages, served by the app.

    Bootstrap from PyPI (XStatic); Chart.js and Leaflet from the npm registry (package-lock.json,
    installed into node_modules/ by `bin/assets`, which `make venv` runs). A missing node_modules/
    shows as Django's staticfiles.W004 warning, which CI's checks fail on.
    """
    import xstatic.pkg.bootstrap as bootstrap

    node_modules = BASE_DIR / "node_modules"
    return [
        ("vendor/bootstrap", bootstrap.BASE_DIR),
        ("vendor/chartjs", node_modules / "chart.js" / "dist"),
        ("vendor/leaflet", node_modules / "leaflet" / "dist"),
    ]


STATICFILES_DIRS += _vendor_static_dirs()

# --- Forms ----------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -------------------------------------------------------------------------
# Everything the pages need is served by the app itself: no CDN, no inline script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# Database sessions that know their account (accounts.sessions), so deactivating an account ends its
# sessions at once.
SESSION_ENGINE = "accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Celery ---------------------------------------------------------------------------
# Without a broker the embedded default runs tasks in-process, synchronously.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=env("REDIS_URL", default="")) or None
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_BACKEND = None  # job state lives in our own models (MonitoringReport)
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A pool process past ~300 MB after a task is replaced by a fresh one: WeasyPrint's caches grow with
# each PDF (a whole month's 3,558 reports took the busiest process to 358 MB; bench/RESULTS.md).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 300_000  # KiB
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
# Longer than the hard time limit, so a running task is never delivered twice while alive (raised below
# for the large exports' longer limit).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT * 2}
CELERY_BEAT_SCHEDULE = {
    # Every night at 03:10 Lima time: drop expired login sessions so the table stays small.
    "accounts-sessions-clear-expired": {
        "task": "accounts.tasks.sessions_clear_expired_task",
        "schedule": crontab(hour=3, minute=10),
    },
    # Every 15 minutes: rebuild the dashboards' summary tables (visits per school and month). Each visit
    # write already refreshes its own school-month on commit; this catches bulk loads and anything
    # written outside the services, and dates the figures ("Cifras al ..."). Idempotent and bounded.
    "networks-summaries-refresh": {
        "task": "networks.tasks.summaries_refresh_task",
        "schedule": crontab(minute="*/15"),
    },
    # Every 15 minutes too: the school-year summaries (people, workshops, enrolment, goals, results) of
    # this year and the last. A goal write already refreshes its school's row on commit.
    "evaluations-summaries-refresh": {
        "task": "evaluations.tasks.school_year_summaries_refresh_task",
        "schedule": crontab(minute="*/15"),
    },
    # Every night at 03:20 Lima time: every year's summaries (a teacher made inactive, results loaded for
    # an old year, a corrected membership reach the older years too).
    "evaluations-summaries-refresh-every-year": {
        "task": "evaluations.tasks.school_year_summaries_refresh_task",
        "schedule": crontab(hour=3, minute=20),
        "kwargs": {"every_year": True},
    },
    # The 1st of each month at 04:00, after the night's summaries: the monitoring reports of the month
    # before for every network, region and sponsor (one task per report, fanned out by this one).
    "evaluations-reports-monthly": {
        "task": "evaluations.tasks.reports_schedule_month_task",
        "schedule": crontab(day_of_month=1, hour=4, minute=0),
    },
    # The 2nd of January at 04:30: the nation's yearly report of the year before.
    "evaluations-reports-yearly": {
        "task": "evaluations.tasks.reports_schedule_year_task",
        "schedule": crontab(month_of_year=1, day_of_month=2, hour=4, minute=30),
    },
    # Every 10 minutes: jobs whose worker died or whose message was lost are queued again (or failed).
    "evaluations-reports-reap": {
        "task": "evaluations.tasks.reports_reap_task",
        "schedule": crontab(minute="*/10"),
    },
    # Every night at 03:40: files of reports past their retention are removed (the records stay).
    "evaluations-reports-expire": {
        "task": "evaluations.tasks.reports_expire_task",
        "schedule": crontab(hour=3, minute=40),
    },
    # Every 10 minutes, five after the reports': list exports whose worker died or message was lost.
    "evaluations-exports-reap": {
        "task": "evaluations.tasks.exports_reap_task",
        "schedule": crontab(minute="5-59/10"),
    },
    # Every night at 03:45: files of list exports past their retention are removed (the records stay).
    "evaluations-exports-expire": {
        "task": "evaluations.tasks.exports_expire_task",
        "schedule": crontab(hour=3, minute=45),
    },
}

# --- Program rules --------------------------------------------------------------------
CEE_PROGRAM_YEARS = 5
CEE_NETWORK_SIZE_RANGE = (6, 15)  # a network outside this range is flagged, not refused
CEE_VISIT_OVERDUE_DAYS = env.int("CEE_VISIT_OVERDUE_DAYS", default=30)
CEE_VISIT_EDIT_DAYS = env.int("CEE_VISIT_EDIT_DAYS", default=7)  # then only staff may change a visit
# The visits plan of the staff dashboards: visits each school should get per month.
CEE_VISITS_PER_SCHOOL_MONTH = env.int("CEE_VISITS_PER_SCHOOL_MONTH", default=2)
# Soles per US dollar for the dashboards' funding totals (stated on the page next to them).
CEE_USD_TO_PEN = Decimal(env.str("CEE_USD_TO_PEN", default="3.75"))
CEE_VISIT_MAX_PHOTOS = 3
# Plans (an assignment's start, a follow-up date) reach at most this many days ahead.
CEE_PLANNING_HORIZON_DAYS = 366
# Past this many options a form asks for the region first instead of listing every network at once.
CEE_LONG_CHOICE = 300
CEE_PHOTO_MAX_UPLOAD_MB = env.int("CEE_PHOTO_MAX_UPLOAD_MB", default=12)
CEE_PHOTO_MAX_SIDE_PX = 1600  # photos are re-encoded to at most this size (JPEG, no metadata)
# Staff imports (school padrón, assessment results): the largest file a page accepts, and how long an
# uploaded file waits, in private storage, for its preview to be confirmed.
CEE_IMPORT_MAX_MB = env.int("CEE_IMPORT_MAX_MB", default=5)  # ~25,000 padrón or ~100,000 result rows
CEE_IMPORT_KEEP_MINUTES = 60
# A dashboard list's CSV/XLSX export is written within one request: past this many rows (a year of the whole
# country's visits is ~500,000) it would outlive the web server's timeout, so the file is made in the
# background (an ExportJob) instead. 50,000 rows take about 5 s as CSV at Peru scale (bench/RESULTS.md).
CEE_EXPORT_MAX_ROWS = env.int("CEE_EXPORT_MAX_ROWS", default=50_000)
# An XLSX file is written whole before its first byte reaches the person: past this many rows (a few
# seconds of a blank wait) it is made in the background too.
CEE_EXPORT_XLSX_MAX_ROWS = env.int("CEE_EXPORT_XLSX_MAX_ROWS", default=10_000)
# The staff map (Leaflet) needs no tile server: it draws the schools and the regions' names alone.
# A URL template (https://tiles.example.org/{z}/{x}/{y}.png) adds a base layer under them, with its
# attribution; the tiles' origin is then allowed in the CSP's img-src, and nothing else changes.
CEE_MAP_TILES_URL = env("CEE_MAP_TILES_URL", default="")
CEE_MAP_TILES_ATTRIBUTION = env("CEE_MAP_TILES_ATTRIBUTION", default="")
if CEE_MAP_TILES_URL:
    _tiles = urlsplit(CEE_MAP_TILES_URL)  # Leaflet's {s} subdomains are CSP's leftmost wildcard
    SECURE_CSP["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}")

# --- Monitoring reports (Celery jobs) -------------------------------------------------------
CEE_REPORT_MAX_QUEUED_PER_USER = env.int("CEE_REPORT_MAX_QUEUED_PER_USER", default=3)  # queued or running
CEE_REPORT_RETENTION_DAYS = env.int("CEE_REPORT_RETENTION_DAYS", default=90)  # then the file is removed
CEE_REPORT_MAX_ATTEMPTS = env.int("CEE_REPORT_MAX_ATTEMPTS", default=3)  # runs (retries, redeliveries) per job
CEE_REPORT_SOFT_TIME_LIMIT = env.int("CEE_REPORT_SOFT_TIME_LIMIT", default=240)  # seconds: the job fails cleanly
CEE_REPORT_TIME_LIMIT = env.int("CEE_REPORT_TIME_LIMIT", default=300)  # seconds: the worker process is killed
CEE_REPORT_REQUEUE_MINUTES = 30  # a job queued this long lost its message (Redis keeps nothing on disk)
# What the monthly and yearly schedules make for each scope.
CEE_REPORT_SCHEDULED_FORMATS = env.list("CEE_REPORT_SCHEDULED_FORMATS", default=["pdf", "xlsx"])

# --- Large list exports (Celery jobs; the per-person limit above counts them too) ----------------------
CEE_EXPORT_RETENTION_DAYS = env.int("CEE_EXPORT_RETENTION_DAYS", default=7)  # then the file is removed
CEE_EXPORT_MAX_ATTEMPTS = env.int("CEE_EXPORT_MAX_ATTEMPTS", default=3)  # runs (retries, redeliveries) per job
# A whole country's year of visits (~513,000 rows) took 82 s as CSV and 166 s as XLSX on a busy 2-core machine
# (bench/RESULTS.md): the soft limit leaves room for a slower day and a longer list.
CEE_EXPORT_SOFT_TIME_LIMIT = env.int("CEE_EXPORT_SOFT_TIME_LIMIT", default=1200)  # seconds: the job fails cleanly
CEE_EXPORT_TIME_LIMIT = env.int("CEE_EXPORT_TIME_LIMIT", default=1260)  # seconds: the worker process is killed
CEE_EXPORT_REQUEUE_MINUTES = 30  # a job queued this long lost its message (Redis keeps nothing on disk)
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = max(
    CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"], CEE_EXPORT_TIME_LIMIT * 2
)
# The address people open the app at: the links in emails start with it.
CEE_SITE_URL = env("CEE_SITE_URL", default="http://127.0.0.1:8000")

# --- Mail -----------------------------------------------------------------------------
MAILERS = {
    "default": {
        "BACKEND": env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"),
    },
}
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="cee@localhost")

# --- Logging --------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint logs ~15 INFO lines per PDF (fonts, layout): only its warnings reach the worker logs.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
