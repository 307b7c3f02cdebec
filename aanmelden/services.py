"""Writes of the sign-up and appointment side, each in one transaction. Mail goes out through
Celery once the transaction has committed (tasks take ids; the link's token is made in the task)."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from clients import services as klantservices
from clients.models import Intake, Klant
from loket.audit import log_verwerking
from loket.mailtaken import stuur_na_commit
from loket.models import Loket, Verwerking

from .constants import AanmeldingStatus
from .models import Aanmelding, Tijdslot


class TijdslotBezet(Exception):
    """The chosen slot was taken (or has passed) in the meantime."""


class AlAfgehandeld(Exception):
    """The sign-up was already turned into an intake or closed."""


def _stuur_bevestiging(aanmelding_id: int, geannuleerd_tijdslot_id: int | None = None) -> None:
    """After commit; a broker that is away does not fail the request: the sweep
    (tasks.verstuur_wachtende_mails) sends what is still unsent."""
    from .tasks import verstuur_afspraakmail

    stuur_na_commit(verstuur_afspraakmail, aanmelding_id, geannuleerd_tijdslot_id)


def _reserveer(loket: Loket, tijdslot_id: int) -> Tijdslot:
    """Lock the slot so two sign-ups for it queue up; the second finds it taken."""
    slot = (
        Tijdslot.objects.voor_loket(loket, pk=tijdslot_id, start__gt=timezone.now())
        .select_for_update()
        .first()
    )
    if slot is None or Aanmelding.objects.voor_loket(loket, tijdslot=slot).exists():
        raise TijdslotBezet
    return slot


def meld_aan(*, loket: Loket, gegevens: dict, tijdslot_id: int | None) -> Aanmelding:
    """A citizen's sign-up, with an appointment when a slot was chosen."""
    try:
        with transaction.atomic():
            slot = _reserveer(loket, tijdslot_id) if tijdslot_id else None
            aanmelding = Aanmelding.objects.create(
                loket=loket, tijdslot=slot, toestemming_op=timezone.now(), **gegevens
            )
            _stuur_bevestiging(aanmelding.pk)
    except IntegrityError as fout:  # the unique constraint: a booking that raced past the lock
        raise TijdslotBezet from fout
    return aanmelding


def verplaats_afspraak(*, aanmelding: Aanmelding, tijdslot_id: int) -> Aanmelding:
    try:
        with transaction.atomic():
            aanmelding = (
                Aanmelding.objects.voor_loket(aanmelding.loket_id)
                .select_for_update()
                .get(pk=aanmelding.pk)
            )
            aanmelding.tijdslot = _reserveer(aanmelding.loket, tijdslot_id)
            aanmelding.afspraak_versie += 1
            aanmelding.bevestiging_verstuurd_op = None
            aanmelding.save(
                update_fields=["tijdslot", "afspraak_versie", "bevestiging_verstuurd_op"]
            )
            _stuur_bevestiging(aanmelding.pk)
    except IntegrityError as fout:
        raise TijdslotBezet from fout
    return aanmelding


@transaction.atomic
def annuleer_afspraak(*, aanmelding: Aanmelding) -> Aanmelding:
    aanmelding = (
        Aanmelding.objects.voor_loket(aanmelding.loket_id).select_for_update().get(pk=aanmelding.pk)
    )
    oud = aanmelding.tijdslot_id
    if oud is None:
        return aanmelding
    aanmelding.tijdslot = None
    aanmelding.afspraak_versie += 1
    aanmelding.bevestiging_verstuurd_op = None
    aanmelding.save(update_fields=["tijdslot", "afspraak_versie", "bevestiging_verstuurd_op"])
    _stuur_bevestiging(aanmelding.pk, geannuleerd_tijdslot_id=oud)
    return aanmelding


def _open_aanmelding(aanmelding: Aanmelding) -> Aanmelding:
    vergrendeld = (
        Aanmelding.objects.voor_loket(aanmelding.loket_id).select_for_update().get(pk=aanmelding.pk)
    )
    if vergrendeld.status != AanmeldingStatus.NIEUW:
        raise AlAfgehandeld
    return vergrendeld


@transaction.atomic
def zet_om_in_intake(request, *, aanmelding: Aanmelding, klant: Klant, intake: Intake) -> Klant:
    """The werkcoach's intake from a sign-up: a new client (clients.services) and the sign-up
    marked as handled, in one transaction."""
    aanmelding = _open_aanmelding(aanmelding)
    klant = klantservices.registreer_intake(request, klant, intake)
    aanmelding.status = AanmeldingStatus.OMGEZET
    aanmelding.klant = klant
    aanmelding.afgehandeld_door = request.user
    aanmelding.afgehandeld_op = timezone.now()
    aanmelding.save(update_fields=["status", "klant", "afgehandeld_door", "afgehandeld_op"])
    return klant


@transaction.atomic
def sluit_aanmelding(request, *, aanmelding: Aanmelding, reden: str, toelichting: str) -> None:
    aanmelding = _open_aanmelding(aanmelding)
    aanmelding.status = AanmeldingStatus.GESLOTEN
    aanmelding.sluitreden = reden
    aanmelding.toelichting = toelichting
    aanmelding.afgehandeld_door = request.user
    aanmelding.afgehandeld_op = timezone.now()
    aanmelding.save(
        update_fields=["status", "sluitreden", "toelichting", "afgehandeld_door", "afgehandeld_op"]
    )
    log_verwerking(
        request, Verwerking.Actie.GEWIJZIGD, f"aanmelding {aanmelding.pk} gesloten", [None]
    )


@transaction.atomic
def publiceer_tijdsloten(
    *, loket: Loket, werkcoach, datum: datetime.date, van: datetime.time, aantal: int, duur: int
) -> list[Tijdslot]:
    """A spreekuur: `aantal` consecutive slots of `duur` minutes from `van`; slots that already
    exist for this werkcoach are skipped."""
    begin = timezone.make_aware(datetime.datetime.combine(datum, van))
    sloten = [
        Tijdslot(
            loket=loket,
            werkcoach=werkcoach,
            start=begin + datetime.timedelta(minutes=duur * i),
            duur_minuten=duur,
        )
        for i in range(aantal)
    ]
    return Tijdslot.objects.bulk_create(sloten, ignore_conflicts=True)
