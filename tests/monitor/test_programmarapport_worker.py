"""The national quarterly PDF end to end: requested through the service, sent through a real Redis
on a queue of this test, rendered by a real `celery worker --pool=solo` subprocess against the
test database, and read back: loket rows, totals, "< 5" and "•", no hidden value, no name."""

import pytest
from pypdf import PdfReader

from loket.celery import app
from monitor.models import Programmarapport
from monitor.services import vraag_programmarapport_aan

from ..fouten.werkers import PROGRAMMATAAK, wacht_tot
from .test_programmarapport import controleer_pdf, maak_loketten
from .test_rapporten_worker import redis_wachtrij, worker  # noqa: F401 - fixtures


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_national_report_through_redis_and_a_real_worker(worker):  # noqa: F811
    maak_loketten()
    rapport = vraag_programmarapport_aan(None, 2025, 1)  # commits: the task is sent

    def klaar():
        rapport.refresh_from_db()
        return rapport.status in {Programmarapport.Status.KLAAR, Programmarapport.Status.MISLUKT}

    wacht_tot(klaar, worker, deadline_s=120, wat="het programmarapport is klaar")
    assert rapport.status == Programmarapport.Status.KLAAR, rapport.foutmelding
    assert rapport.pogingen == 1 and len(rapport.checksum) == 64 and rapport.loketten == 4
    assert rapport.verzonden_op is not None and rapport.peilmoment is not None
    pdf = worker.opslag / rapport.bestand.name
    controleer_pdf("\n".join(p.extract_text() for p in PdfReader(pdf).pages))
    assert f"{PROGRAMMATAAK}[" in worker.logtekst()

    # A second delivery of the same message does nothing: one report, one file.
    app.send_task(PROGRAMMATAAK, args=[rapport.pk])
    wacht_tot(lambda: worker.logtekst().count("succeeded") >= 2, worker)
    assert "'niets te doen'" in worker.logtekst()
    assert Programmarapport.objects.count() == 1
    assert len(list(worker.opslag.rglob("*.pdf"))) == 1
