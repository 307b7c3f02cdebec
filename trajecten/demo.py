"""Demo qualifications, employers (with contacts) and a few hundred trajectories in every stage
over the last two years, each with events that match its stage. Employers and people are
fictional; the qualifications look like real mbo qualifications (opleidingscode, niveau)."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from clients.constants import WerkgeverscontactSoort
from clients.models import Intake, Werkgever, Werkgeverscontact
from loket.constants import OrganisatieType, Rol
from loket.models import Loket, Organisatie, User

from .constants import (
    EINDSTADIA,
    STADIA,
    UITKOMSTEN_PER_EINDSTADIUM,
    BronVanFinanciering,
    FinancieringsStatus,
    Status,
    TrajectType,
)
from .models import FinancieringsRegel, Kwalificatie, Traject, TrajectGebeurtenis

KWALIFICATIES = [
    ("25491", "Verzorgende-IG", 3),
    ("25498", "Medewerker maatschappelijke zorg", 3),
    ("25485", "Pedagogisch medewerker kinderopvang", 3),
    ("25480", "Mbo-verpleegkundige", 4),
    ("25445", "Logistiek medewerker", 2),
    ("25180", "Zelfstandig werkend kok", 3),
    ("25181", "Kok", 2),
    ("25325", "Eerste monteur elektrotechnische installaties", 3),
    ("25326", "Monteur elektrotechnische installaties", 2),
    ("25402", "Allround timmerman", 3),
    ("25407", "Timmerman", 2),
    ("25391", "Medewerker secretariaat en receptie", 2),
    ("25262", "Eerste monteur mechatronica", 3),
    ("25414", "Verkoopspecialist", 3),
    ("25427", "Schoonmaker", 1),
]
WERKGEVERS = [
    ("Zorggroep Spaarnestad", "Zorg en welzijn", True),
    ("Kinderopvang De Duinroos", "Kinderopvang", True),
    ("Installatiebedrijf Kennemer Techniek", "Techniek", True),
    ("Bouwbedrijf IJmond Vast", "Bouw", True),
    ("Restaurant Het Zilte Zand", "Horeca", True),
    ("Logistiek Centrum Velsen-Noord", "Logistiek", True),
    ("Woonzorg Bloemendaal", "Zorg en welzijn", True),
    ("Garagebedrijf Spaarndam", "Mobiliteit", False),
    ("Schoonmaakbedrijf Glans", "Schoonmaak", True),
    ("Winkelketen Duinmarkt", "Retail", True),
    ("Havenbedrijf Noordkade", "Logistiek", False),
    ("Metaalbewerking Hoogovenweg", "Techniek", True),
    ("Hotel Boulevard Zandvoort", "Horeca", False),
    ("Thuiszorg Heemstede", "Zorg en welzijn", True),
    ("Timmerfabriek Beverwijk", "Bouw", True),
    ("Kantoorservice Haarlem-Noord", "Zakelijke dienstverlening", False),
    ("Elektro Heemskerk", "Techniek", True),
    ("Bakkerij Het Korenschoof", "Voeding", True),
    ("Tuincentrum Kennemerduin", "Groen", False),
    ("Verpleeghuis De Waterlelie", "Zorg en welzijn", True),
]
# Employers of the neighbouring region Zaanstreek/Waterland (demo loketten ZAAN and WTLD).
WERKGEVERS_PER_REGIO = {
    "ZW": [
        ("Zorgcentrum De Zaan", "Zorg en welzijn", True),
        ("Kinderopvang Het Zaanse Zonnetje", "Kinderopvang", True),
        ("Installatietechniek Wormerveer", "Techniek", True),
        ("Bouwbedrijf Purmer", "Bouw", True),
        ("Chocoladefabriek Zaandam-Oost", "Voeding", True),
        ("Distributiecentrum Westzaan", "Logistiek", True),
        ("Visafslag Volendam", "Voeding", False),
        ("Woonzorg Waterland", "Zorg en welzijn", True),
        ("Garage De Purmer", "Mobiliteit", True),
        ("Hotel Dijkzicht Edam", "Horeca", False),
        ("Metaalbedrijf Zaanbocht", "Techniek", True),
        ("Supermarkt Landsmeer", "Retail", True),
    ]
}
CONTACTPERSONEN = ["A. de Graaf", "M. Pronk", "S. Yilmaz", "J. Verbeek", "R. Koster", "L. Hoekstra"]
# Typical days spent in each stage before the next one.
DUUR = {
    Status.AANGEMELD: (7, 30),
    Status.INTAKE: (7, 21),
    Status.PORTFOLIO: (20, 70),
    Status.ASSESSMENT: (7, 30),
    Status.LEERBAAN_GEZOCHT: (14, 90),
    Status.GEPLAATST: (7, 45),
    Status.GESTART: (300, 700),
}


def maak_kwalificaties() -> list[Kwalificatie]:
    return [
        Kwalificatie.objects.get_or_create(crebo=crebo, defaults={"naam": naam, "niveau": niveau})[
            0
        ]
        for crebo, naam, niveau in KWALIFICATIES
    ]


def maak_werkgevers(
    loket: Loket, rng: random.Random, coaches: list[User], contacten: int = 80
) -> list[Werkgever]:
    gemeenten = list(loket.regio.gemeenten.all())
    partners = list(Organisatie.objects.voor_loket(loket))
    werkgevers = Werkgever.objects.bulk_create(
        Werkgever(
            loket=loket,
            naam=naam,
            kvk_nummer=f"{34000000 + i * 7919:08d}",
            sector=sector,
            gemeente=rng.choice(gemeenten) if gemeenten else None,
            erkend_leerbedrijf=erkend,
            contactpersoon=rng.choice(CONTACTPERSONEN),
            contact_email=f"info{i}@example.org",
        )
        for i, (naam, sector, erkend) in enumerate(
            WERKGEVERS_PER_REGIO.get(loket.regio.code, WERKGEVERS)
        )
    )
    vandaag = timezone.localdate()
    Werkgeverscontact.objects.bulk_create(
        Werkgeverscontact(
            loket=loket,
            werkgever=rng.choice(werkgevers),
            datum=vandaag - datetime.timedelta(days=rng.randint(0, 729)),
            soort=rng.choice(WerkgeverscontactSoort.values),
            organisatie=rng.choice(partners) if partners and rng.random() < 0.5 else None,
            medewerker=rng.choice(coaches),
            afspraken=rng.choice(
                [
                    "Kennismaking; interesse in BBL-leerlingen voor het najaar.",
                    "Praktijkopleider benoemd; twee leerbanen beschikbaar.",
                    "Vacatures doorgestuurd naar het WSP.",
                    "Afspraak om na de zomer opnieuw te bellen.",
                    "Uitleg EVC voor zittend personeel gegeven.",
                ]
            ),
            leerbanen=rng.choice([0, 0, 1, 2, 3]),
            vacatures=rng.choice([0, 1, 2, 4]),
        )
        for _ in range(contacten)
    )
    return werkgevers


@transaction.atomic
def maak_demo_trajecten(loket: Loket, aantal: int = 300, seed: int = 2026) -> int:
    """Qualifications, employers with contacts and `aantal` trajectories with their events."""
    rng = random.Random(seed)
    nu = timezone.now()
    coaches = list(User.objects.filter(loket=loket, rol__in=[Rol.WERKCOACH, Rol.PROJECTLEIDER]))
    kwalificaties = maak_kwalificaties()
    werkgevers = maak_werkgevers(loket, rng, coaches, contacten=max(10, aantal * 80 // 300))
    erkend = [w for w in werkgevers if w.erkend_leerbedrijf]
    aanbieders = {
        TrajectType.EVC: list(
            Organisatie.objects.voor_loket(loket, type=OrganisatieType.EVC_AANBIEDER)
        ),
        TrajectType.DUAAL: list(Organisatie.objects.voor_loket(loket, type=OrganisatieType.ROC)),
    }
    partners = list(Organisatie.objects.voor_loket(loket))
    eerste_intake = dict(
        Intake.objects.voor_loket(loket)
        .values("klant_id")
        .annotate(eerste=Min("datum"))
        .values_list("klant_id", "eerste")
    )
    klant_ids = sorted(eerste_intake)
    if not klant_ids or not coaches:
        return 0

    trajecten, paden = [], []
    for _ in range(aantal):
        klant_id = rng.choice(klant_ids)
        soort = rng.choice([TrajectType.EVC, TrajectType.DUAAL])
        start = datetime.datetime.combine(
            eerste_intake[klant_id] + datetime.timedelta(days=rng.randint(0, 60)),
            datetime.time(rng.randint(9, 16), rng.choice([0, 15, 30, 45])),
        )
        moment = timezone.make_aware(start)
        if moment > nu:
            moment = nu - datetime.timedelta(hours=rng.randint(1, 48))
        pad = [(Status.AANGEMELD, moment, "")]
        hoofdlijn = [s for s in STADIA[soort] if s not in EINDSTADIA] + [STADIA[soort][4]]
        stop_stadium = STADIA[soort][5]
        for volgende in hoofdlijn[1:]:
            huidig = pad[-1][0]
            # About one in eight trajectories stops early, at any open stage.
            if rng.random() < 0.12:
                volgende = stop_stadium
            laag, hoog = DUUR[huidig]
            moment = moment + datetime.timedelta(
                days=rng.randint(laag, hoog), hours=rng.randint(0, 6)
            )
            if moment > nu or rng.random() < 0.08:
                break  # still in the current stage (some of them stuck)
            uitkomst = ""
            if volgende in EINDSTADIA:
                uitkomst = rng.choice(UITKOMSTEN_PER_EINDSTADIUM[volgende])
            pad.append((volgende, moment, uitkomst))
            if volgende in EINDSTADIA:
                break
        status, sinds, uitkomst = pad[-1]
        stadia = [p[0] for p in pad]
        leerbedrijf = None
        if soort == TrajectType.DUAAL and (Status.GEPLAATST in stadia or rng.random() < 0.3):
            leerbedrijf = rng.choice(erkend)
        begin = timezone.localdate(pad[0][1])
        kosten = Decimal(rng.choice([0, 950, 1450, 2250, 3200, 4800]))
        trajecten.append(
            Traject(
                loket=loket,
                klant_id=klant_id,
                type=soort,
                kwalificatie=rng.choice(kwalificaties),
                aanbieder=rng.choice(aanbieders[soort]) if aanbieders[soort] else None,
                leerbedrijf=leerbedrijf,
                begeleider=rng.choice(coaches),
                gepland_start=begin + datetime.timedelta(days=30),
                gepland_eind=begin
                + datetime.timedelta(days=150 if soort == TrajectType.EVC else 760),
                werkelijke_start=next(
                    (
                        timezone.localdate(m)
                        for s, m, _ in pad
                        if s in (Status.INTAKE, Status.GESTART)
                    ),
                    None,
                ),
                werkelijk_eind=timezone.localdate(sinds) if status in EINDSTADIA else None,
                uitkomst=uitkomst,
                uitkomst_datum=timezone.localdate(sinds) if uitkomst else None,
                status=status,
                status_sinds=sinds,
                kosten_raming=kosten,
                aangemaakt_door=rng.choice(coaches),
            )
        )
        paden.append(pad)
    Traject.objects.bulk_create(trajecten)

    gebeurtenissen, regels = [], []
    for traject, pad in zip(trajecten, paden, strict=True):
        vorige = ""
        for status, moment, uitkomst in pad:
            gebeurtenissen.append(
                TrajectGebeurtenis(
                    loket=loket,
                    traject=traject,
                    van_status=vorige,
                    naar_status=status,
                    uitkomst=uitkomst,
                    datum=moment,
                    geregistreerd_door=traject.begeleider,
                    reden="" if vorige else "Traject aangemeld",
                )
            )
            vorige = status
        if traject.kosten_raming:
            rest = traject.kosten_raming
            for bron in rng.sample(BronVanFinanciering.values, rng.randint(1, 3)):
                bedrag = (rest * Decimal(rng.choice(["0.3", "0.5", "0.6"]))).quantize(
                    Decimal("0.01")
                )
                if bedrag <= 0:
                    break
                rest -= bedrag
                regels.append(
                    FinancieringsRegel(
                        traject=traject,
                        bron=bron,
                        organisatie=rng.choice(partners) if partners else None,
                        bedrag=bedrag,
                        status=rng.choice(FinancieringsStatus.values),
                    )
                )
    TrajectGebeurtenis.objects.bulk_create(gebeurtenissen)
    FinancieringsRegel.objects.bulk_create(regels)
    return len(trajecten)
