"""Retention and the right to erasure: anonymise a client, keep every count.

Names, contact details, postcode and free-text notes go; the client row, its intakes, contacts and
(trajectory) events stay, so every monitor figure and every past report's numbers remain the same.
The birth date and gemeente stay because the monitor breaks figures down by age band and gemeente;
without a name, contact details or postcode they no longer identify a person. The history snapshots
of the client are removed as well: they hold the old names.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from loket.models import Verwerking

from .documenten import verwijder_documenten
from .models import Contactmoment, Dossierafsluiting, Intake, Klant, KlantHistorie

GEANONIMISEERD = "Geanonimiseerd"


@transaction.atomic
def anonimiseer_klant(klant: Klant, *, door=None, reden: str) -> Klant:
    klant = Klant.objects.select_for_update().get(pk=klant.pk)
    if klant.geanonimiseerd_op:
        return klant
    Klant.objects.filter(pk=klant.pk).update(
        voornaam=GEANONIMISEERD,
        tussenvoegsel="",
        achternaam=klant.klantnummer,
        postcode="",
        telefoon="",
        email="",
        geanonimiseerd_op=timezone.now(),
    )
    Intake.objects.filter(klant=klant).update(notities="")
    Contactmoment.objects.filter(klant=klant).update(notitie="")
    Contactmoment.objects.filter(klant=klant, corrigeert__isnull=False).update(reden=GEANONIMISEERD)
    Dossierafsluiting.objects.filter(klant=klant).update(reden=GEANONIMISEERD)
    verwijder_documenten(klant.pk)
    KlantHistorie.objects.filter(pgh_obj_id=klant.pk).delete()
    Verwerking.objects.create(
        loket_id=klant.loket_id,
        gebruiker=door,
        klant_id=klant.pk,
        actie=Verwerking.Actie.GEANONIMISEERD,
        onderwerp=reden[:200],
    )
    klant.refresh_from_db()
    return klant


def verlopen_klanten(peildatum: datetime.date | None = None):
    """Clients whose last activity lies before the retention period (default 5 years)."""
    peildatum = peildatum or timezone.localdate()
    grens = peildatum - relativedelta(years=settings.LOKET_BEWAARTERMIJN_JAREN)
    return Klant.objects.filter(geanonimiseerd_op__isnull=True, laatste_activiteit__lt=grens)


def anonimiseer_verlopen_klanten(peildatum: datetime.date | None = None) -> int:
    """The scheduled retention job; each client in its own transaction, so a failure loses nothing."""
    aantal = 0
    for klant in verlopen_klanten(peildatum).only("pk").iterator():
        anonimiseer_klant(
            klant, reden=f"bewaartermijn van {settings.LOKET_BEWAARTERMIJN_JAREN} jaar verlopen"
        )
        aantal += 1
    return aantal
