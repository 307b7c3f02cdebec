"""Every write of the ledger, each in one transaction. The database enforces the same rules
(triggers and check constraints); the service says it first, in Dutch, for the user."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, InternalError, connection, transaction
from django.utils import timezone

from loket.datums import controleer_datum
from loket.fouten import DomeinFout
from loket.geld import MAX_BEDRAG, rond_af
from loket.models import Loket, Organisatie
from loket.perioden import einde_kwartaal, kwartaal_van, kwartaal_van_maand
from loket.perioden import kwartaal as kwartaalperiode

from .constants import BoekingSoort, Financieringssoort, Kostencategorie, NormBasis, Vorm
from .models import (
    Begroting,
    Boeking,
    Financieringsbron,
    Kostenpost,
    Kwartaalafsluiting,
    Kwartaalbevestiging,
    Tarief,
    UrenInzet,
)


def einde_maand(jaar: int, maand: int) -> datetime.date:
    if maand == 12:
        return datetime.date(jaar, 12, 31)
    return datetime.date(jaar, maand + 1, 1) - datetime.timedelta(days=1)


def datum_voor_periode(
    jaar: int, kwartaal: int, maand: int | None, vandaag: datetime.date
) -> datetime.date:
    """The date hours for a month or quarter are about: the period's last day, or today while the
    period is still running. The quarter the hours are for decides where they count, not the day
    they were typed in (hours typed on 1 December for Q1 count in Q1)."""
    if maand:
        begin, einde = datetime.date(jaar, maand, 1), einde_maand(jaar, maand)
    else:
        kw = kwartaalperiode(jaar, kwartaal)
        begin, einde = kw.van, kw.tot
    if vandaag < begin:
        periode = f"maand {maand:02d}-{jaar}" if maand else f"kwartaal {kwartaal} van {jaar}"
        raise DomeinFout(
            f"De {periode} is nog niet begonnen: boek uren pas als ze zijn geleverd.",
            code="periode_niet_begonnen",
        )
    return min(einde, vandaag)


def is_afgesloten(loket: Loket, datum: datetime.date) -> bool:
    return Kwartaalafsluiting.objects.voor_loket(
        loket, jaar=datum.year, kwartaal=kwartaal_van(datum)
    ).exists()


def _controleer_open(loket: Loket, datum: datetime.date) -> None:
    if is_afgesloten(loket, datum):
        raise DomeinFout(
            f"Kwartaal {kwartaal_van(datum)} van {datum.year} is afgesloten. "
            "Boek de correctie in een open periode.",
            code="kwartaal_afgesloten",
        )


def bevestiging_van(loket_id: int, organisatie_id: int | None, datum: datetime.date):
    """The partner's confirmation of the quarter `datum` lies in, or None."""
    if organisatie_id is None:
        return None
    return (
        Kwartaalbevestiging.objects.voor_loket(loket_id)
        .select_related("organisatie")
        .filter(
            organisatie_id=organisatie_id,
            jaar=datum.year,
            kwartaal=kwartaal_van(datum),
        )
        .first()
    )


def _controleer_niet_bevestigd(loket_id: int, organisatie_id: int | None, datum) -> None:
    bevestiging = bevestiging_van(loket_id, organisatie_id, datum)
    if bevestiging is not None:
        raise DomeinFout(
            f"{bevestiging.organisatie} heeft kwartaal {bevestiging.kwartaal} van "
            f"{bevestiging.jaar} op {timezone.localtime(bevestiging.bevestigd_op):%d-%m-%Y} "
            "bevestigd: boekingen in dat kwartaal liggen vast. Corrigeer met een tegenboeking "
            "in een later kwartaal.",
            code="kwartaal_bevestigd",
        )


def _insert(boeking: Boeking) -> Boeking:
    """Insert a booking; a refusal by the database becomes a DomeinFout (never a 500)."""
    try:
        with transaction.atomic():
            boeking.save(force_insert=True)
    except (IntegrityError, InternalError) as exc:
        raise DomeinFout(
            f"De database weigert deze boeking: {str(exc).splitlines()[0]}", code="database"
        ) from exc
    return boeking


