"""The report task end to end with a real Redis broker and a real Celery worker process.

The test process sends the task through Redis (TEST_REDIS_URL, default DB 15) on a queue of its
own, so parallel test runs (pytest -n) and other checkouts never take each other's messages; a
`celery worker --pool=solo` subprocess consumes that queue against this test's database (made
visible to it by a transactional test) and a private directory of the test. The process helpers
are shared with the fault tests (tests/fouten/werkers.py), which use a private Redis instead."""

import pytest
import redis
from pypdf import PdfReader

from loket.celery import app
from monitor.models import Kwartaalrapport
from monitor.services import vraag_rapport_aan

from ..factories import IntakeFactory, KlantFactory
from ..fouten.werkers import (
    RAPPORTTAAK,
    TEST_REDIS_URL,
    Processen,
    nieuwe_wachtrij,
    richt_app_op,
    wacht_tot,
)

TAAKNAAM = RAPPORTTAAK


@pytest.fixture
def redis_wachtrij(settings):
    """Point this process's Celery app at the shared test Redis, on a fresh queue."""
    wachtrij = nieuwe_wachtrij()
    verbinding = redis.Redis.from_url(TEST_REDIS_URL)
    verbinding.ping()  # no Redis is a failure, not a skip
    herstel = richt_app_op(TEST_REDIS_URL, wachtrij)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    yield wachtrij
    herstel()
    verbinding.delete(wachtrij)
    for sleutel in verbinding.scan_iter(f"*{wachtrij}*"):
        verbinding.delete(sleutel)
    verbinding.close()


@pytest.fixture
def worker(redis_wachtrij, transactional_db, tmp_path):
    """A real worker process on the test's queue, the test database and a private directory."""
    processen = Processen(tmp_path, TEST_REDIS_URL, redis_wachtrij)
    proces = processen.worker()
    proces.opslag = processen.opslag
    yield proces
    processen.stop()


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

    wacht_tot(klaar, worker, deadline_s=120, wat="het rapport is klaar")
    assert rapport.status == Kwartaalrapport.Status.KLAAR, rapport.foutmelding
    assert rapport.pogingen == 1 and len(rapport.checksum) == 64
    pdf = worker.opslag / rapport.bestand.name
    tekst = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert loket.naam in tekst and "KWARTAALRAPPORT VOOR DE STUURGROEP" in tekst
    assert "Nieuwe klanten (intakes) 6" in tekst
    assert "Verborgen" not in tekst
    log = wacht_tot(
        lambda: (t := worker.logtekst()) and "stuurgroep@example.org" in t and t, worker
    )
    assert f"https://loket.example.org/monitor/rapporten/{rapport.pk}/download/" in log
    assert f"{TAAKNAAM}[" in log and "succeeded" in log

    # A second delivery of the same message (e.g. after a lost ack) does nothing.
    app.send_task(TAAKNAAM, args=[rapport.pk])
    wacht_tot(lambda: worker.logtekst().count("succeeded") >= 2, worker)
    assert "'niets te doen'" in worker.logtekst()
    assert Kwartaalrapport.objects.count() == 1
    assert len(list(worker.opslag.rglob("*.pdf"))) == 1
