"""Benchmark: `manage.py importeer_intakes` against PostgreSQL COPY of exactly the same rows.

    .venv/bin/python bench/importeer.py [--aantal 100000] [--herhalingen 3] [--seed 2026]

Writes a CSV of fictional intakes for one loket of the generated database (bench/genereer.py):
Dutch names with tussenvoegsels, both date formats, labels and codes mixed, ';' with a BOM as
Excel writes it; the same seed gives the same file. A first import (not timed, rolled back)
checks that every row is accepted and keeps the klant and intake rows it wrote. Then, alternating:
(a) the command as a user runs it (read, check, duplicate check, number range, COPY, audit row) and
(b) a bare COPY of those same klant and intake rows into the same tables, triggers included. Each
runs in a transaction that is rolled back, so both always start from the same data. Prints both
medians and their ratio.
"""

import argparse
import csv
import datetime
import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.omgeving import gebruik_benchdatabase  # noqa: E402 - after the path

gebruik_benchdatabase()

VOORNAMEN = [
    "Jan",
    "Piet",
    "Kees",
    "Henk",
    "Sander",
    "Daan",
    "Bram",
    "Thijs",
    "Lars",
    "Sem",
    "Finn",
    "Noah",
    "Mohammed",
    "Ahmed",
    "Youssef",
    "Mehmet",
    "Emre",
    "Kevin",
    "Dennis",
    "Jeroen",
    "Ruud",
    "Wim",
    "Gerrit",
    "Sjoerd",
    "Bas",
    "Rik",
    "Stijn",
    "Joost",
    "Marco",
    "Ricardo",
    "Anouk",
    "Emma",
    "Julia",
    "Sophie",
    "Lotte",
    "Fleur",
    "Sanne",
    "Iris",
    "Eva",
    "Lisa",
    "Fatima",
    "Nour",
    "Aisha",
    "Yasmina",
    "Merve",
    "Esra",
    "Ingrid",
    "Marieke",
    "Petra",
    "Linda",
    "Monique",
    "Sandra",
    "Priya",
    "Olga",
    "Agnieszka",
    "Mirjam",
    "Hanneke",
    "Femke",
    "Romy",
    "Naomi",
]
ACHTERNAMEN = [
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "Brouwer",
    "Dijkstra",
    "Kok",
    "Jacobs",
    "Willems",
    "Schouten",
    "Post",
    "Kuiper",
    "Vermeulen",
    "Koster",
    "Prins",
    "Huisman",
    "Kramer",
    "Hoekstra",
    "Yilmaz",
    "Kaya",
    "Demir",
    "Amrani",
    "Bouzid",
    "Haddou",
    "Nowak",
    "Kowalski",
    "Singh",
    "Ramdin",
    "Sardjoe",
    "Martina",
    "Wolters",
    "Timmermans",
    "Boer",
    "Groot",
    "Vries",
    "Berg",
    "Heuvel",
    "Leeuwen",
    "Dijk",
    "Wal",
    "Veen",
    "Laan",
    "Linden",
    "Brink",
]
# Most Dutch surnames have no tussenvoegsel; "de" and "van" variants are the common ones.
TUSSENVOEGSELS = ["", "", "", "", "", "de", "van", "van der", "van den", "van de", "ten", "op de"]
DOELGROEPEN = [
    "ww",
    "bijstand",
    "Werkzoekend zonder uitkering (NUG)",
    "werkend",
    "werkend_bedreigd",
    "Scholier / student",
    "schoolverlater",
    "arbeidsbeperkt",
]
NIVEAUS = ["geen", "vmbo", "mbo1", "Mbo niveau 2", "mbo3", "mbo4", "havo", "vwo", "hbo", "onbekend"]
KANALEN = ["bezoek", "telefoon", "E-mail", "website", "voorlichting"]
DOELEN = ["scholing", "loopbaan", "Leerwerkplek", "erkenning", "behoud_werk", "stageplek"]
VERWIJZERS = ["uwv", "gemeente", "rmc", "wsp", "vakbond", "werkgever", "roc", "eigen_initiatief"]
NOTITIES = [
    "",
    "",
    "",
    "Wil graag een BBL-opleiding in de zorg.",
    "Heeft ervaring als heftruckchauffeur, zoekt erkenning.",
    "Terugbellen na gesprek met UWV.",
    "Interesse in techniek; afspraak bij roc gemaakt.",
]
KOP = (
    "voornaam;tussenvoegsel;achternaam;geboortedatum;postcode;woongemeente;telefoon;email;doelgroep;"
    "opleidingsniveau;startkwalificatie;intakedatum;kanaal;hoofddoel;verwijzer;werkcoach;"
    "toestemming_delen;toestemming_datum;notities"
)


