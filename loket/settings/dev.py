"""Development settings for `make run`: debug on, a throw-away secret key, console e-mail."""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("DEBUG", "1") != "0"
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-used-in-production"  # noqa: S105
# 2FA is off in development unless asked for (LOKET_2FA_VERPLICHT=1): demo logins work at once.
LOKET_2FA_VERPLICHT = os.environ.get("LOKET_2FA_VERPLICHT", "0") == "1"
# The production 404 page in development as well (innermost: the user is known).
MIDDLEWARE = [*MIDDLEWARE, "loket.ontwikkeling.Productie404Middleware"]  # noqa: F405
