"""Writes of the monitor that are more than a form save: requesting a quarterly report."""

import logging

from django.db import transaction
from django.db.models import Max
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
        laatste = Kwartaalrapport.objects.filter(
            loket=loket, jaar=jaar, kwartaal=kwartaal
        ).aggregate(m=Max("versie"))["m"]
        rapport = Kwartaalrapport.objects.create(
            loket=loket,
            jaar=jaar,
            kwartaal=kwartaal,
            versie=(laatste or 0) + 1,
            aangevraagd_door=door,
        )
        transaction.on_commit(lambda: _zet_in_wachtrij(rapport.pk))
    return rapport


def _zet_in_wachtrij(rapport_id: int) -> None:
    """Send the task; when the broker cannot be reached the report fails visibly instead of
    waiting in the queue forever."""
    from .tasks import maak_kwartaalrapport

    try:
        maak_kwartaalrapport.delay(rapport_id)
    except (BrokerFout, OSError) as exc:
        log.exception("Kwartaalrapport %s niet in de wachtrij gezet", rapport_id)
        Kwartaalrapport.objects.filter(
            pk=rapport_id, status=Kwartaalrapport.Status.IN_WACHTRIJ
        ).update(
            status=Kwartaalrapport.Status.MISLUKT,
            foutmelding=f"De wachtrij is niet bereikbaar ({exc}); vraag het rapport later "
            "opnieuw aan.",
        )
