"""Settings for the load benchmarks: production settings served over plain HTTP on loopback,
with the URL conf that adds the floor view. Never used by a deployment."""

import tempfile
from pathlib import Path

from loket.settings.prod import *  # noqa: F403

# gunicorn listens on 127.0.0.1 without TLS in front of it: no redirect, cookies over HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ROOT_URLCONF = "bench.urls"
# The manifest storage needs collected files; bench/intake.py collects them here first.
STATIC_ROOT = Path(tempfile.gettempdir()) / "leerwerkloket-bench-static"
