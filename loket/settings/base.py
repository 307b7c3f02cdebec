"""Shared settings. Every value that differs per environment comes from an environment variable
with a safe default; the README's configuration table lists them."""

import datetime
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "ja", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",  # django-bootstrap-static: Bootstrap's CSS served from our own origin
    "django_htmx",
    "csp",
    "pgtrigger",
    "pghistory",
    "django_fsm",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes for the second factor
    "axes",
    "loket",
    "clients",
    "trajecten",
    "financiering",
    "aanmelden",
    "overdrachten",
    "monitor",
    "beheer",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A NUL byte in the path or query string: a Dutch 400 before any view or query runs.
    "loket.beveiliging.OngeldigeInvoerMiddleware",
    # Database unreachable: a 503 page instead of a 500. Outside SessionMiddleware, whose session
    # load and save are the first and last queries of most requests.
    "loket.middleware.DatabaseOnbereikbaarMiddleware",
    # Django's, except that a save failing because the database is away gives that 503, not a 400.
    "loket.middleware.SessionMiddleware",
    # Everything a logged-in user gets is `private, no-store`; Permissions-Policy on every page.
    "loket.beveiliging.CacheBeleidMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # The admin (superusers) sees every loket; everywhere else queries need a loket scope.
    "loket.scope.AdminZonderLoketscope",
    # Records who made each change in the history snapshots (django-pghistory).
    "pghistory.middleware.HistoryMiddleware",
    # A form sent after the session ended: "sessie verlopen" on the login page (beheer).
    "beheer.middleware.SessieVerlopenMiddleware",
    # Deny by default: every view needs a login unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "loket.urls"
WSGI_APPLICATION = "loket.wsgi.application"

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
                "loket.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/leerwerkloket"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A database that stops answering (rather than refusing) must not hold a gunicorn worker until its
# 30 s timeout: connecting gives up after 5 s and a dead peer is noticed by TCP keepalives, so the
# user gets the 503 page instead of a proxy error.
DATABASES["default"].setdefault("OPTIONS", {}).update(
    connect_timeout=int(os.environ.get("DB_CONNECT_TIMEOUT", "5")),
    keepalives=1,
    keepalives_idle=30,
    keepalives_interval=10,
    keepalives_count=3,
)
# Optional read replica (ADR 0065, loket/replica.py): monitor and report reads inside an explicit
# scope go to a PostgreSQL streaming standby while it is reachable and at most
# DATABASE_REPLICA_MAX_ACHTERSTAND seconds behind; everything else, every write, sessions, logins
# and the access log stay on default. Without DATABASE_REPLICA_URL nothing changes.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
DATABASE_REPLICA_MAX_ACHTERSTAND = float(os.environ.get("DATABASE_REPLICA_MAX_ACHTERSTAND", "30"))
# How long (seconds) one process trusts its last health check of the replica.
DATABASE_REPLICA_CONTROLE_S = float(os.environ.get("DATABASE_REPLICA_CONTROLE_S", "5"))
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    DATABASES["replica"]["OPTIONS"] = {
        **DATABASES["default"]["OPTIONS"],
        **DATABASES["replica"].get("OPTIONS", {}),
        # A replica that does not answer costs a request at most this long (libpq's minimum is 2).
        "connect_timeout": int(os.environ.get("DB_REPLICA_CONNECT_TIMEOUT", "2")),
    }
    DATABASE_ROUTERS = ["loket.replica.Leesrouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "loket.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out usernames before the password check
    "django.contrib.auth.backends.ModelBackend",
]
# Login lockout: 5 failed attempts for a username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTEN", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# And at most this many failures from one address over all usernames (password spraying);
# enforced by loket.inloggen.InlogForm. An office behind one NAT address shares it.
LOKET_LOGIN_ADRES_LIMIET = int(os.environ.get("LOKET_LOGIN_ADRES_LIMIET", "30"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/geblokkeerd.html"
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]
# Two-factor authentication (TOTP) for every role that sees personal data.
LOKET_2FA_VERPLICHT = env_bool("LOKET_2FA_VERPLICHT", True)
OTP_TOTP_ISSUER = "Leerwerkloket"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end after 30 minutes of inactivity (the cookie is renewed on every request).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# Off: years and ids must not read 2.026. Money (|euro) and counts format themselves.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["loket.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Generated files (reports) are private: never under a public media URL.
PRIVATE_STORAGE_ROOT = Path(os.environ.get("PRIVATE_STORAGE_ROOT", BASE_DIR / "private"))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_STORAGE_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Strict CSP: only our own origin; no inline scripts or styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Celery: Redis broker when REDIS_URL is set; otherwise tasks run eagerly in-process.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# The queue reports render on (workers must consume it: `-Q celery,rapporten`); tests give each
# worker a queue of its own.
RAPPORTEN_WACHTRIJ = os.environ.get("LOKET_RAPPORTEN_WACHTRIJ", "rapporten")
# Seconds between sweeps for reports that wait for the queue (beat).
RAPPORT_VEEG_S = float(os.environ.get("LOKET_RAPPORT_VEEG_S", "60"))
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker waits for the broker however long it is gone, instead of exiting after 100 tries.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# Nobody reads task results (a report's state lives in its row). Ignoring them also keeps a
# send to one Redis round trip: with a Redis result backend every send would first subscribe
# to the result.
CELERY_TASK_IGNORE_RESULT = True
# A web request that sends a task must not hang when Redis is down or frozen: one attempt plus
# one retry on a fresh connection, 1 s timeouts. What could not be sent waits in the database
# (a report stays in_wachtrij with verzonden_op empty) and monitor.tasks.verstuur_wachtende_rapporten
# sends it once Redis is back. Measured in tests/fouten/test_redis_weg.py (whole request): Redis
# stopped (connection refused) ~0.06 s, Redis frozen (connects, never answers) ~3 s.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A message whose worker died unacknowledged comes back after this long. It must outlast the
    # longest legitimate wait of a delivered message: the report task's hard time limit (300 s)
    # plus its longest retry countdown, or a slow render would be handed to a second worker. A
    # dead worker's report does not wait for it: the sweep resends it within a minute.
    "visibility_timeout": 900,
    "socket_timeout": 1,
    "socket_connect_timeout": 1,
}
# A broker blip does not cancel a running render: it finishes and stores its result in the
# database; the redelivered message then finds the report done.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "leerwerkloket@localhost")
# The SMTP server (with EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A mail server that hangs fails the task (which retries) instead of holding a worker.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# A password reset link works this long (seconds).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", str(2 * 3600)))
# Shared cache (rate limits of the password reset) across web nodes when Redis is there.
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }

