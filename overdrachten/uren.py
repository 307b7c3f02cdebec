"""Partner hours: a partner user submits its own organisation's hours (Urenopgave); the
projectleider approves them, which books them through financiering (UrenInzet + Boeking); after
a quarter the partner confirms its realisation (Kwartaalbevestiging), which freezes that quarter's
bookings of the partner. Reads are always scoped to loket and, for a partner, to its own
organisation: a partner never sees another partner's figures."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone

from financiering import services as financiering
from financiering.constants import BoekingSoort, Financieringssoort, Vorm
from financiering.models import (
    Boeking,
    Financieringsbron,
    Kwartaalbevestiging,
    Tarief,
    Urenopgave,
)
from loket.mailtaken import stuur_na_commit

from . import tasks


def tarieven_van(user, jaar: int) -> QuerySet[Tarief]:
    return Tarief.objects.voor_loket(user.loket_id, organisatie_id=user.organisatie_id, jaar=jaar)


def opgaven_van(user) -> QuerySet[Urenopgave]:
    return Urenopgave.objects.voor_loket(
        user.loket_id, organisatie_id=user.organisatie_id
    ).select_related("tarief", "ingediend_door", "beoordeeld_door")


def te_beoordelen(loket) -> QuerySet[Urenopgave]:
    return Urenopgave.objects.voor_loket(loket, status=Urenopgave.Status.INGEDIEND).select_related(
        "organisatie", "tarief", "ingediend_door"
    )


def bevestigingen_van(user) -> QuerySet[Kwartaalbevestiging]:
    return Kwartaalbevestiging.objects.voor_loket(
        user.loket_id, organisatie_id=user.organisatie_id
    ).select_related("bevestigd_door")


def realisatie_per_kwartaal(user, jaar: int) -> dict[int, dict]:
    """The organisation's booked in-natura realisation per quarter of `jaar` (one query)."""
    rijen = (
        Boeking.objects.voor_loket(
            user.loket_id,
            organisatie_id=user.organisatie_id,
            jaar=jaar,
            soort=BoekingSoort.REALISATIE,
        )
        .values("datum__quarter")
        .annotate(uren=Sum("uren"), bedrag=Sum("bedrag"))
    )
    uitkomst = {k: {"uren": Decimal(0), "bedrag": Decimal(0)} for k in (1, 2, 3, 4)}
    for rij in rijen:
        uitkomst[rij["datum__quarter"]] = {
            "uren": rij["uren"] or Decimal(0),
            "bedrag": rij["bedrag"] or Decimal(0),
        }
    return uitkomst


def _financieringsbron(loket_id, organisatie, jaar) -> Financieringsbron:
    bron = (
        Financieringsbron.objects.voor_loket(loket_id)
        .select_related("begroting__loket", "organisatie")
        .filter(
            begroting__jaar=jaar,
            organisatie=organisatie,
            soort=Financieringssoort.COFINANCIERING,
            vorm=Vorm.IN_NATURA,
        )
        .order_by("volgorde", "pk")
        .first()
    )
    if bron is None:
        raise ValidationError(
            f"De begroting {jaar} heeft geen cofinancieringsregel in natura voor {organisatie}. "
            "Vraag de projectleider die aan te leggen."
        )
    return bron


@transaction.atomic
def dien_uren_in(
    *, tarief: Tarief, kwartaal: int, medewerker: str, uren: Decimal, door
) -> Urenopgave:
    if door.organisatie_id is None:
        raise ValidationError("Uw account hoort bij geen partnerorganisatie.")
    if tarief.loket_id != door.loket_id or tarief.organisatie_id != door.organisatie_id:
        raise ValidationError({"tarief": "Kies een tarief van uw eigen organisatie."})
    if kwartaal not in (1, 2, 3, 4):
        raise ValidationError({"kwartaal": "Kies kwartaal 1 tot en met 4."})
    if uren is None or uren <= 0:
        raise ValidationError({"uren": "Het aantal uren is groter dan nul."})
    medewerker = (medewerker or "").strip()
    if not medewerker:
        raise ValidationError({"medewerker": "Vul de medewerker of functie in."})
    _financieringsbron(door.loket_id, door.organisatie, tarief.jaar)
    # The date the hours will be booked on; refuse now what approval would refuse later.
    datum = financiering.datum_voor_periode(tarief.jaar, kwartaal, None, timezone.localdate())
    financiering._controleer_niet_bevestigd(door.loket_id, door.organisatie_id, datum)
    if financiering.is_afgesloten(door.loket, datum):
        raise ValidationError(f"Kwartaal {kwartaal} van {tarief.jaar} is afgesloten.")
    opgave = Urenopgave.objects.create(
        loket_id=door.loket_id,
        organisatie_id=door.organisatie_id,
        jaar=tarief.jaar,
        kwartaal=kwartaal,
        tarief=tarief,
        medewerker=medewerker[:120],
        uren=uren,
        ingediend_door=door,
    )
    stuur_na_commit(tasks.meld_uren_ter_goedkeuring, opgave.pk)
    return opgave