def haal_begroting(loket: Loket, jaar: int) -> Begroting:
    begroting, _ = Begroting.objects.voor_loket(loket).get_or_create(loket=loket, jaar=jaar)
    return begroting


@transaction.atomic
def stel_norm_in(begroting: Begroting, *, percentage: Decimal, basis: str, door=None) -> Begroting:
    """The projectleider sets the year's norm (otherwise it follows the year); who and when are
    kept and shown next to the norm."""
    if basis not in NormBasis.values:
        raise DomeinFout("Kies een basis voor de norm.")
    if not Decimal("0") <= percentage <= Decimal("100"):
        raise DomeinFout("Het normpercentage ligt tussen 0 en 100.")
    begroting.norm_percentage = rond_af(percentage)
    begroting.norm_basis = basis
    begroting.norm_ingesteld_door = door
    begroting.norm_ingesteld_op = timezone.now()
    begroting.save(
        update_fields=["norm_percentage", "norm_basis", "norm_ingesteld_door", "norm_ingesteld_op"]
    )
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
        raise DomeinFout(
            "Kies precies één begrotingsregel: een kostenpost of een financieringsregel."
        )
    regel = kostenpost or financieringsbron
    assert regel is not None  # exactly one of the two, checked above
    if regel.begroting.loket_id != loket.pk or regel.begroting.jaar != jaar:
        raise DomeinFout("Deze begrotingsregel hoort niet bij dit loket en jaar.")
    if soort == BoekingSoort.UITGAVE and kostenpost is None:
        raise DomeinFout("Een uitgave boekt u op een kostenpost.")
    if soort in (BoekingSoort.TOEZEGGING, BoekingSoort.REALISATIE) and financieringsbron is None:
        raise DomeinFout("Een toezegging of realisatie boekt u op een financieringsregel.")
    if soort not in BoekingSoort.values:
        raise DomeinFout("Onbekende soort boeking.")
    if financieringsbron is not None:
        if financieringsbron.is_cofinanciering and soort == BoekingSoort.BEGROOT:
            raise DomeinFout(
                "De begroting van een cofinancieringsregel is de toezegging van de partner: "
                "boek een toezegging."
            )
        if not financieringsbron.is_cofinanciering and soort == BoekingSoort.TOEZEGGING:
            raise DomeinFout("Alleen een partner (cofinanciering) doet een toezegging.")
        organisatie = financieringsbron.organisatie
    if (uren is None) != (tarief is None):
        raise DomeinFout("Vul bij inzet in natura zowel de uren als het uurtarief in.")
    if uren is not None:
        assert tarief is not None  # both or neither, checked above
        if soort != BoekingSoort.REALISATIE:
            raise DomeinFout("Uren boekt u alleen als realisatie.")
        if uren <= 0 or tarief <= 0:
            raise DomeinFout("Uren en uurtarief zijn groter dan nul.")
        berekend = rond_af(uren * tarief)
        if bedrag is not None and rond_af(bedrag) != berekend:
            raise DomeinFout(f"Het bedrag in natura is uren × tarief = {berekend}, niet {bedrag}.")
        bedrag = berekend
    if bedrag is None or bedrag <= 0:
        raise DomeinFout("Het bedrag is groter dan nul; een correctie is een tegenboeking.")
    if bedrag > MAX_BEDRAG:
        raise DomeinFout("Het bedrag is te groot.")
    with transaction.atomic():
        _controleer_open(loket, datum)
        _controleer_niet_bevestigd(loket.pk, organisatie.pk if organisatie else None, datum)
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
        raise DomeinFout("Geef de reden van de tegenboeking op.")
    datum = datum or timezone.localdate()
    controleer_datum(datum)
    with transaction.atomic():
        origineel = (
            Boeking.objects.voor_loket(origineel.loket_id).select_for_update().get(pk=origineel.pk)
        )
        if origineel.is_tegenboeking:
            raise DomeinFout("Een tegenboeking kan zelf niet worden tegengeboekt.")
        if Boeking.objects.voor_loket(origineel.loket_id, tegenboeking_van=origineel).exists():
            raise DomeinFout("Deze boeking is al tegengeboekt.")
        _controleer_open(origineel.loket, datum)
        _controleer_niet_bevestigd(origineel.loket_id, origineel.organisatie_id, datum)
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


