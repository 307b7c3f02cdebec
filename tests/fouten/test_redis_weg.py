"""Fault scenario 1: Redis is stopped (or hangs) while the loket works.

Nothing in the web request path but a report request talks to Redis: sessions, the cache and
django-axes live in PostgreSQL or in memory, shown here by watching every connection this process
opens to the broker's port. A report requested while Redis is away is not failed: the send gives
up within a second or a few, the report waits visibly, and once Redis is back the beat sweep
sends it and a worker makes it, without anyone requesting it again."""

import re
import socket
import time

import pytest
from axes.conf import settings as axes_settings
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from clients.models import Klant
from monitor.models import Kwartaalrapport

from ..clients.test_intake import intake_post
from ..conftest import WACHTWOORD
from .werkers import wacht_tot

NIET_BEREIKBAAR = (
    "De wachtrij is tijdelijk niet bereikbaar; het rapport wordt gemaakt zodra die terug is."
)
# Upper bounds for giving up on an unreachable broker in a web request (measured: ~0.01 s when
# Redis is stopped, ~3 s when it accepts connections but never answers: see settings).
GRENS_S = {"gestopt": 1.0, "bevroren": 5.0}


def bewaak_poort(monkeypatch, poort: int) -> list:
    """Record every TCP connection this process opens to the port (redis-py connects through
    socket.socket.connect; PostgreSQL's libpq does not, so the database is not counted)."""
    pogingen = []
    echt_connect, echt_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def connect(sock, adres):
        if isinstance(adres, tuple) and adres[1] == poort:
            pogingen.append(adres)
        return echt_connect(sock, adres)

    def connect_ex(sock, adres):
        if isinstance(adres, tuple) and adres[1] == poort:
            pogingen.append(adres)
        return echt_connect_ex(sock, adres)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    return pogingen


def vraag_aan(client, jaar=2026, kwartaal=1):
    """Request a report through the page, as the projectleider does; returns (response, seconds)."""
    begin = time.monotonic()
    antwoord = client.post(reverse("monitor:rapporten"), {"jaar": jaar, "kwartaal": kwartaal})
    return antwoord, time.monotonic() - begin


def status_fragment(client, rapport) -> str:
    url = reverse("monitor:rapport_status", args=[rapport.pk])
    return client.get(url, headers={"HX-Request": "true"}).content.decode()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_pages_and_logins_work_without_redis_and_never_connect_to_it(
    client, client_as, werkcoach, projectleider, prive_redis, wachtrij, monkeypatch
):
    # Where Django would otherwise reach for Redis: none of it does.
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert all("redis" not in c["BACKEND"].lower() for c in settings.CACHES.values())
    assert axes_settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    naar_redis = bewaak_poort(monkeypatch, prive_redis.poort)
    prive_redis.stop()

    # Logging in writes the session and django-axes' records.
    fout = client.post(reverse("login"), {"username": werkcoach.username, "password": "fout"})
    assert fout.status_code == 200 and AccessAttempt.objects.filter(username="werkcoach").exists()
    goed = client.post(reverse("login"), {"username": werkcoach.username, "password": WACHTWOORD})
    assert goed.status_code == 302
    coach = client_as(werkcoach)
    assert coach.get(reverse("clients:intake")).status_code == 200
    intake = coach.post(reverse("clients:intake"), intake_post(werkcoach))
    assert intake.status_code == 302 and Klant.objects.filter(achternaam="Vries").exists()
    klanten = coach.get(reverse("clients:klant_list"))
    assert klanten.status_code == 200 and "Vries" in klanten.content.decode()
    assert coach.get(reverse("trajecten:list")).status_code == 200
    leider = client_as(projectleider)
    assert leider.get(reverse("monitor:dashboard")).status_code == 200
    assert leider.get(reverse("monitor:rapporten")).status_code == 200
    assert naar_redis == []

    # The watch works: requesting a report is what does try Redis, and it gives up at once.
    antwoord, duur = vraag_aan(leider)
    assert antwoord.status_code == 302 and naar_redis
    assert duur < GRENS_S["gestopt"]


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("storing", ["gestopt", "bevroren"])
def test_a_report_requested_while_redis_is_away_gives_up_fast_and_waits_visibly(
    storing, client_as, projectleider, prive_redis, wachtrij, record_property
):
    leider = client_as(projectleider)
    # The web process sent before: its pooled connection is there when Redis goes away.
    eerste, _ = vraag_aan(leider)
    assert eerste.status_code == 302
    assert Kwartaalrapport.objects.get(versie=1).verzonden_op is not None
    if storing == "gestopt":
        prive_redis.stop()
    else:
        prive_redis.bevries()

    antwoord, duur = vraag_aan(leider)
    record_property(f"opgeven_{storing}_s", round(duur, 3))
    print(f"\nRedis {storing}: aanvraag na {duur:.3f} s terug")  # the measurement, shown with -s
    assert antwoord.status_code == 302
    assert duur < GRENS_S[storing]
    rapport = Kwartaalrapport.objects.get(versie=2)
    assert rapport.status == Kwartaalrapport.Status.IN_WACHTRIJ
    assert rapport.verzonden_op is None and rapport.foutmelding == "" and rapport.pogingen == 0
    fragment = status_fragment(leider, rapport)
    assert NIET_BEREIKBAAR in fragment and 'hx-trigger="every 2s"' in fragment
    assert NIET_BEREIKBAAR in leider.get(reverse("monitor:rapporten")).content.decode()
    # The report that did reach the queue says nothing of the kind.
    assert NIET_BEREIKBAAR not in status_fragment(leider, Kwartaalrapport.objects.get(versie=1))


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_report_requested_while_redis_is_down_is_made_once_it_is_back(
    processen, prive_redis, client_as, projectleider
):
    worker = processen.worker()
    beat = processen.beat(veeg_s=1)
    prive_redis.stop()
    leider = client_as(projectleider)
    antwoord, duur = vraag_aan(leider)
    assert antwoord.status_code == 302 and duur < GRENS_S["gestopt"]
    rapport = Kwartaalrapport.objects.get()
    assert rapport.status == Kwartaalrapport.Status.IN_WACHTRIJ and rapport.verzonden_op is None

    prive_redis.start()  # same port, empty: nothing of before survived

    def af():
        rapport.refresh_from_db()
        return rapport.status in {Kwartaalrapport.Status.KLAAR, Kwartaalrapport.Status.MISLUKT}

    wacht_tot(af, worker, beat, deadline_s=90, wat="het rapport is klaar")
    assert rapport.status == Kwartaalrapport.Status.KLAAR, rapport.foutmelding
    assert rapport.pogingen == 1 and rapport.verzonden_op is not None
    assert len(processen.pdfs()) == 1 and Kwartaalrapport.objects.count() == 1
    assert re.findall(r"succeeded in [\d.]+s: '(\w[^']*)'", worker.logtekst()).count("klaar") == 1
    assert "verstuur_wachtende_rapporten" in beat.logtekst()
    assert NIET_BEREIKBAAR not in status_fragment(leider, rapport)
