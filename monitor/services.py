"""Writes of the monitor that are more than a form save: requesting a quarterly report."""

import logging

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerFout

from loket.models import Loket

from .models import Kwartaalrapport

log = logging.getLogger(__name__)


def vraag_rapport_aan(loket: Loket, jaar: int, kwartaal: int, door=None) -> Kwartaalrapport:
    """Create the next version of the loket's report for the quarter and enqueue its rendering.

    The loket's row is locked while the version number is chosen, so two requests at once get
    versions n and n+1 instead of a unique-constraint error. The task is sent only when the
    transaction commits: a worker never looks for a row that is not there yet."""
    with transaction.atomic():
        Loket.objects.select_for_update().only("pk").get(pk=loket.pk)
        laatste = Kwartaalrapport.objects.voor_loket(loket, jaar=jaar, kwartaal=kwartaal).aggregate(
            m=Max("versie")
        )["m"]
        rapport = Kwartaalrapport.objects.create(
            loket=loket,
            jaar=jaar,
            kwartaal=kwartaal,
            versie=(laatste or 0) + 1,
            aangevraagd_door=door,
        )
        transaction.on_commit(lambda: _zet_in_wachtrij(rapport.pk))
    return rapport


def _zet_in_wachtrij(rapport_id: int) -> bool:
    """Hand the render task to the broker and record when; returns whether that worked.

    When the broker cannot be reached the send gives up within seconds (the publish retry policy
    and broker timeouts in settings) and the report simply keeps waiting: it stays in_wachtrij
    with verzonden_op empty, its status says the queue is unreachable, and
    monitor.tasks.verstuur_wachtende_rapporten sends it once the broker is back. Nobody has to
    request it again."""
    from .tasks import maak_kwartaalrapport

    try:
        maak_kwartaalrapport.delay(rapport_id)
    except (BrokerFout, OSError):
        log.warning(
            "Kwartaalrapport %s wacht: de wachtrij is niet bereikbaar", rapport_id, exc_info=True
        )
        return False
    Kwartaalrapport.objects.alle_loketten(reden="rapportworker").filter(pk=rapport_id).update(
        verzonden_op=timezone.now()
    )
    return True
