"""Intake under load: gunicorn (loket/gunicorn.py) on the national data, driven by locust.

    .venv/bin/python bench/intake.py vloer [--gebruikers 50] [--duur 30] [--rondes 2]
    .venv/bin/python bench/intake.py last  [--gebruikers 100] [--duur 120]

vloer: intake submissions by N concurrent werkcoaches against the floor view on the same server
       (bench/vloer.py: the same rows in one SQL statement), alternating in rounds; prints the
       throughput and p50/p95 of both and the ratios (target: intake p95 within 3x of the floor).
last:  N werkcoaches open the form, submit, open the new client's page and search the list for
       the duration; afterwards the clients in the database must equal the successful
       submissions (nothing lost, nothing doubled) and there must be no errors. Exit code 1 if not.

Every user is a werkcoach of one loket with a real session (second factor passed), made here with
the server's SECRET_KEY. gunicorn's log goes to a temporary directory, printed on failure.
"""

import argparse
import os
import secrets
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.omgeving import gebruik_benchdatabase  # noqa: E402 - after the path

gebruik_benchdatabase("bench.instellingen")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
os.environ.pop("REDIS_URL", None)  # no task is sent by these pages

DOEL_P95 = 3.0  # the target: intake p95 within 3x of the floor

from bench.lasttest import Gunicorn, locust, maak_sessies  # noqa: E402 - after the environment


def vloer(args, url, sessies, werkmap):
    print(f"{args.gebruikers} gelijktijdige werkcoaches, {args.rondes} rondes van {args.duur} s")
    rondes = []
    for ronde in range(args.rondes):  # alternate, so both see the same machine state
        i = locust(url, "intake", sessies, args.gebruikers, args.duur, werkmap)["intake versturen"]
        v = locust(url, "vloer", sessies, args.gebruikers, args.duur, werkmap)["intake versturen"]
        print(f"ronde {ronde + 1}")
        print("  " + i.regel("intake (applicatie)"))
        print("  " + v.regel("vloer (1 SQL-insert)"))
        rondes.append((i.p95 / v.p95, v.per_seconde / i.per_seconde, i.fout + v.fout))
    p95 = max(r[0] for r in rondes)
    doorvoer = max(r[1] for r in rondes)
    fouten = sum(r[2] for r in rondes)
    print(f"verhouding p95 intake / vloer (slechtste ronde): {p95:.2f}x (doel: binnen {DOEL_P95}x)")
    print(f"verhouding doorvoer vloer / intake (slechtste ronde): {doorvoer:.2f}x")
    print(f"fouten: {fouten}")
    return p95 <= DOEL_P95 and fouten == 0


def last(args, url, sessies, werkmap, gegevens):
    from clients.models import Klant

    werkcoaches = [s["werkcoach"] for s in gegevens["sessies"]]
    voor = (
        Klant.objects.alle_loketten(reden="bench")
        .filter(aangemaakt_door_id__in=werkcoaches)
        .count()
    )
    print(f"{args.gebruikers} gelijktijdige werkcoaches, {args.duur} s")
    metingen = locust(url, "last", sessies, args.gebruikers, args.duur, werkmap)
    nieuw = (
        Klant.objects.alle_loketten(reden="bench")
        .filter(aangemaakt_door_id__in=werkcoaches)
        .count()
        - voor
    )
    for naam, meting in metingen.items():
        print("  " + meting.regel(naam))
    totaal, gelukt = metingen["Totaal"], metingen["intake versturen"].gelukt
    print(f"verzoeken {totaal.gelukt + totaal.fout}, fouten {totaal.fout}")
    print(f"nieuwe klanten in de database {nieuw}, geslaagde intakes {gelukt}")
    return totaal.fout == 0 and nieuw == gelukt


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("modus", choices=["vloer", "last"])
    parser.add_argument("--gebruikers", type=int)
    parser.add_argument("--duur", type=int, help="seconden per meting")
    parser.add_argument("--rondes", type=int, default=2)
    args = parser.parse_args()
    args.gebruikers = args.gebruikers or (50 if args.modus == "vloer" else 100)
    args.duur = args.duur or (30 if args.modus == "vloer" else 120)

    import django

    django.setup()
    from django.core.management import call_command

    werkmap = Path(tempfile.mkdtemp(prefix="leerwerkloket-last-"))
    call_command("collectstatic", interactive=False, verbosity=0)
    from loket.models import Loket

    loket = Loket.objects.filter(code__startswith="B").order_by("pk").first()
    if loket is None:
        sys.exit("Geen benchmarkgegevens: draai eerst bench/genereer.py.")
    sessies = werkmap / "sessies.json"
    gegevens = maak_sessies(loket, args.gebruikers, sessies)
    with Gunicorn(werkmap) as server:
        print(f"gunicorn {server.url} (loket/gunicorn.py), loket {gegevens['code']}")
        if args.modus == "vloer":
            goed = vloer(args, server.url, sessies, werkmap)
        else:
            goed = last(args, server.url, sessies, werkmap, gegevens)
    if not goed:
        print(f"NIET GOED. gunicorn-log: {server.log}")
        sys.exit(1)


if __name__ == "__main__":
    main()
