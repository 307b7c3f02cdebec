"""Notification tasks: they take ids, are idempotent (mail.Melding) and retry with backoff when
the mail server fails; the request that caused them never waits (queued after commit)."""

import logging

from celery import shared_task
from django.utils import timezone

from loket.mailtaken import MAIL_RETRY

from . import mail

logger = logging.getLogger("overdrachten.mail")

# How many working days before the deadline the partner is reminded.
HERINNERING_WERKDAGEN_VOOR = 2


@shared_task(**MAIL_RETRY)
def meld_nieuwe_overdracht(overdracht_id: int) -> bool:
    return mail.nieuwe_overdracht(overdracht_id)


@shared_task(**MAIL_RETRY)
def meld_antwoord(gebeurtenis_id: int) -> bool:
    return mail.antwoord(gebeurtenis_id)


@shared_task(**MAIL_RETRY)
def herinner(overdracht_id: int, soort: str) -> bool:
    return mail.herinnering(overdracht_id, soort)


@shared_task(**MAIL_RETRY)
def meld_uren_ter_goedkeuring(urenopgave_id: int) -> bool:
    return mail.uren_ter_goedkeuring(urenopgave_id)


def te_herinneren(vandaag):
    """(id, 'voor'|'na') of open hand-overs of every loket near or past their deadline."""
    from .models import Overdracht
    from .selectors import met_status, open_filter
    from .werkdagen import na_werkdagen

    grens = na_werkdagen(vandaag, HERINNERING_WERKDAGEN_VOOR)
    open_ = met_status(Overdracht.objects.alle_loketten(reden="herinneringen")).filter(
        open_filter()
    )
    for pk, termijn in open_.filter(termijn__lte=grens).values_list("pk", "termijn"):
        yield pk, ("na" if termijn < vandaag else "voor")


@shared_task(acks_late=True)
def herinner_overdrachten() -> int:
    """Daily (beat): remind partners before and after the deadline; safe to run twice."""
    aantal = 0
    for pk, soort in te_herinneren(timezone.localdate()):
        herinner.delay(pk, soort)
        aantal += 1
    return aantal
