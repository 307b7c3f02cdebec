"""Fault scenario 3: PostgreSQL restarted under load.

A private PostgreSQL (temp directory, unix socket only; never the shared server), gunicorn with
sync workers and persistent connections against it, werkcoaches registering intakes; PostgreSQL is
stopped and started again halfway. Checked: every intake that got its redirect is stored, nothing
twice, errors only as 503 within the restart window, the first intake after the restart succeeds
within seconds. The scenario itself lives in bench/fout_postgres.py (also runnable alone).
"""

import pytest

from bench.fout_postgres import beoordeel, draai, rapport

pytestmark = [pytest.mark.fouten, pytest.mark.timeout(90)]


@pytest.fixture(autouse=True)
def _db_for_all():
    """Overrides the suite's autouse `db`: this test brings its own PostgreSQL server and needs
    no test database (nor the time to create one inside its 90 s)."""


def test_postgres_herstart_onder_last_verliest_niets_en_herstelt_binnen_seconden():
    resultaat = draai(threads=8, duur=18, herstart_na=6, plat=2, workers=3)
    print(rapport(resultaat))
    bezwaren = beoordeel(resultaat)
    assert not bezwaren, (
        rapport(resultaat) + "\n\nLaatste regels van gunicorn:\n" + resultaat.gunicorn_log[-3000:]
    )
