"""Fault scenario 2: the worker is killed (SIGKILL) while it renders a report.

Exactly once means: status klaar, one PDF in storage, every attempt counted in pogingen, no second
version. The test-only delay (LOKET_RAPPORT_TESTVERTRAGING_S) holds the task after it claimed the
report; its log line names the process to kill. The killed attempt never returns, so pogingen
counts it: a report made after one kill has pogingen 2."""

import os
import re
import signal
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from loket.celery import app
from monitor.models import Kwartaalrapport
from monitor.rapport_opmaken import SLOT_NAAMRUIMTE
from monitor.services import verstuur_wachtende, vraag_rapport_aan

from .werkers import RAPPORTTAAK, TESTVERTRAGING, wacht_tot

AF = {Kwartaalrapport.Status.KLAAR, Kwartaalrapport.Status.MISLUKT}


def af(rapport):
    def klaar_of_mislukt():
        rapport.refresh_from_db()
        return rapport.status in AF

    return klaar_of_mislukt


def uitkomsten(worker) -> list[str]:
    """What each finished run of the report task returned, from the worker's log."""
    return re.findall(
        rf"{re.escape(RAPPORTTAAK)}\[[^\]]+\] succeeded in [\d.]+s: '([^']*)'", worker.logtekst()
    )


def renderend_proces(worker, rapport) -> int:
    """Wait until the task holds the report (status bezig, in its test delay); its process id."""
    regel = wacht_tot(
        lambda: re.search(
            rf"Kwartaalrapport {rapport.pk}: testvertraging \S+ s in proces (\d+)",
            worker.logtekst(),
        ),
        worker,
        wat="de taak heeft het rapport geclaimd",
    )
    rapport.refresh_from_db()
    assert rapport.status == Kwartaalrapport.Status.BEZIG and rapport.pogingen == 1
    return int(regel.group(1))


def slot_bezet(rapport) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s::oid"
            " AND objid = %s::oid AND objsubid = 2"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            [SLOT_NAAMRUIMTE, rapport.pk],
        )
        return cursor.fetchone()[0] > 0


def geef_onbevestigde_terug(broker_url: str) -> int:
    """Do now what the broker does after its visibility timeout: put every delivered but never
    acknowledged message back in its queue. Returns how many there were."""
    with app.connection_for_write(
        broker_url, transport_options={"visibility_timeout": 0}
    ) as verbinding:
        kanaal = verbinding.default_channel
        aantal = kanaal.client.hlen(kanaal.unacked_key)
        kanaal.qos.restore_visible(num=100)
    return aantal


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_killed_pool_process_hands_the_report_back_and_it_is_made_once(
    processen, loket, projectleider
):
    worker = processen.worker(pool="prefork", concurrency=1, env={TESTVERTRAGING: "3"})
    rapport = vraag_rapport_aan(loket, 2026, 1, projectleider)
    kind = renderend_proces(worker, rapport)
    assert kind != worker.proces.pid  # a pool process, not the worker itself

    os.kill(kind, signal.SIGKILL)
    # No beat and no sweep here: only reject_on_worker_lost can bring the message back.
    wacht_tot(af(rapport), worker, deadline_s=90, wat="het rapport is klaar")
    assert rapport.status == Kwartaalrapport.Status.KLAAR, rapport.foutmelding
    assert rapport.pogingen == 2 and rapport.versie == 1
    assert Kwartaalrapport.objects.count() == 1 and len(processen.pdfs()) == 1
    assert "WorkerLostError" in worker.logtekst()
    assert uitkomsten(worker) == ["klaar"]


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_as_a_whole_is_replaced_and_the_report_made_once(
    processen, prive_redis, loket, projectleider
):
    eerste = processen.worker(pool="prefork", concurrency=1, env={TESTVERTRAGING: "60"})
    rapport = vraag_rapport_aan(loket, 2026, 1, projectleider)
    renderend_proces(eerste, rapport)
    eerste.dood_alles()  # parent and pool process at once: nobody rejects the message

    # Its database session went with it, and the lock with the session: stuck in bezig.
    wacht_tot(lambda: not slot_bezet(rapport), deadline_s=30, wat="het slot is vrij")
    rapport.refresh_from_db()
    assert rapport.status == Kwartaalrapport.Status.BEZIG

    # The broker holds the message for its visibility timeout (15 min); the new worker's sweep
    # at start does not wait for it.
    tweede = processen.worker(pool="prefork", concurrency=1)
    wacht_tot(af(rapport), tweede, deadline_s=60, wat="het rapport is klaar")
    assert rapport.status == Kwartaalrapport.Status.KLAAR, rapport.foutmelding
    assert rapport.pogingen == 2 and rapport.foutmelding == ""
    assert Kwartaalrapport.objects.count() == 1 and len(processen.pdfs()) == 1
    assert "worker gestopt tijdens het maken" in tweede.logtekst()
    assert uitkomsten(tweede) == ["klaar"]

    # When the visibility timeout does run out, the first delivery comes back: it finds the
    # report done and leaves it alone.
    assert geef_onbevestigde_terug(prive_redis.url) == 1
    wacht_tot(lambda: len(uitkomsten(tweede)) == 2, tweede, wat="de oude levering is verwerkt")
    assert uitkomsten(tweede) == ["klaar", "niets te doen"]
    rapport.refresh_from_db()
    assert rapport.pogingen == 2 and len(processen.pdfs()) == 1


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_sweeps_and_duplicate_deliveries_make_a_report_once(processen, loket, projectleider):
    # Three messages for one report before any worker runs: the request's own, the sweep's
    # (the report looks sent too long ago and lost) and a plain duplicate delivery.
    rapport = vraag_rapport_aan(loket, 2026, 1, projectleider)
    Kwartaalrapport.objects.filter(pk=rapport.pk).update(
        verzonden_op=timezone.now() - timedelta(minutes=20)
    )
    assert verstuur_wachtende() == 1
    app.send_task(RAPPORTTAAK, args=[rapport.pk])

    # Two pool processes take two of them at the same time.
    worker = processen.worker(pool="prefork", concurrency=2, env={TESTVERTRAGING: "2"})
    wacht_tot(lambda: len(uitkomsten(worker)) == 3, worker, wat="drie leveringen verwerkt")
    assert sorted(uitkomsten(worker)).count("klaar") == 1
    assert set(uitkomsten(worker)) <= {"klaar", "elders bezig", "niets te doen"}
    rapport.refresh_from_db()
    assert rapport.status == Kwartaalrapport.Status.KLAAR and rapport.pogingen == 1
    assert Kwartaalrapport.objects.count() == 1 and len(processen.pdfs()) == 1