def datum_tekst(rnd: random.Random, datum: datetime.date) -> str:
    return datum.strftime("%d-%m-%Y") if rnd.random() < 0.7 else datum.isoformat()


def postcode(rnd: random.Random) -> str:
    letters = "".join(rnd.choice("ABCEGHJKLMNPRTVWXZ") for _ in range(2))
    cijfers = rnd.randint(1000, 9999)
    return rnd.choice(
        [f"{cijfers} {letters}", f"{cijfers}{letters}", f"{cijfers}{letters.lower()}"]
    )


def schrijf_csv(pad: Path, aantal: int, seed: int, gemeenten, coaches, vandaag) -> None:
    """Fictional, valid and distinct intakes (name + birth date and e-mail unique)."""
    rnd = random.Random(seed)
    gezien = set()
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")  # as Excel saves it
    schrijver.writerow(KOP.split(";"))
    for i in range(aantal):
        while True:
            voornaam, achternaam = rnd.choice(VOORNAMEN), rnd.choice(ACHTERNAMEN)
            tussenvoegsel = rnd.choice(TUSSENVOEGSELS)
            geboren = datetime.date(1960, 1, 1) + datetime.timedelta(days=rnd.randint(0, 16000))
            sleutel = (voornaam, tussenvoegsel + achternaam, geboren)
            if sleutel not in gezien:
                gezien.add(sleutel)
                break
        niveau = rnd.choice(NIVEAUS)
        intake = vandaag - datetime.timedelta(days=rnd.randint(0, 360))
        delen = rnd.random() < 0.8
        email = f"{voornaam[0]}.{tussenvoegsel}{achternaam}.{i}@example.org".replace(" ", "")
        telefoon = rnd.choice(
            ["", f"06-{rnd.randint(10000000, 99999999)}", f"023-5{i % 1000000:06d}"]
        )
        gemeente = rnd.choice(gemeenten + [("", "")])
        velden = [
            voornaam,
            tussenvoegsel,
            achternaam,
            datum_tekst(rnd, geboren),
            postcode(rnd),
            rnd.choice(gemeente),
            telefoon,
            email if (rnd.random() < 0.85 or not telefoon) else "",
            rnd.choice(DOELGROEPEN),
            niveau,
            "ja" if niveau in {"havo", "vwo", "hbo", "mbo3", "mbo4", "Mbo niveau 2"} else "nee",
            datum_tekst(rnd, intake),
            rnd.choice(KANALEN),
            rnd.choice(DOELEN),
            rnd.choice(VERWIJZERS),
            rnd.choice(coaches),
            "ja" if delen else "nee",
            datum_tekst(rnd, intake) if delen and rnd.random() < 0.5 else "",
            rnd.choice(NOTITIES),
        ]
        schrijver.writerow(velden)
    pad.write_bytes(uit.getvalue().encode("utf-8-sig"))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--aantal", type=int, default=100_000)
    parser.add_argument("--herhalingen", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--bestand",
        type=Path,
        default=Path(tempfile.gettempdir()) / "leerwerkloket_import_bench.csv",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from clients.importeren.invoer import importeer_bestand
    from clients.importeren.schrijven import INTAKE_KOLOMMEN, KLANT_KOLOMMEN
    from clients.models import Intake, Klant, KlantHistorie
    from loket.constants import Rol
    from loket.models import Gemeente, Loket, User

    loket = Loket.objects.filter(code__startswith="B").order_by("pk").first()
    if loket is None:
        sys.exit("Geen benchmarkgegevens: draai eerst bench/genereer.py.")
    gemeenten = list(Gemeente.objects.filter(regio=loket.regio).values_list("naam", "cbs_code"))
    coaches = list(
        User.objects.filter(loket=loket, rol=Rol.WERKCOACH).values_list("username", flat=True)
    )
    door = User.objects.filter(loket=loket, rol=Rol.PROJECTLEIDER).first()
    begin = time.perf_counter()
    schrijf_csv(args.bestand, args.aantal, args.seed, gemeenten, coaches, timezone.localdate())
    print(
        f"CSV: {args.aantal:,} intakes, {args.bestand.stat().st_size / 1e6:.1f} MB in "
        f"{time.perf_counter() - begin:.1f} s ({args.bestand})"
    )
    print(
        f"Database: {Klant.objects.alle_loketten(reden='bench').count():,} klanten, loket {loket.code} met "
        f"{Klant.objects.voor_loket(loket).count():,}; mediaan van {args.herhalingen}"
    )

    def teruggedraaid(functie):
        """Run in a transaction that is rolled back; returns the seconds it took and its result.
        The deferred foreign-key checks run inside the timing, as they would at a commit."""
        with transaction.atomic(), connection.cursor() as cursor:
            begin = time.perf_counter()
            uitkomst = functie(cursor)
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            duur = time.perf_counter() - begin
            transaction.set_rollback(True)
        return duur, uitkomst

    historie_kolommen = [f.column for f in KlantHistorie._meta.concrete_fields]

    def vastleggen(_cursor):
        """The first import, untimed: every row must pass; the rows it wrote are kept."""
        resultaat = importeer_bestand(args.bestand, loket, door=door)
        if resultaat.fouten or resultaat.geimporteerd != args.aantal:
            sys.exit("De import weigert rijen:\n" + "\n".join(map(str, resultaat.fouten[:20])))
        # One import shares one creation time.
        klanten = Klant.objects.voor_loket(
            loket,
            aangemaakt_op=Klant.objects.voor_loket(loket).latest("aangemaakt_op").aangemaakt_op,
        )
        assert klanten.count() == args.aantal
        return [
            (Klant._meta.db_table, KLANT_KOLOMMEN, list(klanten.values_list(*KLANT_KOLOMMEN))),
            (
                Intake._meta.db_table,
                INTAKE_KOLOMMEN,
                list(
                    Intake.objects.voor_loket(loket, klant__in=klanten).values_list(
                        *INTAKE_KOLOMMEN
                    )
                ),
            ),
            (
                KlantHistorie._meta.db_table,
                historie_kolommen,
                list(
                    KlantHistorie.objects.voor_loket(loket, pgh_obj__in=klanten).values_list(
                        *historie_kolommen
                    )
                ),
            ),
        ]

    _, tabellen = teruggedraaid(vastleggen)
    print(
        "Vastgelegd: " + ", ".join(f"{len(rijen):,} rijen {tabel}" for tabel, _, rijen in tabellen)
    )

    def commando(_cursor):
        call_command(
            "importeer_intakes",
            str(args.bestand),
            loket=loket.code,
            door=door.username,
            stdout=io.StringIO(),
        )

    def kale_copy(cursor):
        # The history rows are copied as well, so the trigger that would write them again is off
        # (the ALTER is rolled back with the rest).
        cursor.execute(f"ALTER TABLE {Klant._meta.db_table} DISABLE TRIGGER USER")
        for tabel, kolommen, rijen in tabellen:
            with cursor.cursor.copy(f"COPY {tabel} ({', '.join(kolommen)}) FROM STDIN") as copy:
                for rij in rijen:
                    copy.write_row(rij)

    i_tijden, c_tijden = [], []
    for _ in range(args.herhalingen):  # alternate, so both see the same machine state
        i_tijden.append(teruggedraaid(commando)[0])
        c_tijden.append(teruggedraaid(kale_copy)[0])
    i, c = statistics.median(i_tijden), statistics.median(c_tijden)
    print(f"importeer_intakes (hele commando)  {i:7.2f} s  ({args.aantal / i:,.0f} rijen/s)")
    print(f"kale COPY van dezelfde rijen       {c:7.2f} s  ({args.aantal / c:,.0f} rijen/s)")
    print(f"verhouding import / COPY: {i / c:.2f}x")


if __name__ == "__main__":
    main()
