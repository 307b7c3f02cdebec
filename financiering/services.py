"""Every write of the ledger, each in one transaction. The database enforces the same rules
(triggers and check constraints); the service says it first, in Dutch, for the user."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, InternalError, connection, transaction
from django.utils import timezone

from loket.datums import controleer_datum
from loket.models import Loket, Organisatie

from .constants import BoekingSoort, Financieringssoort, Kostencategorie, NormBasis, Vorm
from .geld import MAX_BEDRAG, rond_af
from .models import (
    Begroting,
    Boeking,
    Financieringsbron,
    Kostenpost,
    Kwartaalafsluiting,
    Tarief,
    UrenInzet,
)


def kwartaal_van(datum: datetime.date) -> int:
    return (datum.month - 1) // 3 + 1


def einde_kwartaal(jaar: int, kwartaal: int) -> datetime.date:
    if kwartaal == 4:
        return datetime.date(jaar, 12, 31)
    return datetime.date(jaar, kwartaal * 3 + 1, 1) - datetime.timedelta(days=1)


def is_afgesloten(loket: Loket, datum: datetime.date) -> bool:
    return Kwartaalafsluiting.objects.filter(
        loket=loket, jaar=datum.year, kwartaal=kwartaal_van(datum)
    ).exists()


def _controleer_open(loket: Loket, datum: datetime.date) -> None:
    if is_afgesloten(loket, datum):
        raise ValidationError(
            f"Kwartaal {kwartaal_van(datum)} van {datum.year} is afgesloten. "
            "Boek de correctie in een open periode.",
            code="kwartaal_afgesloten",
        )


def _insert(boeking: Boeking) -> Boeking:
    """Insert a booking; a refusal by the database becomes a ValidationError (never a 500)."""
    try:
        with transaction.atomic():
            boeking.save(force_insert=True)
    except (IntegrityError, InternalError) as exc:
        raise ValidationError(
            f"De database weigert deze boeking: {str(exc).splitlines()[0]}", code="database"
        ) from exc
    return boeking


def haal_begroting(loket: Loket, jaar: int) -> Begroting:
    begroting, _ = Begroting.objects.get_or_create(loket=loket, jaar=jaar)
    return begroting


@transaction.atomic
def stel_norm_in(begroting: Begroting, *, percentage: Decimal, basis: str) -> Begroting:
    if basis not in NormBasis.values:
        raise ValidationError("Kies een basis voor de norm.")
    if not Decimal("0") <= percentage <= Decimal("100"):
        raise ValidationError("Het normpercentage ligt tussen 0 en 100.")
    begroting.norm_percentage = rond_af(percentage)
    begroting.norm_basis = basis
    begroting.save(update_fields=["norm_percentage", "norm_basis"])
    return begroting


def boek(
    *,
    loket: Loket,
    jaar: int,
    soort: str,
    bedrag: Decimal | None = None,
    kostenpost: Kostenpost | None = None,
    financieringsbron: Financieringsbron | None = None,
    datum: datetime.date | None = None,
    uren: Decimal | None = None,
    tarief: Decimal | None = None,
    organisatie: Organisatie | None = None,
    omschrijving: str = "",
    door=None,
) -> Boeking:
    """Book one fact on one budget line. With uren and tarief the amount is uren x tarief."""
    datum = datum or timezone.localdate()
    controleer_datum(datum)  # years 1 and 9999 were accepted (issue 20)
    if (kostenpost is None) == (financieringsbron is None):
        raise ValidationError(
            "Kies precies één begrotingsregel: een kostenpost of een financieringsregel."
        )
    regel = kostenpost or financieringsbron
    if regel.begroting.loket_id != loket.pk or regel.begroting.jaar != jaar:
        raise ValidationError("Deze begrotingsregel hoort niet bij dit loket en jaar.")
    if soort == BoekingSoort.UITGAVE and kostenpost is None:
        raise ValidationError("Een uitgave boekt u op een kostenpost.")
    if soort in (BoekingSoort.TOEZEGGING, BoekingSoort.REALISATIE) and financieringsbron is None:
        raise ValidationError("Een toezegging of realisatie boekt u op een financieringsregel.")
    if soort not in BoekingSoort.values:
        raise ValidationError("Onbekende soort boeking.")
    if financieringsbron is not None:
        if financieringsbron.is_cofinanciering and soort == BoekingSoort.BEGROOT:
            raise ValidationError(
                "De begroting van een cofinancieringsregel is de toezegging van de partner: "
                "boek een toezegging."
            )
        if not financieringsbron.is_cofinanciering and soort == BoekingSoort.TOEZEGGING:
            raise ValidationError("Alleen een partner (cofinanciering) doet een toezegging.")
        organisatie = financieringsbron.organisatie
    if (uren is None) != (tarief is None):
        raise ValidationError("Vul bij inzet in natura zowel de uren als het uurtarief in.")
    if uren is not None:
        if soort != BoekingSoort.REALISATIE:
            raise ValidationError("Uren boekt u alleen als realisatie.")
        if uren <= 0 or tarief <= 0:
            raise ValidationError("Uren en uurtarief zijn groter dan nul.")
        berekend = rond_af(uren * tarief)
        if bedrag is not None and rond_af(bedrag) != berekend:
            raise ValidationError(
                f"Het bedrag in natura is uren × tarief = {berekend}, niet {bedrag}."
            )
        bedrag = berekend
    if bedrag is None or bedrag <= 0:
        raise ValidationError("Het bedrag is groter dan nul; een correctie is een tegenboeking.")
    if bedrag > MAX_BEDRAG:
        raise ValidationError("Het bedrag is te groot.")
    with transaction.atomic():
        _controleer_open(loket, datum)
        return _insert(
            Boeking(
                loket=loket,
                jaar=jaar,
                datum=datum,
                soort=soort,
                kostenpost=kostenpost,
                financieringsbron=financieringsbron,
                organisatie=organisatie,
                bedrag=rond_af(bedrag),
                uren=uren,
                tarief=tarief,
                omschrijving=omschrijving[:200],
                geboekt_door=door,
            )
        )


def tegenboek(
    origineel: Boeking, *, reden: str, datum: datetime.date | None = None, door=None
) -> Boeking:
    """Reverse a booking once: the exact negation, dated in an open period, with a reason."""
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError("Geef de reden van de tegenboeking op.")
    datum = datum or timezone.localdate()
    controleer_datum(datum)
    with transaction.atomic():
        origineel = Boeking.objects.select_for_update().get(pk=origineel.pk)
        if origineel.is_tegenboeking:
            raise ValidationError("Een tegenboeking kan zelf niet worden tegengeboekt.")
        if Boeking.objects.filter(tegenboeking_van=origineel).exists():
            raise ValidationError("Deze boeking is al tegengeboekt.")
        _controleer_open(origineel.loket, datum)
        return _insert(
            Boeking(
                loket_id=origineel.loket_id,
                jaar=origineel.jaar,
                datum=datum,
                soort=origineel.soort,
                kostenpost_id=origineel.kostenpost_id,
                financieringsbron_id=origineel.financieringsbron_id,
                organisatie_id=origineel.organisatie_id,
                bedrag=-origineel.bedrag,
                uren=-origineel.uren if origineel.uren is not None else None,
                tarief=origineel.tarief,
                omschrijving=f"Tegenboeking van boeking {origineel.pk}",
                tegenboeking_van=origineel,
                reden=reden[:300],
                geboekt_door=door,
            )
        )


@transaction.atomic
def sluit_kwartaal(loket: Loket, jaar: int, kwartaal: int, *, door=None) -> Kwartaalafsluiting:
    """Close a quarter once it has ended (Europe/Amsterdam). It is never reopened."""
    if kwartaal not in (1, 2, 3, 4):
        raise ValidationError("Kies kwartaal 1 tot en met 4.")
    if timezone.localdate() <= einde_kwartaal(jaar, kwartaal):
        raise ValidationError(f"Kwartaal {kwartaal} van {jaar} is nog niet voorbij.")
    # Wait for bookings being inserted right now, and hold new ones until this closing commits:
    # their insert trigger then sees the closed quarter.
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {Boeking._meta.db_table} IN SHARE MODE")
    if Kwartaalafsluiting.objects.filter(loket=loket, jaar=jaar, kwartaal=kwartaal).exists():
        raise ValidationError(f"Kwartaal {kwartaal} van {jaar} is al afgesloten.")
    try:
        with transaction.atomic():
            return Kwartaalafsluiting.objects.create(
                loket=loket, jaar=jaar, kwartaal=kwartaal, afgesloten_door=door
            )
    except IntegrityError as exc:
        raise ValidationError(f"Kwartaal {kwartaal} van {jaar} is al afgesloten.") from exc


@transaction.atomic
def voeg_kostenpost_toe(
    begroting: Begroting,
    *,
    naam: str,
    categorie: str,
    bedrag: Decimal,
    datum: datetime.date | None = None,
    door=None,
) -> Kostenpost:
    naam = naam.strip()
    if begroting.kostenposten.filter(naam__iexact=naam).exists():
        raise ValidationError(f"Er is al een kostenpost '{naam}' in de begroting {begroting.jaar}.")
    if categorie not in Kostencategorie.values:
        raise ValidationError("Kies een categorie.")
    post = Kostenpost.objects.create(
        begroting=begroting,
        naam=naam,
        categorie=categorie,
        volgorde=begroting.kostenposten.count() + 1,
    )
    boek(
        loket=begroting.loket,
        jaar=begroting.jaar,
        soort=BoekingSoort.BEGROOT,
        kostenpost=post,
        bedrag=bedrag,
        datum=datum,
        omschrijving="Begroting",
        door=door,
    )
    return post


@transaction.atomic
def voeg_financieringsbron_toe(
    begroting: Begroting,
    *,
    naam: str,
    soort: str,
    bedrag: Decimal,
    organisatie: Organisatie | None = None,
    vorm: str = Vorm.CASH,
    datum: datetime.date | None = None,
    door=None,
) -> Financieringsbron:
    """A financing line with its budgeted amount; for a partner that amount is a toezegging."""
    naam = naam.strip()
    if begroting.financieringsbronnen.filter(naam__iexact=naam).exists():
        raise ValidationError(
            f"Er is al een financieringsregel '{naam}' in de begroting {begroting.jaar}."
        )
    if soort not in Financieringssoort.values:
        raise ValidationError("Kies de soort financiering.")
    if vorm not in Vorm.values:
        raise ValidationError("Kies cash of in natura.")
    if soort == Financieringssoort.COFINANCIERING and organisatie is None:
        raise ValidationError("Kies de partner die de cofinanciering levert.")
    if organisatie is not None and organisatie.loket_id != begroting.loket_id:
        raise ValidationError("Deze partner hoort niet bij uw loket.")
    bron = Financieringsbron.objects.create(
        begroting=begroting,
        naam=naam,
        soort=soort,
        organisatie=organisatie,
        vorm=vorm,
        volgorde=begroting.financieringsbronnen.count() + 1,
    )
    boek(
        loket=begroting.loket,
        jaar=begroting.jaar,
        soort=(
            BoekingSoort.TOEZEGGING
            if soort == Financieringssoort.COFINANCIERING
            else BoekingSoort.BEGROOT
        ),
        financieringsbron=bron,
        bedrag=bedrag,
        datum=datum,
        omschrijving="Toezegging" if soort == Financieringssoort.COFINANCIERING else "Begroting",
        door=door,
    )
    return bron


@transaction.atomic
def stel_tarief_in(loket: Loket, jaar: int, rol: str, uurtarief: Decimal) -> Tarief:
    rol = rol.strip()
    if uurtarief <= 0:
        raise ValidationError("Het uurtarief is groter dan nul.")
    if Tarief.objects.filter(loket=loket, jaar=jaar, rol__iexact=rol).exists():
        raise ValidationError(
            f"Voor '{rol}' is in {jaar} al een tarief vastgelegd; geboekte uren houden hun tarief."
        )
    return Tarief.objects.create(loket=loket, jaar=jaar, rol=rol, uurtarief=rond_af(uurtarief))


@transaction.atomic
def registreer_uren(
    *,
    financieringsbron: Financieringsbron,
    tarief: Tarief,
    medewerker: str,
    uren: Decimal,
    kwartaal: int,
    maand: int | None = None,
    datum: datetime.date | None = None,
    door=None,
) -> UrenInzet:
    """A partner's hours for a month or quarter, booked as an in-natura realisation."""
    begroting = financieringsbron.begroting
    if not financieringsbron.is_cofinanciering or financieringsbron.vorm != Vorm.IN_NATURA:
        raise ValidationError("Uren boekt u op een cofinancieringsregel in natura.")
    if tarief.loket_id != begroting.loket_id or tarief.jaar != begroting.jaar:
        raise ValidationError("Kies een tarief van hetzelfde jaar.")
    if maand is not None and (maand + 2) // 3 != kwartaal:
        raise ValidationError(f"Maand {maand} valt niet in kwartaal {kwartaal}.")
    medewerker = medewerker.strip()
    if not medewerker:
        raise ValidationError("Vul de medewerker of functie in.")
    periode = f"{maand:02d}-{begroting.jaar}" if maand else f"Q{kwartaal} {begroting.jaar}"
    boeking = boek(
        loket=begroting.loket,
        jaar=begroting.jaar,
        soort=BoekingSoort.REALISATIE,
        financieringsbron=financieringsbron,
        uren=uren,
        tarief=tarief.uurtarief,
        datum=datum,
        omschrijving=f"Uren {medewerker} ({tarief.rol}) {periode}",
        door=door,
    )
    return UrenInzet.objects.create(
        loket=begroting.loket,
        jaar=begroting.jaar,
        kwartaal=kwartaal,
        maand=maand,
        organisatie=financieringsbron.organisatie,
        tarief=tarief,
        medewerker=medewerker[:120],
        uren=uren,
        boeking=boeking,
        ingevoerd_door=door,
    )


@dataclass(frozen=True)
class Begrotingsregel:
    """One validated row of a budget import."""

    regelnummer: int
    kant: str  # "kosten" or "financiering"
    naam: str
    soort: str  # Kostencategorie for costs, Financieringssoort for financing
    bedrag: Decimal
    organisatie: Organisatie | None = None
    vorm: str = Vorm.CASH


@transaction.atomic
def importeer_begroting(begroting: Begroting, regels: list[Begrotingsregel], *, door=None) -> int:
    """Book validated import rows: all or nothing."""
    for regel in regels:
        if regel.kant == "kosten":
            voeg_kostenpost_toe(
                begroting, naam=regel.naam, categorie=regel.soort, bedrag=regel.bedrag, door=door
            )
        else:
            voeg_financieringsbron_toe(
                begroting,
                naam=regel.naam,
                soort=regel.soort,
                bedrag=regel.bedrag,
                organisatie=regel.organisatie,
                vorm=regel.vorm,
                door=door,
            )
    return len(regels)
