"""Demo ledger: the 2010 Zuid-Kennemerland budget (seed 000) for the previous and the current year,
the partners' commitments, realised hours per quarter at role tariffs, spending, one reversal and
the closed quarters of the previous year (Q4 left open for late corrections)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from loket.constants import OrganisatieType, Rol
from loket.models import Loket, Organisatie, User
from loket.perioden import einde_kwartaal

from . import services
from .constants import BoekingSoort, Financieringssoort, Kostencategorie, NormBasis, Vorm
from .models import Begroting, Financieringsbron, Tarief

KOSTEN = [
    ("Loonkosten UWV (1,2 fte)", Kostencategorie.LOONKOSTEN, Decimal("75000")),
    ("Loonkosten overig", Kostencategorie.LOONKOSTEN, Decimal("50000")),
    ("Materiële kosten (communicatie)", Kostencategorie.MATERIEEL, Decimal("35000")),
    (
        "Kosten derden (projectleiding, training en advies)",
        Kostencategorie.DERDEN,
        Decimal("60000"),
    ),
    (
        "Overhead UWV (huisvesting, telefoon, reiskosten)",
        Kostencategorie.OVERHEAD,
        Decimal("15000"),
    ),
]
RIJKSBIJDRAGE = Decimal("182400")
# (organisation in loket.demo, line name, commitment, role, tariff)
PARTNERS = [
    ("MKB Haarlem", "MKB Haarlem (inzet uren)", Decimal("1500"), "Accountmanager MKB", "75.00"),
    (
        "UWV Werkbedrijf Haarlem",
        "UWV (aansturing en backoffice)",
        Decimal("12500"),
        "Teamleider UWV",
        "62.50",
    ),
    (
        "Nova College",
        "Nova College (EVC en duale trajecten)",
        Decimal("12500"),
        "Adviseur roc",
        "65.00",
    ),
    (
        "Colo (samenwerkende kenniscentra)",
        "Colo/kenniscentra (leerwerkaanbod)",
        Decimal("5000"),
        "Adviseur kenniscentrum",
        "68.00",
    ),
    ("Gemeente Haarlem", "Gemeente Haarlem/RMC", Decimal("17500"), "RMC-consulent", "58.00"),
    (
        "PAO Zuid-Kennemerland",
        "PAO (communicatie stuurgroep)",
        Decimal("5100"),
        "Adviseur PAO",
        "85.00",
    ),
]
# A neighbouring loket has other partner names: a partner of the same type takes the place.
PARTNER_TYPE = {
    "MKB Haarlem": OrganisatieType.WERKGEVERSORGANISATIE,
    "UWV Werkbedrijf Haarlem": OrganisatieType.UWV,
    "Nova College": OrganisatieType.ROC,
    "Colo (samenwerkende kenniscentra)": OrganisatieType.SBB,
    "Gemeente Haarlem": OrganisatieType.GEMEENTE,
    "PAO Zuid-Kennemerland": OrganisatieType.OVERIG,
}
# Share of the commitment really delivered per quarter (a partner or two lag behind).
LEVERING = {"MKB Haarlem": Decimal("0.15"), "PAO Zuid-Kennemerland": Decimal("0.20")}
STANDAARD_LEVERING = Decimal("0.25")


def _einde(jaar: int, kwartaal: int) -> datetime.date:
    return einde_kwartaal(jaar, kwartaal)


def _uren(bedrag: Decimal, tarief: Decimal) -> Decimal:
    """Hours worth about `bedrag`, to the half hour."""
    return (bedrag / tarief * 2).quantize(Decimal("1"), rounding=ROUND_HALF_UP) / 2


def _jaar(loket: Loket, jaar: int, vandaag: datetime.date, door) -> Begroting:
    begroting = services.haal_begroting(loket, jaar)
    # The demo replays the 2010 business plan (25 %) on recent years: set, and shown as set.
    services.stel_norm_in(
        begroting, percentage=Decimal("25"), basis=NormBasis.RIJKSBIJDRAGE, door=door
    )
    start = datetime.date(jaar, 1, 1)
    posten = [
        services.voeg_kostenpost_toe(
            begroting, naam=naam, categorie=categorie, bedrag=bedrag, datum=start, door=door
        )
        for naam, categorie, bedrag in KOSTEN
    ]
    rijk = services.voeg_financieringsbron_toe(
        begroting,
        naam="Rijksbijdrage SZW",
        soort=Financieringssoort.RIJKSBIJDRAGE,
        bedrag=RIJKSBIJDRAGE,
        datum=start,
        door=door,
    )
    organisaties = {o.naam: o for o in Organisatie.objects.voor_loket(loket).order_by("pk")}
    per_type: dict[str, Organisatie] = {}
    for o in organisaties.values():
        per_type.setdefault(o.type, o)
    bronnen: list[tuple[Financieringsbron, Tarief, str, Decimal]] = []
    for organisatie_naam, naam, toezegging, rol, tarief in PARTNERS:
        partner = organisaties.get(organisatie_naam) or per_type.get(PARTNER_TYPE[organisatie_naam])
        if partner is None:
            continue
        if partner.naam != organisatie_naam:
            naam = f"{partner.naam} (inzet uren)"
        bron = services.voeg_financieringsbron_toe(
            begroting,
            naam=naam,
            soort=Financieringssoort.COFINANCIERING,
            organisatie=partner,
            vorm=Vorm.IN_NATURA,
            bedrag=toezegging,
            datum=start,
            door=door,
        )
        bronnen.append(
            (
                bron,
                services.stel_tarief_in(loket, jaar, rol, Decimal(tarief), organisatie=partner),
                rol,
                toezegging,
            )
        )

    if datetime.date(jaar, 2, 1) <= vandaag:
        services.boek(
            loket=loket,
            jaar=jaar,
            soort=BoekingSoort.REALISATIE,
            financieringsbron=rijk,
            bedrag=RIJKSBIJDRAGE,
            datum=datetime.date(jaar, 2, 1),
            omschrijving="Beschikking rijksbijdrage",
            door=door,
        )
    for kwartaal in (1, 2, 3, 4):
        einde = _einde(jaar, kwartaal)
        if einde > vandaag:
            break
        for post, (_, _, bedrag) in zip(posten, KOSTEN, strict=True):
            services.boek(
                loket=loket,
                jaar=jaar,
                soort=BoekingSoort.UITGAVE,
                kostenpost=post,
                bedrag=(bedrag * Decimal("0.24")).quantize(Decimal("0.01")),
                datum=einde,
                omschrijving=f"Kosten Q{kwartaal}",
                door=door,
            )
        for bron, rol_tarief, rol, toezegging in bronnen:
            assert bron.organisatie is not None  # co-financing always names its partner
            aandeel = LEVERING.get(bron.organisatie.naam, STANDAARD_LEVERING)
            services.registreer_uren(
                financieringsbron=bron,
                tarief=rol_tarief,
                medewerker=rol,
                uren=_uren(toezegging * aandeel, rol_tarief.uurtarief),
                kwartaal=kwartaal,
                datum=einde,
                door=door,
            )
    return begroting


@transaction.atomic
def maak_demo_financiering(loket: Loket, vandaag: datetime.date | None = None) -> int:
    """Budgets for the previous and current year; returns the number of bookings made."""
    if Begroting.objects.voor_loket(loket).exists():
        return 0
    from .models import Boeking

    vandaag = vandaag or timezone.localdate()
    door = User.objects.filter(loket=loket, rol=Rol.PROJECTLEIDER).first()
    vorig = _jaar(loket, vandaag.year - 1, vandaag, door)
    _jaar(loket, vandaag.year, vandaag, door)
    # A wrong booking in the previous year, corrected by a reversal, then Q1-Q3 closed.
    post = vorig.kostenposten.order_by("volgorde").last()
    fout = services.boek(
        loket=loket,
        jaar=vorig.jaar,
        soort=BoekingSoort.UITGAVE,
        kostenpost=post,
        bedrag=Decimal("1250.00"),
        datum=datetime.date(vorig.jaar, 9, 15),
        omschrijving="Huur zaal voorlichtingsbijeenkomst",
        door=door,
    )
    services.tegenboek(
        fout,
        reden="Dubbel geboekt: de factuur stond al bij de materiële kosten.",
        datum=datetime.date(vorig.jaar, 10, 2),
        door=door,
    )
    for kwartaal in (1, 2, 3):
        services.sluit_kwartaal(loket, vorig.jaar, kwartaal, door=door)
    return Boeking.objects.voor_loket(loket).count()