# Domain settings.
LOKET_TRAJECT_STIL_DAGEN = int(os.environ.get("LOKET_TRAJECT_STIL_DAGEN", "90"))
# How far back a trajectory step may be dated.
LOKET_TRAJECT_TERUGDATEREN_DAGEN = int(os.environ.get("LOKET_TRAJECT_TERUGDATEREN_DAGEN", "90"))
LOKET_BEWAARTERMIJN_JAREN = int(os.environ.get("LOKET_BEWAARTERMIJN_JAREN", "5"))
# Public sign-up form: POSTs per client address per hour.
AANMELDEN_MAX_PER_UUR = int(os.environ.get("LOKET_AANMELDEN_MAX_PER_UUR", "10"))

CELERY_BEAT_SCHEDULE = {
    # Every night: anonymise clients whose last activity is older than the retention period.
    "bewaartermijn": {
        "task": "clients.tasks.anonimiseer_verlopen_klanten",
        "schedule": crontab(hour=2, minute=30),
    },
    # 06:00 Europe/Amsterdam on the 5th of January, April, July and October: the previous
    # quarter's report for every active loket. minute, hour and day_of_month must all be set:
    # month_of_year alone would fire every minute of those months.
    "kwartaalrapporten": {
        "task": "monitor.tasks.plan_kwartaalrapporten",
        "schedule": crontab(minute=0, hour=6, day_of_month=5, month_of_year="1,4,7,10"),
    },
    # Every minute: send the reports that could not be sent (Redis was down) and those whose
    # worker died while rendering. A sweep that waited longer than its interval is dropped:
    # the next one does the same work.
    "wachtende-rapporten": {
        "task": "monitor.tasks.verstuur_wachtende_rapporten",
        "schedule": RAPPORT_VEEG_S,
        "options": {"expires": RAPPORT_VEEG_S},
    },
    # Every minute: fold the kept counts' mutations into the kept table (ADR 0062). Readers add
    # what is pending, so a run that is late or dropped changes no figure.
    "telstanden": {
        "task": "monitor.tasks.verwerk_telstanden",
        "schedule": 60,
        "options": {"expires": 60},
    },
    # Every morning: survey invitations and reminders that are due (idempotent).
    "enquetes": {
        "task": "aanmelden.tasks.plan_enquetes",
        "schedule": crontab(hour=9, minute=0),
    },
    # Every night: sign-ups older than a year are deleted (their copy of personal data).
    "oude-aanmeldingen": {
        "task": "aanmelden.tasks.wis_oude_aanmeldingen",
        "schedule": crontab(hour=2, minute=45),
    },
    # Every morning: remind partners of hand-overs near or past their report-back deadline.
    "overdracht-herinneringen": {
        "task": "overdrachten.tasks.herinner_overdrachten",
        "schedule": crontab(hour=8, minute=0),
    },
    # Appointment mails that could not be queued or sent (broker or mail server away).
    "wachtende-afspraakmails": {
        "task": "aanmelden.tasks.verstuur_wachtende_mails",
        "schedule": 300.0,
        "options": {"expires": 300.0},
    },
}
# Reports render on their own queue, so a long render never holds up other work. The sweep goes
# to the same queue: whichever worker renders reports also sweeps them.
CELERY_TASK_ROUTES = {
    "monitor.tasks.maak_kwartaalrapport": {"queue": RAPPORTEN_WACHTRIJ},
    "monitor.tasks.maak_programmarapport": {"queue": RAPPORTEN_WACHTRIJ},
    "monitor.tasks.verstuur_wachtende_rapporten": {"queue": RAPPORTEN_WACHTRIJ},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
