"""Background jobs of the monitor. They stay thin: each calls one function of monitor/services.py
or monitor/rapport_opmaken.py, where the rules (idempotence, locks, retries, the sweep) are
explained. Task names are part of the contract with settings (routes, beat) and the services.
"""

import logging
from typing import Any

from celery import Task, shared_task
from celery.signals import worker_ready
from django.db import connections

from . import services
from .constants import TAAK_MAAK_KWARTAALRAPPORT, TAAK_MAAK_PROGRAMMARAPPORT
from .rapport_opmaken import MAX_POGINGEN, PROGRAMMARAPPORT, NieuwePoging, maak_op
from .telstand import bijhouden

log = logging.getLogger(__name__)

# Both kinds of report: redelivered when a worker dies mid-render (rapport_opmaken.maak_op makes
# that harmless), retried on temporary errors, and stopped when a render hangs.
RAPPORTTAAK: dict[str, Any] = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "max_retries": MAX_POGINGEN,
    "soft_time_limit": 240,
    "time_limit": 300,
}


@shared_task(
    bind=True,
    name=TAAK_MAAK_KWARTAALRAPPORT,
    # Queue "rapporten" through CELERY_TASK_ROUTES (settings), so a deployment can reroute it.
    **RAPPORTTAAK,
)
def maak_kwartaalrapport(self: Task[Any, Any], rapport_id: int) -> str:
    """Render one report (rapport_opmaken.maak_op); a temporary error is retried with backoff."""
    try:
        return maak_op(rapport_id, eerdere_pogingen=self.request.retries)
    except NieuwePoging as poging:
        raise self.retry(exc=poging.oorzaak, countdown=poging.wacht) from poging.oorzaak


@shared_task(
    bind=True,
    name=TAAK_MAAK_PROGRAMMARAPPORT,
    # The same queue and the same guarantees as a loket's report (rapport_opmaken.maak_op).
    **RAPPORTTAAK,
)
def maak_programmarapport(self: Task[Any, Any], rapport_id: int) -> str:
    """Render one national or regional report; a temporary error is retried with backoff."""
    try:
        return maak_op(rapport_id, eerdere_pogingen=self.request.retries, soort=PROGRAMMARAPPORT)
    except NieuwePoging as poging:
        raise self.retry(exc=poging.oorzaak, countdown=poging.wacht) from poging.oorzaak


@shared_task(name="monitor.tasks.plan_kwartaalrapporten")
def plan_kwartaalrapporten() -> int:
    """Beat (5 Jan/Apr/Jul/Oct): see services.plan_kwartaalrapporten."""
    return services.plan_kwartaalrapporten()


@shared_task(name="monitor.tasks.verstuur_wachtende_rapporten")
def verstuur_wachtende_rapporten() -> int:
    """Beat, every minute (LOKET_RAPPORT_VEEG_S): see services.verstuur_wachtende."""
    return services.verstuur_wachtende()


@shared_task(name="monitor.tasks.verwerk_telstanden")
def verwerk_telstanden() -> int:
    """Beat, every minute: fold the kept counts' mutations together (telstand/bijhouden.py).
    Readers add pending mutations, so a late or skipped run changes no figure, only speed."""
    return bijhouden.compacteer()


@worker_ready.connect
def _verstuur_bij_start(sender: object = None, **kwargs: Any) -> None:
    """A worker that starts sweeps at once, in its main process: after a crash, or a broker
    outage that outlasted the worker, waiting reports need not wait for beat's next minute."""
    try:
        services.verstuur_wachtende()
    except Exception:  # noqa: BLE001 - a database hiccup must not stop the worker; beat retries
        log.exception("Wachtende kwartaalrapporten niet verstuurd bij het starten van de worker")
    finally:
        # Pool processes forked later must not inherit this process's database connection.
        connections.close_all()