def waarom_niet_sluitbaar(loket: Loket, jaar: int, kwartaal: int) -> str:
    """Why this quarter cannot be closed now, in Dutch; empty when it can."""
    if timezone.localdate() <= einde_kwartaal(jaar, kwartaal):
        return f"Kwartaal {kwartaal} van {jaar} is nog niet voorbij."
    if Kwartaalafsluiting.objects.voor_loket(loket, jaar=jaar, kwartaal=kwartaal).exists():
        return f"Kwartaal {kwartaal} van {jaar} is al afgesloten."
    return ""


@transaction.atomic
def sluit_kwartaal(loket: Loket, jaar: int, kwartaal: int, *, door=None) -> Kwartaalafsluiting:
    """Close a quarter once it has ended (Europe/Amsterdam). It is never reopened."""
    if kwartaal not in (1, 2, 3, 4):
        raise DomeinFout("Kies kwartaal 1 tot en met 4.")
    if timezone.localdate() <= einde_kwartaal(jaar, kwartaal):
        raise DomeinFout(f"Kwartaal {kwartaal} van {jaar} is nog niet voorbij.")
    # Wait for bookings being inserted right now, and hold new ones until this closing commits:
    # their insert trigger then sees the closed quarter.
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {Boeking._meta.db_table} IN SHARE MODE")
    if Kwartaalafsluiting.objects.voor_loket(loket, jaar=jaar, kwartaal=kwartaal).exists():
        raise DomeinFout(f"Kwartaal {kwartaal} van {jaar} is al afgesloten.")
    try:
        with transaction.atomic():
            return Kwartaalafsluiting.objects.create(
                loket=loket, jaar=jaar, kwartaal=kwartaal, afgesloten_door=door
            )
    except IntegrityError as exc:
        raise DomeinFout(f"Kwartaal {kwartaal} van {jaar} is al afgesloten.") from exc


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
        raise DomeinFout(f"Er is al een kostenpost '{naam}' in de begroting {begroting.jaar}.")
    if categorie not in Kostencategorie.values:
        raise DomeinFout("Kies een categorie.")
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
        raise DomeinFout(
            f"Er is al een financieringsregel '{naam}' in de begroting {begroting.jaar}."
        )
    if soort not in Financieringssoort.values:
        raise DomeinFout("Kies de soort financiering.")
    if vorm not in Vorm.values:
        raise DomeinFout("Kies cash of in natura.")
    if soort == Financieringssoort.COFINANCIERING and organisatie is None:
        raise DomeinFout("Kies de partner die de cofinanciering levert.")
    if organisatie is not None and organisatie.loket_id != begroting.loket_id:
        raise DomeinFout("Deze partner hoort niet bij uw loket.")
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
def stel_tarief_in(
    loket: Loket, jaar: int, rol: str, uurtarief: Decimal, *, organisatie: Organisatie
) -> Tarief:
    """A partner's hourly tariff for a role in a year (the partner's own hours only)."""
    rol = rol.strip()
    if uurtarief <= 0:
        raise DomeinFout("Het uurtarief is groter dan nul.")
    if organisatie is None or organisatie.loket_id != loket.pk:
        raise DomeinFout({"organisatie": "Kies een partner van uw loket."})
    if Tarief.objects.voor_loket(
        loket, jaar=jaar, organisatie=organisatie, rol__iexact=rol
    ).exists():
        raise DomeinFout(
            f"Voor '{rol}' van {organisatie.naam} is in {jaar} al een tarief vastgelegd; "
            "geboekte uren houden hun tarief."
        )
    return Tarief.objects.create(
        loket=loket, jaar=jaar, organisatie=organisatie, rol=rol, uurtarief=rond_af(uurtarief)
    )


