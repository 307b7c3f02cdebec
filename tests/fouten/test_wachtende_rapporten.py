"""The sweep that sends reports waiting for a message that is not coming (monitor.services
.verstuur_wachtende), without a broker: which reports it sends, which it leaves alone, and when
it runs. The end-to-end cases with Redis and real workers are in test_redis_weg.py and
test_worker_weg.py."""

from datetime import timedelta

import pytest
from celery.signals import worker_ready
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerFout

from loket.celery import app
from monitor import rapport as rapport_module
from monitor import rapport_opmaken, services, tasks
from monitor.models import Kwartaalrapport

from .werkers import andere_sessie

WACHT = Kwartaalrapport.Status.IN_WACHTRIJ
BEZIG = Kwartaalrapport.Status.BEZIG
PDF = b"%PDF-1.7 heel rapport\n%%EOF\n"


@pytest.fixture
def snelle_pdf(monkeypatch, settings, tmp_path):
    """Rendering stands in for itself here: a small PDF, into a directory of this test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    monkeypatch.setattr(rapport_module, "maak_pdf", lambda r: (PDF, "0" * 64))
    return tmp_path


@pytest.fixture
def verstuurd(monkeypatch):
    """The ids of the reports handed to the broker, in order (nothing is really sent)."""
    ids = []
    monkeypatch.setattr(tasks.maak_kwartaalrapport, "delay", ids.append)
    return ids


def rapport(loket, versie, status=WACHT, aangevraagd=None, verzonden=None, pogingen=0):
    nu = timezone.now()
    return Kwartaalrapport.objects.create(
        loket=loket,
        jaar=2026,
        kwartaal=1,
        versie=versie,
        status=status,
        aangevraagd_op=nu - (aangevraagd or timedelta(hours=1)),
        verzonden_op=None if verzonden is None else nu - verzonden,
        pogingen=pogingen,
    )


def test_the_sweep_sends_what_waits_in_vain_and_leaves_the_rest(loket, verstuurd):
    nooit = rapport(loket, 1)  # the broker was down at the request
    vers = rapport(loket, 2, aangevraagd=timedelta(seconds=1))  # its request is still sending
    onlangs = rapport(loket, 3, verzonden=timedelta(minutes=1))  # in the queue
    kwijt = rapport(loket, 4, verzonden=timedelta(minutes=20))  # the message was lost
    verweesd = rapport(loket, 5, BEZIG, verzonden=timedelta(minutes=2), pogingen=1)
    bezet = rapport(loket, 6, BEZIG, verzonden=timedelta(minutes=2), pogingen=1)
    klaar = rapport(loket, 7, Kwartaalrapport.Status.KLAAR)
    mislukt = rapport(loket, 8, Kwartaalrapport.Status.MISLUKT)
    with andere_sessie() as worker:  # a live worker renders `bezet`: it holds the lock
        worker.execute(
            "SELECT pg_advisory_lock(%s, %s)", [rapport_opmaken.SLOT_NAAMRUIMTE, bezet.pk]
        )
        assert services.verstuur_wachtende() == 3

    assert sorted(verstuurd) == sorted([nooit.pk, kwijt.pk, verweesd.pk])
    for gestuurd in (nooit, kwijt, verweesd):
        gestuurd.refresh_from_db()
        assert gestuurd.status == WACHT
        assert timezone.now() - gestuurd.verzonden_op < timedelta(minutes=1)
    assert "de worker stopte" in verweesd.foutmelding and verweesd.pogingen == 1
    for onaangeroerd, status in [(vers, WACHT), (onlangs, WACHT), (bezet, BEZIG)]:
        voor = onaangeroerd.verzonden_op
        onaangeroerd.refresh_from_db()
        assert onaangeroerd.status == status and onaangeroerd.verzonden_op == voor
    for af in (klaar, mislukt):
        assert Kwartaalrapport.objects.get(pk=af.pk).status == af.status


def test_the_sweep_stops_at_the_first_send_that_fails(loket, monkeypatch):
    pogingen = []

    def geen_redis(rapport_id):
        pogingen.append(rapport_id)
        raise BrokerFout("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.maak_kwartaalrapport, "delay", geen_redis)
    eerste, tweede = rapport(loket, 1), rapport(loket, 2)
    assert services.verstuur_wachtende() == 0
    assert pogingen == [eerste.pk]  # the broker is away: no use trying the next one now
    for wachtend in (eerste, tweede):
        wachtend.refresh_from_db()
        assert wachtend.status == WACHT and wachtend.verzonden_op is None


def test_beat_sweeps_every_minute_on_the_rapporten_queue():
    taak = settings.CELERY_BEAT_SCHEDULE["wachtende-rapporten"]
    assert taak["task"] == tasks.verstuur_wachtende_rapporten.name
    assert taak["task"] in app.tasks
    assert taak["schedule"] == 60 and taak["options"] == {"expires": 60}
    routes = settings.CELERY_TASK_ROUTES
    assert routes[taak["task"]] == routes[tasks.maak_kwartaalrapport.name] == {"queue": "rapporten"}
    # An unacknowledged message comes back only after the longest legitimate run, not in an hour.
    zicht = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert tasks.maak_kwartaalrapport.time_limit + 300 <= zicht <= 1800


@pytest.mark.django_db(transaction=True)
def test_a_starting_worker_sweeps_at_once(loket, verstuurd):
    wachtend = rapport(loket, 1)
    worker_ready.send(sender=None)
    assert verstuurd == [wachtend.pk]


@pytest.mark.django_db(transaction=True)
def test_a_database_error_at_worker_start_does_not_stop_the_worker(monkeypatch, caplog):
    def kapot():
        raise OperationalError("the database is restarting")

    monkeypatch.setattr(services, "verstuur_wachtende", kapot)
    worker_ready.send(sender=None)  # does not raise
    assert "niet verstuurd bij het starten van de worker" in caplog.text


def test_the_test_delay_is_off_unless_set(loket, monkeypatch, snelle_pdf):
    """The test-only hook must cost nothing in production: without the variable no sleep."""
    monkeypatch.delenv(rapport_opmaken.TESTVERTRAGING_VAR, raising=False)
    geslapen = []
    monkeypatch.setattr(rapport_opmaken.time, "sleep", geslapen.append)
    wachtend = rapport(loket, 1)
    assert tasks.maak_kwartaalrapport.apply(args=[wachtend.pk]).get() == "klaar"
    assert geslapen == []
    monkeypatch.setenv(rapport_opmaken.TESTVERTRAGING_VAR, "1.5")
    tweede = rapport(loket, 2)
    assert tasks.maak_kwartaalrapport.apply(args=[tweede.pk]).get() == "klaar"
    assert geslapen == [1.5]


def test_a_file_left_by_a_killed_attempt_is_replaced_not_kept_beside(loket, snelle_pdf):
    """Killed between writing the PDF and committing: the next attempt writes the same name
    instead of a second file under a made-up one."""
    wachtend = rapport(loket, 1, BEZIG, pogingen=1)
    half = snelle_pdf / "rapporten" / loket.code / wachtend.bestandsnaam
    half.parent.mkdir(parents=True)
    half.write_bytes(b"%PDF-1.7 half")
    assert tasks.maak_kwartaalrapport.apply(args=[wachtend.pk]).get() == "klaar"
    wachtend.refresh_from_db()
    assert [p for p in snelle_pdf.rglob("*") if p.is_file()] == [half]
    assert wachtend.bestand.name == f"rapporten/{loket.code}/{wachtend.bestandsnaam}"
    assert half.read_bytes() == PDF
    assert wachtend.pogingen == 2
