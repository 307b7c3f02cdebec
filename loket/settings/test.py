"""Test settings: PostgreSQL (never SQLite), fast hashing, eager Celery unless a test brings a worker."""

import os

from .base import *  # noqa: F403
from .base import DATABASES

SECRET_KEY = "test-only-secret-key"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Several checkouts may test against one server at once: let each pick its own test database.
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
DATABASES["default"]["CONN_MAX_AGE"] = 0
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Lets pytest-django flush append-only tables between live-server tests (see loket/db.py).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c leerwerkloket.test_flush=on"
if "replica" in DATABASES:
    # The test runner creates no second database: the alias reads the test database.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"]["CONN_MAX_AGE"] = 0
WHITENOISE_AUTOREFRESH = True  # tests do not run collectstatic
