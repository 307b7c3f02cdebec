"""Production settings: refuses to start without a real SECRET_KEY; HTTPS-only cookies, HSTS."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith(("dev-", "test-", "django-insecure"))
):
    raise ImproperlyConfigured(
        "SECRET_KEY ontbreekt of is onveilig: zet een willekeurige sleutel van minstens 50 tekens."
    )

SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") != "0"
# HTTPS is read from gunicorn's wsgi.url_scheme, which trusts X-Forwarded-Proto only from the
# proxy (loket/gunicorn.py: forwarded_allow_ips). With Django's SECURE_PROXY_SSL_HEADER anyone who
# reached gunicorn directly could claim HTTPS; it is only for a server other than gunicorn.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if os.environ.get("DJANGO_VERTROUW_PROXY_HEADER") else None
)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
