"""Demo clients with intakes and contacts over the last two years. Clearly fictional: names are
combinations from short lists, addresses are postcodes only, e-mail at example.org."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from loket.constants import Rol
from loket.models import Loket, Organisatie, User

from .constants import (
    GEEFT_STARTKWALIFICATIE,
    Dienst,
    Doelgroep,
    Hoofddoel,
    Kanaal,
    Opleidingsniveau,
    Verwijzer,
)
from .models import Contactmoment, Intake, Klant, Klantnummerreeks
from .services import herbereken_laatste_activiteit

VOORNAMEN = [
    "Anna",
    "Bas",
    "Chantal",
    "Daan",
    "Esra",
    "Femke",
    "Gijs",
    "Hanna",
    "Ilse",
    "Jeroen",
    "Kevin",
    "Lotte",
    "Mehmet",
    "Noor",
    "Olaf",
    "Priya",
    "Quinten",
    "Roos",
    "Sem",
    "Tamara",
    "Umut",
    "Vera",
    "Wouter",
    "Yara",
    "Zoë",
    "Fatima",
    "Mohamed",
    "Dewi",
    "Ruben",
    "Iris",
]
ACHTERNAMEN = [
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("", "Bakker"),
    ("van", "Dijk"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("", "Yilmaz"),
    ("", "El Amrani"),
    ("", "Kramer"),
    ("van der", "Linden"),
    ("", "Koster"),
]
POSTCODE_BEREIK = {
    "Haarlem": (2011, 2037),
    "Velsen": (1970, 1991),
    "Beverwijk": (1940, 1948),
    "Heemskerk": (1960, 1969),
    "Heemstede": (2101, 2106),
    "Bloemendaal": (2051, 2061),
    "Zandvoort": (2040, 2042),
    "Zaanstad": (1500, 1509),
    "Wormerland": (1530, 1531),
    "Oostzaan": (1511, 1511),
    "Purmerend": (1441, 1448),
    "Edam-Volendam": (1131, 1135),
    "Landsmeer": (1121, 1121),
    "Waterland": (1141, 1154),
}
NIVEAUS = [n for n in Opleidingsniveau.values if n != Opleidingsniveau.ONBEKEND]


@transaction.atomic
def maak_demo_klanten(loket: Loket, aantal: int = 300, seed: int = 2026, dagen: int = 730) -> int:
    """`aantal` clients with an intake in the last `dagen` days, and their contacts."""
    rng = random.Random(seed)
    vandaag = timezone.localdate()
    coaches = list(User.objects.filter(loket=loket, rol__in=[Rol.WERKCOACH, Rol.PROJECTLEIDER]))
    partners = list(Organisatie.objects.voor_loket(loket))
    gemeenten = list(loket.regio.gemeenten.all())
    jaar_teller: dict[int, int] = {}
    klanten, intake_data = [], []
    for _ in range(aantal):
        tussenvoegsel, achternaam = rng.choice(ACHTERNAMEN)
        gemeente = rng.choice(gemeenten)
        laag, hoog = POSTCODE_BEREIK.get(gemeente.naam, (2011, 2037))
        intake_datum = vandaag - datetime.timedelta(days=rng.randint(0, dagen - 1))
        jaar = intake_datum.year
        jaar_teller[jaar] = jaar_teller.get(jaar, 0) + 1
        niveau = rng.choice(NIVEAUS)
        voornaam = rng.choice(VOORNAMEN)
        klanten.append(
            Klant(
                loket=loket,
                klantnummer=f"{loket.code}-{jaar}-{jaar_teller[jaar]:06d}",
                voornaam=voornaam,
                tussenvoegsel=tussenvoegsel,
                achternaam=achternaam,
                geboortedatum=vandaag - datetime.timedelta(days=rng.randint(17 * 365, 63 * 365)),
                postcode=f"{rng.randint(laag, hoog)} {rng.choice('ABCDEGHJKLMNPRTVWXZ')}{rng.choice('ABCEGHJKLMNPRTVWXZ')}",
                woongemeente=gemeente,
                telefoon=f"06{rng.randint(10000000, 99999999)}",
                email=f"{voornaam.lower()}.{achternaam.lower().replace(' ', '')}{rng.randint(1, 999)}@example.org",
                doelgroep=rng.choice(Doelgroep.values),
                opleidingsniveau=niveau,
                startkwalificatie=niveau in GEEFT_STARTKWALIFICATIE,
            )
        )
        intake_data.append(intake_datum)
    Klant.objects.bulk_create(klanten)
    for jaar, laatste in jaar_teller.items():
        Klantnummerreeks.objects.voor_loket(loket).update_or_create(
            loket=loket, jaar=jaar, defaults={"laatste": laatste}
        )

    intakes, contacten = [], []
    for klant, datum in zip(klanten, intake_data, strict=True):
        coach = rng.choice(coaches)
        toestemming = rng.random() < 0.85
        intakes.append(
            Intake(
                loket=loket,
                klant=klant,
                datum=datum,
                kanaal=rng.choice(Kanaal.values),
                hoofddoel=rng.choice(Hoofddoel.values),
                verwijzer=rng.choice(Verwijzer.values),
                werkcoach=coach,
                toestemming_delen=toestemming,
                toestemming_datum=datum if toestemming else None,
            )
        )
        for _ in range(rng.randint(0, 4)):
            contact_datum = min(vandaag, datum + datetime.timedelta(days=rng.randint(0, 120)))
            dienst = rng.choice(Dienst.values)
            contacten.append(
                Contactmoment(
                    loket=loket,
                    klant=klant,
                    datum=contact_datum,
                    dienst=dienst,
                    duur_minuten=rng.choice([15, 30, 45, 60, 90]),
                    medewerker=coach,
                    warme_overdracht_naar=rng.choice(partners)
                    if dienst == Dienst.DOORVERWIJZING
                    else None,
                )
            )
    Intake.objects.bulk_create(intakes)
    Contactmoment.objects.bulk_create(contacten)
    herbereken_laatste_activiteit(loket)
    return len(klanten)
