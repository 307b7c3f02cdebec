"""What every benchmark script sets before Django starts: the benchmark database (never the
development data) and settings without the debug query log, which would grow with every statement."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/leerwerkloket_bench"
)


def gebruik_benchdatabase(settings: str = "loket.settings.dev", testclient: bool = False) -> None:
    """Point Django at the benchmark database. With `testclient`, pages are fetched through
    Django's test client: its host name is allowed and a forced login needs no second factor."""
    os.environ["DATABASE_URL"] = BENCH_URL
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    os.environ["DEBUG"] = "0"
    if testclient:
        os.environ["LOKET_2FA_VERPLICHT"] = "0"
        os.environ["ALLOWED_HOSTS"] = "testserver"
