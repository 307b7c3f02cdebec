"""The rules of loket/replica.py without a replica: when a read may go there, the health check's
cache and bound, the decorator's second attempt on the primary, the settings. That the replica
is really used (and really skipped) is test_leesreplica.py, against a real standby."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError, OperationalError, connections

from clients.models import Intake
from loket import replica
from loket.models import User, Verwerking
from monitor.models import Kwartaalrapport

ROOT = Path(__file__).resolve().parents[2]
router = replica.Leesrouter()


@pytest.fixture
def gezond(monkeypatch):
    """A configured replica whose health check says `gezond[0]`."""
    stand = [True]
    monkeypatch.setattr(replica, "replica_gezond", lambda **_: stand[0])
    return stand


def test_buiten_de_scope_altijd_de_primaire(gezond):
    assert router.db_for_read(Intake) == "default"
    assert router.db_for_write(Intake) == "default"


def test_in_de_scope_naar_de_replica_behalve_wat_vers_moet(gezond):
    with replica.leest_van_replica():
        assert router.db_for_read(Intake) == "replica"
        for model in (User, Verwerking, Kwartaalrapport):
            assert router.db_for_read(model) == "default", model
    assert router.db_for_read(Intake) == "default"


def test_na_een_schrijfactie_leest_de_scope_de_primaire(gezond):
    with replica.leest_van_replica():
        assert router.db_for_read(Intake) == "replica"
        assert router.db_for_write(Verwerking) == "default"
        assert router.db_for_read(Intake) == "default"
    with replica.leest_van_replica():
        assert router.db_for_read(Intake) == "replica"


def test_ongezond_of_in_een_transactie_de_primaire(gezond, monkeypatch):
    with replica.leest_van_replica():
        gezond[0] = False
        assert router.db_for_read(Intake) == "default"
        gezond[0] = True
        monkeypatch.setattr(connections["default"], "in_atomic_block", True)
        assert router.db_for_read(Intake) == "default"


def test_decorator_herhaalt_een_mislukte_replicalezing_op_de_primaire(gezond, monkeypatch):
    gemarkeerd = []
    monkeypatch.setattr(replica, "markeer_ongezond", gemarkeerd.append)
    gelezen = []

    @replica.leest_van_replica
    def lees():
        db = router.db_for_read(Intake)
        gelezen.append(db)
        if db == "replica":
            raise OperationalError("server closed the connection unexpectedly")
        return db

    assert lees() == "default"
    assert gelezen == ["replica", "default"]
    assert gemarkeerd and "server closed" in gemarkeerd[0]


def test_decorator_herhaalt_niet_na_een_schrijfactie(gezond, monkeypatch):
    monkeypatch.setattr(replica, "markeer_ongezond", lambda reden: None)
    pogingen = []

    @replica.leest_van_replica()
    def schrijf_en_lees():
        pogingen.append(1)
        router.db_for_read(Intake)
        router.db_for_write(Verwerking)
        raise OperationalError("weg")

    with pytest.raises(OperationalError):
        schrijf_en_lees()
    assert len(pogingen) == 1


@pytest.fixture
def metingen(monkeypatch, settings):
    """replica_gezond with a configured replica whose measurement is `uitslag[0]`."""
    settings.DATABASE_REPLICA_MAX_ACHTERSTAND = 30
    settings.DATABASE_REPLICA_CONTROLE_S = 60
    monkeypatch.setattr(replica, "geconfigureerd", lambda: True)
    monkeypatch.setattr(replica, "_sluit_replica", lambda: None)
    monkeypatch.setattr(replica, "_toestand", replica._Toestand())
    uitslag: list = [(True, 0.0)]
    gemeten = []

    def meet():
        gemeten.append(1)
        if isinstance(uitslag[0], Exception):
            raise uitslag[0]
        return uitslag[0]

    monkeypatch.setattr(replica, "meet_achterstand", meet)
    return uitslag, gemeten


def test_gezondheid_wordt_per_interval_eenmaal_gemeten(metingen):
    uitslag, gemeten = metingen
    assert replica.replica_gezond() and replica.replica_gezond()
    assert len(gemeten) == 1
    uitslag[0] = (True, 31.0)
    assert replica.replica_gezond()  # still the cached verdict
    assert not replica.replica_gezond(opnieuw=True)


@pytest.mark.parametrize(
    ("meting", "gezond"),
    [
        ((True, 0.0), True),
        ((True, 30.0), True),
        ((True, 30.5), False),  # beyond the bound
        ((False, None), False),  # not a standby (promoted, or the wrong URL)
        (DatabaseError("connection refused"), False),
    ],
)
def test_gezondheid_volgt_bereikbaarheid_en_achterstand(metingen, meting, gezond, caplog):
    uitslag, _ = metingen
    uitslag[0] = meting
    assert replica.replica_gezond(opnieuw=True) is gezond
    if not gezond:
        assert "Leesreplica niet gebruikt" in caplog.text


def _databases(**env) -> dict:
    schoon = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_REPLICA")}
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({'databases': settings.DATABASES, "
        "'routers': settings.DATABASE_ROUTERS}, default=str))"
    )
    uit = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**schoon, "DJANGO_SETTINGS_MODULE": "loket.settings.base", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(uit.stdout.strip().splitlines()[-1])


def test_instellingen_met_en_zonder_replica():
    zonder = _databases()
    assert set(zonder["databases"]) == {"default"} and zonder["routers"] == []
    met = _databases(DATABASE_REPLICA_URL="postgres://lezer@replica.intern:5432/leerwerkloket")
    standaard, lezer = met["databases"]["default"], met["databases"]["replica"]
    assert met["routers"] == ["loket.replica.Leesrouter"]
    assert lezer["HOST"] == "replica.intern" and lezer["USER"] == "lezer"
    assert lezer["CONN_MAX_AGE"] == standaard["CONN_MAX_AGE"]
    assert lezer["CONN_HEALTH_CHECKS"] is True
    for optie in ("keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count"):
        assert lezer["OPTIONS"][optie] == standaard["OPTIONS"][optie]
    assert lezer["OPTIONS"]["connect_timeout"] == 2
