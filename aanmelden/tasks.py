"""Mail and survey tasks. They take ids, are idempotent (a redelivered task sends nothing twice)
and retry with backoff when the mail server fails; the request that caused them never waits."""

import datetime
import logging

from celery import shared_task
from django.utils import timezone

from loket.mailtaken import MAIL_RETRY

from . import enquetes, mail
from .models import Aanmelding

logger = logging.getLogger("aanmelden.mail")
# The privacy notice on the sign-up form promises deletion within a year.
BEWAAR_AANMELDING_DAGEN = 365


@shared_task(**MAIL_RETRY)
def verstuur_afspraakmail(aanmelding_id: int, geannuleerd_tijdslot_id: int | None = None) -> bool:
    return mail.verstuur_afspraakmail(aanmelding_id, geannuleerd_tijdslot_id)


@shared_task(**MAIL_RETRY)
def verstuur_enquete(verzoek_id: int, herinnering: bool = False) -> bool:
    return mail.verstuur_enquetemail(verzoek_id, herinnering)


@shared_task(acks_late=True)
def plan_enquetes() -> int:
    """Daily (beat): plan the invitations that are due, queue them and the reminders. Safe to run
    twice; it also resends what an earlier run could not queue."""
    nieuw = enquetes.plan_enquetes(timezone.localdate())
    for verzoek_id in enquetes.te_versturen():
        verstuur_enquete.delay(verzoek_id)
    for verzoek_id in enquetes.te_herinneren(timezone.now()):
        verstuur_enquete.delay(verzoek_id, True)
    return nieuw


@shared_task(acks_late=True)
def verstuur_wachtende_mails() -> int:
    """Sweep (beat): appointment mails still unsent a few minutes after the change (the broker
    was away, or every retry failed)."""
    grens = timezone.now() - datetime.timedelta(minutes=5)
    ids = list(
        Aanmelding.objects.alle_loketten(reden="onverstuurde afspraakmails (beat)")
        .filter(bevestiging_verstuurd_op__isnull=True, ingediend_op__lte=grens)
        .values_list("pk", flat=True)
    )
    for aanmelding_id in ids:
        verstuur_afspraakmail.delay(aanmelding_id)
    return len(ids)


@shared_task(acks_late=True)
def wis_oude_aanmeldingen() -> int:
    """Nightly (beat): a sign-up is a copy of personal data; after a year it is deleted, whether it
    became an intake (the client's record lives on), was closed or was never handled."""
    grens = timezone.now() - datetime.timedelta(days=BEWAAR_AANMELDING_DAGEN)
    aantal, _ = (
        Aanmelding.objects.alle_loketten(reden="bewaartermijn aanmeldingen (beat)")
        .filter(ingediend_op__lt=grens)
        .delete()
    )
    return aantal
