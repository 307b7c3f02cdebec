"""Writes of the monitor that are more than a form save: requesting a quarterly report."""

from django.db import transaction
from django.db.models import Max

from loket.models import Loket

from .models import Kwartaalrapport


def vraag_rapport_aan(loket: Loket, jaar: int, kwartaal: int, door=None) -> Kwartaalrapport:
    """Create the next version of the loket's report for the quarter and enqueue its rendering.

    The loket's row is locked while the version number is chosen, so two requests at once get
    versions n and n+1 instead of a unique-constraint error. The task is sent only when the
    transaction commits: a worker never looks for a row that is not there yet."""
    from .tasks import maak_kwartaalrapport

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
        transaction.on_commit(lambda: maak_kwartaalrapport.delay(rapport.pk))
    return rapport
