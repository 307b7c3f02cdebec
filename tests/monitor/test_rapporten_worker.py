"""The report task end to end with a real Redis broker and a real Celery worker process.

The test process sends the task through Redis (TEST_REDIS_URL, default DB 15) on a queue of its
own, so parallel test runs (pytest -n) and other checkouts never take each other's messages; a
`celery worker --pool=solo` subprocess consumes that queue against this test's database (made
visible to it by a transactional test) and a private directory of the test."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.db import connection
from pypdf import PdfReader

from loket.celery import app
from monitor.models import Kwartaalrapport
from monitor.services import vraag_rapport_aan

from ..factories import IntakeFactory, KlantFactory

ROOT = Path(__file__).resolve().parents[2]
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
TAAKNAAM = "monitor.tasks.maak_kwartaalrapport"


def database_url() -> str:
    s = connection.settings_dict
    wachtwoord = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{wachtwoord}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def redis_wachtrij(settings):
    """Point this process's Celery app at Redis, routing the report task to a fresh queue."""
    wachtrij = f"rapporten-test-{uuid.uuid4().hex[:12]}"
    verbinding = redis.Redis.from_url(TEST_REDIS_URL)
    verbinding.ping()  # no Redis is a failure, not a skip
    oud = {
        k: app.conf[k] for k in ("broker_url", "task_always_eager", "result_backend", "task_routes")
    }
    app.conf.update(
        broker_url=TEST_REDIS_URL,
        task_always_eager=False,
        result_backend=None,
        task_routes={TAAKNAAM: {"queue": wachtrij}},
    )
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def vergeet_verbindingen():
        app._pool = None
        app.amqp._producer_pool = None
        app.amqp.flush_routes()
        app.amqp.__dict__.pop("router", None)

    vergeet_verbindingen()
    yield wachtrij
    if app._pool is not None:
        app._pool.force_close_all()
    app.conf.update(oud)
    vergeet_verbindingen()
    verbinding.delete(wachtrij)
    for sleutel in verbinding.scan_iter(f"*{wachtrij}*"):
        verbinding.delete(sleutel)
    verbinding.close()


@pytest.fixture
def worker(redis_wachtrij, transactional_db, tmp_path):
    """A real worker process on the test's queue, the test database and a private directory."""
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "loket.settings.dev",
        "REDIS_URL": TEST_REDIS_URL,
        "DATABASE_URL": database_url(),
        "DB_CONN_MAX_AGE": "0",
        "PRIVATE_STORAGE_ROOT": str(tmp_path / "prive"),
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "SITE_URL": "https://loket.example.org",
    }
    with log.open("w") as uitvoer:
        proces = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "loket",
                "worker",
                "-Q",
                redis_wachtrij,
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"{redis_wachtrij}@%h",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=uitvoer,
            stderr=subprocess.STDOUT,
        )
    proces.log = log
    proces.opslag = tmp_path / "prive"
    yield proces
    proces.terminate()  # warm shutdown
    try:
        proces.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proces.kill()
        proces.wait()


def wacht_tot(voorwaarde, proces, deadline_s=120.0, stap_s=0.2):
    """Poll until the condition holds; fail at the deadline or when the worker has died."""
    einde = time.monotonic() + deadline_s
    while time.monotonic() < einde:
        waarde = voorwaarde()
        if waarde:
            return waarde
        if proces.poll() is not None:
            pytest.fail(f"De worker is gestopt:\n{proces.log.read_text()[-4000:]}")
        time.sleep(stap_s)
    pytest.fail(f"Niet op tijd klaar. Worker-log:\n{proces.log.read_text()[-4000:]}")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_report_through_redis_and_a_real_worker(worker, loket, projectleider, stuurgroeplid):
    stuurgroeplid.email = "stuurgroep@example.org"
    stuurgroeplid.save()
    klanten = [KlantFactory(loket=loket, achternaam=f"Verborgen{i}") for i in range(6)]
    for i, klant in enumerate(klanten):
        IntakeFactory(klant=klant, datum=f"2026-02-{i + 1:02d}")

    rapport = vraag_rapport_aan(loket, 2026, 1, projectleider)  # commits: the task is sent

    def klaar():
        rapport.refresh_from_db()
        return rapport.status in {Kwartaalrapport.Status.KLAAR, Kwartaalrapport.Status.MISLUKT}

    wacht_tot(klaar, worker)
    assert rapport.status == Kwartaalrapport.Status.KLAAR, rapport.foutmelding
    assert rapport.pogingen == 1 and len(rapport.checksum) == 64
    pdf = worker.opslag / rapport.bestand.name
    tekst = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert loket.naam in tekst and "KWARTAALRAPPORT VOOR DE STUURGROEP" in tekst
    assert "Nieuwe klanten (intakes) 6" in tekst
    assert "Verborgen" not in tekst
    log = wacht_tot(
        lambda: (t := worker.log.read_text()) and "stuurgroep@example.org" in t and t, worker
    )
    assert f"https://loket.example.org/monitor/rapporten/{rapport.pk}/download/" in log
    assert f"{TAAKNAAM}[" in log and "succeeded" in log

    # A second delivery of the same message (e.g. after a lost ack) does nothing.
    app.send_task(TAAKNAAM, args=[rapport.pk])
    wacht_tot(lambda: worker.log.read_text().count("succeeded") >= 2, worker)
    assert "'niets te doen'" in worker.log.read_text()
    assert Kwartaalrapport.objects.count() == 1
    assert len(list(worker.opslag.rglob("*.pdf"))) == 1
