"""Retention and the right to erasure: anonymise a client, keep every count.

Names, contact details, postcode and free-text notes go; the client row, its intakes, contacts and
(trajectory) events stay, so every monitor figure and every past report's numbers remain the same.
The birth date and gemeente stay because the monitor breaks figures down by age band and gemeente;
without a name, contact details or postcode they no longer identify a person. The history snapshots
of the client are removed as well: they hold the old names.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from loket.models import Verwerking

from .documenten import verwijder_documenten
from .models import Dossierafsluiting, Klant

GEANONIMISEERD = "Geanonimiseerd"


def weiger_als_geanonimiseerd(request, klant: Klant) -> HttpResponse | None:
    """An anonymised client's data is never edited or added to: every page that would do so
    answers with this refusal (403) instead. None when the client is not anonymised."""
    if klant.geanonimiseerd_op is None:
        return None
    return render(request, "clients/geanonimiseerd.html", {"klant": klant}, status=403)


@transaction.atomic
def anonimiseer_klant(klant: Klant, *, door=None, reden: str) -> Klant:
    klant = Klant.objects.voor_loket(klant.loket_id).select_for_update().get(pk=klant.pk)
    if klant.geanonimiseerd_op:
        return klant
    Klant.objects.voor_loket(klant.loket_id, pk=klant.pk).update(
        voornaam=GEANONIMISEERD,
        tussenvoegsel="",
        achternaam=klant.klantnummer,
        postcode="",
        telefoon="",
        email="",
        geanonimiseerd_op=timezone.now(),
    )
    klant.intakes.update(notities="")
    klant.contactmomenten.update(notitie="")
    klant.contactmomenten.filter(corrigeert__isnull=False).update(reden=GEANONIMISEERD)
    Dossierafsluiting.objects.voor_loket(klant.loket, klant=klant).update(reden=GEANONIMISEERD)
    verwijder_documenten(klant)
    klant.events.all().delete()  # every snapshot of this client, whatever loket it names
    Verwerking.objects.create(
        loket_id=klant.loket_id,
        gebruiker=door,
        klant_id=klant.pk,
        actie=Verwerking.Actie.GEANONIMISEERD,
        onderwerp=reden[:200],
    )
    klant.refresh_from_db()
    return klant


def bewaartermijnen() -> dict[int, int]:
    """Retention periods in years of the loketten that set their own (beheer); one query."""
    rijen = (
        apps.get_model("beheer", "LoketInstelling")
        .objects.alle_loketten(reden="bewaartermijn")
        .filter(bewaartermijn_jaren__isnull=False)
        .values_list("loket_id", "bewaartermijn_jaren")
    )
    return {loket_id: jaren for loket_id, jaren in rijen if jaren is not None}


def verlopen_klanten(peildatum: datetime.date | None = None):
    """Clients whose last activity lies before their loket's retention period (the loket's own
    setting, else LOKET_BEWAARTERMIJN_JAREN, default 5 years). One query for every loket."""
    peildatum = peildatum or timezone.localdate()
    eigen = bewaartermijnen()
    standaard = peildatum - relativedelta(years=settings.LOKET_BEWAARTERMIJN_JAREN)
    voorwaarde = Q(laatste_activiteit__lt=standaard) & ~Q(loket_id__in=list(eigen))
    for loket_id, jaren in eigen.items():
        grens = peildatum - relativedelta(years=jaren)
        voorwaarde |= Q(loket_id=loket_id, laatste_activiteit__lt=grens)
    return Klant.objects.alle_loketten(reden="bewaartermijn").filter(
        voorwaarde, geanonimiseerd_op__isnull=True
    )


def anonimiseer_verlopen_klanten(peildatum: datetime.date | None = None) -> int:
    """The scheduled retention job; each client in its own transaction, so a failure loses nothing."""
    aantal = 0
    eigen = bewaartermijnen()
    for klant in verlopen_klanten(peildatum).only("pk", "loket_id").iterator():
        jaren = eigen.get(klant.loket_id, settings.LOKET_BEWAARTERMIJN_JAREN)
        anonimiseer_klant(klant, reden=f"bewaartermijn van {jaren} jaar verlopen")
        aantal += 1
    return aantal