def _vergrendel(opgave: Urenopgave, loket) -> Urenopgave:
    opgave = (
        Urenopgave.objects.voor_loket(loket)
        .select_for_update()
        .select_related("organisatie", "tarief")
        .get(pk=opgave.pk)
    )
    if opgave.status != Urenopgave.Status.INGEDIEND:
        raise ValidationError("Deze urenopgave is al beoordeeld.")
    return opgave


@transaction.atomic
def keur_goed(*, opgave: Urenopgave, door) -> Urenopgave:
    """Book the hours (in the quarter they are for) and mark the submission approved."""
    opgave = _vergrendel(opgave, door.loket)
    bron = _financieringsbron(opgave.loket_id, opgave.organisatie, opgave.jaar)
    inzet = financiering.registreer_uren(
        financieringsbron=bron,
        tarief=opgave.tarief,
        medewerker=opgave.medewerker,
        uren=opgave.uren,
        kwartaal=opgave.kwartaal,
        door=door,
    )
    opgave.status = Urenopgave.Status.GOEDGEKEURD
    opgave.uren_inzet = inzet
    opgave.beoordeeld_door = door
    opgave.beoordeeld_op = timezone.now()
    opgave.save(update_fields=["status", "uren_inzet", "beoordeeld_door", "beoordeeld_op"])
    return opgave


@transaction.atomic
def keur_af(*, opgave: Urenopgave, reden: str, door) -> Urenopgave:
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": "Geef de reden van de afkeuring."})
    opgave = _vergrendel(opgave, door.loket)
    opgave.status = Urenopgave.Status.AFGEKEURD
    opgave.reden_afkeuring = reden[:300]
    opgave.beoordeeld_door = door
    opgave.beoordeeld_op = timezone.now()
    opgave.save(update_fields=["status", "reden_afkeuring", "beoordeeld_door", "beoordeeld_op"])
    return opgave


@transaction.atomic
def bevestig_kwartaal(*, jaar: int, kwartaal: int, door) -> Kwartaalbevestiging:
    """The partner confirms its realisation of an ended quarter, once; submissions still waiting
    for approval must be judged first (otherwise they could never be booked)."""
    if door.organisatie_id is None:
        raise ValidationError("Uw account hoort bij geen partnerorganisatie.")
    if kwartaal not in (1, 2, 3, 4):
        raise ValidationError({"kwartaal": "Kies kwartaal 1 tot en met 4."})
    if timezone.localdate() <= financiering.einde_kwartaal(jaar, kwartaal):
        raise ValidationError(f"Kwartaal {kwartaal} van {jaar} is nog niet voorbij.")
    if (
        opgaven_van(door)
        .filter(jaar=jaar, kwartaal=kwartaal, status=Urenopgave.Status.INGEDIEND)
        .exists()
    ):
        raise ValidationError(
            f"Er wachten nog uren van kwartaal {kwartaal} van {jaar} op goedkeuring door de "
            "projectleider. Bevestig het kwartaal daarna."
        )
    try:
        with transaction.atomic():
            return Kwartaalbevestiging.objects.create(
                loket_id=door.loket_id,
                organisatie_id=door.organisatie_id,
                jaar=jaar,
                kwartaal=kwartaal,
                bevestigd_door=door,
            )
    except IntegrityError as exc:
        raise ValidationError(f"Kwartaal {kwartaal} van {jaar} is al bevestigd.") from exc
