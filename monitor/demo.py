"""Demo data of the monitor: the 2010 plan's targets (400 EVC + 400 dual, cumulative) moved to the
demo's two years, satisfaction scores, a year plan with stoplight history, an action list and a
quarterly review. All fictional; no names from the source documents."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from loket.constants import Rol
from loket.models import Loket, Organisatie, User
from loket.perioden import kwartaal_van

from .constants import Stoplicht, TevredenheidSoort
from .models import (
    Actie,
    Doelstelling,
    JaarplanDoel,
    Kwartaaltoelichting,
    Prestatie,
    PrestatieStatus,
    Tevredenheidsmeting,
)


def maak_demo_monitor(loket: Loket, seed: int = 2026, schaal: float = 1.0) -> None:
    """`schaal` sizes the count targets for a smaller neighbouring loket (ZKIJ: 1.0)."""
    rng = random.Random(seed)
    vandaag = timezone.localdate()
    start = datetime.date(vandaag.year - 1, 1, 1)
    eind = datetime.date(vandaag.year + 1, 12, 31)
    # the loket's first projectleider (demo-projectleider at ZKIJ) records the monitor's data
    projectleider = User.objects.filter(loket=loket, rol=Rol.PROJECTLEIDER).earliest("pk")
    Doelstelling.objects.bulk_create(
        [
            Doelstelling(
                loket=loket,
                indicator="evc_certificaat",
                omschrijving=f"{round(400 * schaal)} EVC-trajecten afgerond",
                startdatum=start,
                einddatum=eind,
                streefwaarde=round(400 * schaal),
            ),
            Doelstelling(
                loket=loket,
                indicator="duaal_geplaatst",
                omschrijving=f"{round(400 * schaal)} duale plaatsingen",
                startdatum=start,
                einddatum=eind,
                streefwaarde=round(400 * schaal),
            ),
            Doelstelling(
                loket=loket,
                indicator="nieuwe_klanten",
                omschrijving=f"Bereik: {round(600 * schaal)} intakes",
                startdatum=start,
                einddatum=eind,
                streefwaarde=round(600 * schaal),
            ),
            Doelstelling(
                loket=loket,
                indicator="tevredenheid_klanten",
                omschrijving="Klanten geven minstens 6,8",
                startdatum=start,
                einddatum=eind,
                streefwaarde=Decimal("6.8"),
                marge_pct=5,
            ),
            Doelstelling(
                loket=loket,
                indicator="tevredenheid_werkgevers",
                omschrijving="Werkgevers geven minstens 7,0",
                startdatum=start,
                einddatum=eind,
                streefwaarde=Decimal("7.0"),
                marge_pct=5,
            ),
        ]
    )
    metingen, datum = [], start
    while datum <= vandaag:
        for soort, basis in [(TevredenheidSoort.KLANT, 7.1), (TevredenheidSoort.WERKGEVER, 6.9)]:
            metingen.append(
                Tevredenheidsmeting(
                    loket=loket,
                    soort=soort,
                    datum=datum,
                    vastgelegd_door=projectleider,
                    score=Decimal(str(round(basis + rng.uniform(-0.5, 0.5), 1))),
                    respondenten=rng.randint(max(2, round(8 * schaal)), max(6, round(40 * schaal))),
                    bron="kwartaalenquête",
                )
            )
        datum = (datum.replace(day=1) + datetime.timedelta(days=95)).replace(day=15)
    Tevredenheidsmeting.objects.bulk_create(metingen)

    partners = {o.naam: o for o in Organisatie.objects.voor_loket(loket)}
    plan = [
        (
            "Eén herkenbare ingang voor leren en werken",
            "Bekendheid bij 50 % van de werkzoekenden",
            [
                ("Campagne 'no wrong door' met partners", "WSP Zuid-Kennemerland en IJmond", 1),
                ("Spreekuur op het werkplein elke dinsdag", "UWV Werkbedrijf Haarlem", 2),
            ],
        ),
        (
            "Meer mensen met een startkwalificatie",
            "200 duale trajecten gestart",
            [
                ("Leerbanen werven bij erkende leerbedrijven", "MKB Haarlem", 2),
                ("EVC-route voor zorg en techniek", "Nova College", 3),
            ],
        ),
    ]
    for volgorde, (titel, resultaat, prestaties) in enumerate(plan, start=1):
        doel = JaarplanDoel.objects.create(
            loket=loket,
            jaar=vandaag.year,
            volgorde=volgorde,
            titel=titel,
            meetbaar_resultaat=resultaat,
        )
        for omschrijving, trekker, kwartaal in prestaties:
            prestatie = Prestatie.objects.create(
                doel=doel,
                omschrijving=omschrijving,
                gereed_jaar=vandaag.year,
                gereed_kwartaal=kwartaal,
                trekker_organisatie=partners.get(trekker),
            )
            for q in range(1, kwartaal_van(vandaag) + 1):
                kleur = rng.choice(
                    [Stoplicht.GROEN, Stoplicht.GROEN, Stoplicht.ORANJE, Stoplicht.ROOD]
                )
                PrestatieStatus.objects.create(
                    prestatie=prestatie,
                    jaar=vandaag.year,
                    kwartaal=q,
                    stoplicht=kleur,
                    door=projectleider,
                    toelichting={
                        "groen": "Loopt volgens plan.",
                        "oranje": "Vertraagd; bijsturing afgesproken.",
                        "rood": "Geen capaciteit bij de trekker.",
                    }[kleur],
                    op=timezone.make_aware(datetime.datetime(vandaag.year, 3 * q, 20, 12)),
                )
    Actie.objects.bulk_create(
        [
            Actie(
                loket=loket,
                actie="Werkgeversbijeenkomst techniek organiseren",
                wie="MKB Haarlem",
                wanneer=vandaag - datetime.timedelta(days=40),
                afgewerkt_op=vandaag - datetime.timedelta(days=45),
            ),
            Actie(
                loket=loket,
                actie="Afspraken warme overdracht met RMC vastleggen",
                wie="Projectleider",
                wanneer=vandaag - datetime.timedelta(days=10),
            ),
            Actie(
                loket=loket,
                actie="Cofinanciering 2e halfjaar bevestigen bij partners",
                wie="Kerngroep",
                wanneer=vandaag + datetime.timedelta(days=30),
            ),
        ]
    )
    vorig = vandaag.replace(day=1) - datetime.timedelta(days=80)
    Kwartaaltoelichting.objects.create(
        loket=loket,
        jaar=vorig.year,
        kwartaal=kwartaal_van(vorig),
        bijgewerkt_door=projectleider,
        samenwerking="De kerngroep kwam vier keer bijeen; UWV en Nova College leveren de afgesproken uren.",
        knelpunten="Werving van leerbanen in de zorg blijft achter door personeelstekort bij leerbedrijven.",
        vooruitblik="Extra werkgeversbijeenkomst in Velsen; EVC-route zorg gaat van start.",
    )