def controleer_tarief_van_partner(tarief: Tarief, financieringsbron: Financieringsbron) -> None:
    """A tariff values only its own partner's hours: roc hours at UWV's tariff are refused."""
    if tarief.organisatie_id is None:
        raise DomeinFout(
            {
                "tarief": f"Het tarief '{tarief.rol}' hoort bij geen partner. Leg onder Tarieven "
                f"een tarief vast voor {financieringsbron.organisatie}."
            }
        )
    if tarief.organisatie_id != financieringsbron.organisatie_id:
        raise DomeinFout(
            {
                "tarief": f"Het tarief '{tarief.rol}' hoort bij {tarief.organisatie}, niet bij "
                f"{financieringsbron.organisatie}. Kies een tarief van "
                f"{financieringsbron.organisatie}."
            }
        )


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
    """A partner's hours for a month or quarter, booked as an in-natura realisation dated in that
    period (see datum_voor_periode); an explicit `datum` must lie in the period."""
    begroting = financieringsbron.begroting
    if not financieringsbron.is_cofinanciering or financieringsbron.vorm != Vorm.IN_NATURA:
        raise DomeinFout("Uren boekt u op een cofinancieringsregel in natura.")
    assert financieringsbron.organisatie is not None  # co-financing always names its partner
    if tarief.loket_id != begroting.loket_id or tarief.jaar != begroting.jaar:
        raise DomeinFout("Kies een tarief van hetzelfde jaar.")
    controleer_tarief_van_partner(tarief, financieringsbron)
    if maand is not None and kwartaal_van_maand(maand) != kwartaal:
        raise DomeinFout(f"Maand {maand} valt niet in kwartaal {kwartaal}.")
    medewerker = medewerker.strip()
    if not medewerker:
        raise DomeinFout("Vul de medewerker of functie in.")
    periode = f"{maand:02d}-{begroting.jaar}" if maand else f"Q{kwartaal} {begroting.jaar}"
    if datum is None:
        datum = datum_voor_periode(begroting.jaar, kwartaal, maand, timezone.localdate())
    elif datum.year != begroting.jaar or (
        (datum.month != maand) if maand else (kwartaal_van(datum) != kwartaal)
    ):
        raise DomeinFout(f"De boekdatum {datum:%d-%m-%Y} valt niet in de periode {periode}.")
    if is_afgesloten(begroting.loket, datum):
        raise DomeinFout(
            f"Kwartaal {kwartaal} van {begroting.jaar} is afgesloten: uren voor die periode "
            "kunnen niet meer worden geboekt.",
            code="kwartaal_afgesloten",
        )
    _controleer_niet_bevestigd(begroting.loket_id, financieringsbron.organisatie_id, datum)
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
def importeer_begroting(
    begroting: Begroting,
    regels: list[Begrotingsregel],
    *,
    datum: datetime.date | None = None,
    door=None,
) -> int:
    """Book validated import rows: all or nothing, dated `datum` (the budget's and commitments'
    own date; today when not given)."""
    for regel in regels:
        if regel.kant == "kosten":
            voeg_kostenpost_toe(
                begroting,
                naam=regel.naam,
                categorie=regel.soort,
                bedrag=regel.bedrag,
                datum=datum,
                door=door,
            )
        else:
            voeg_financieringsbron_toe(
                begroting,
                naam=regel.naam,
                soort=regel.soort,
                bedrag=regel.bedrag,
                organisatie=regel.organisatie,
                vorm=regel.vorm,
                datum=datum,
                door=door,
            )
    return len(regels)
