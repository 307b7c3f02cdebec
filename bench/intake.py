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
import csv
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/leerwerkloket_bench"
)
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.instellingen"
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
os.environ.pop("REDIS_URL", None)  # no task is sent by these pages

DOEL_P95 = 3.0  # issue 9: intake p95 within 3x of the floor


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def maak_sessies(aantal: int, pad: Path) -> dict:
    """N werkcoaches of the first bench loket, each logged in with a passed second factor."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from loket.constants import Rol
    from loket.models import Loket, User

    loket = Loket.objects.filter(code__startswith="B").order_by("pk").first()
    if loket is None:
        sys.exit("Geen benchmarkgegevens: draai eerst bench/genereer.py.")
    sessies = []
    for i in range(aantal):
        user, _ = User.objects.get_or_create(
            username=f"bench-last-{i:03d}",
            defaults={
                "loket": loket,
                "rol": Rol.WERKCOACH,
                "first_name": "Last",
                "last_name": f"{i}",
            },
        )
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="bench", defaults={"confirmed": True}
        )
        client = Client()
        client.force_login(user)
        sessie = client.session
        sessie[DEVICE_ID_SESSION_KEY] = device.persistent_id
        sessie.save()
        client.get("/klanten/intake/")  # sets the CSRF cookie
        sessies.append(
            {
                "sessionid": client.cookies["sessionid"].value,
                "csrftoken": client.cookies["csrftoken"].value,
                "werkcoach": user.pk,
            }
        )
    gegevens = {"loket": loket.pk, "code": loket.code, "sessies": sessies}
    pad.write_text(json.dumps(gegevens))
    return gegevens


class Gunicorn:
    """gunicorn with the project's config on a free port; stopped on exit."""

    def __init__(self, werkmap: Path):
        self.poort = vrije_poort()
        self.log = werkmap / "gunicorn.log"
        self.url = f"http://127.0.0.1:{self.poort}"

    def __enter__(self):
        env = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{self.poort}"}
        with self.log.open("w") as uitvoer:
            self.proces = subprocess.Popen(
                [BIN / "gunicorn", "loket.wsgi:application", "--config", "python:loket.gunicorn"],
                cwd=ROOT,
                env=env,
                stdout=uitvoer,
                stderr=subprocess.STDOUT,
            )
        einde = time.monotonic() + 60
        while time.monotonic() < einde:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as r:  # noqa: S310 - http URL built here
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
            if self.proces.poll() is not None:
                break
        self.__exit__()
        sys.exit(f"gunicorn start niet:\n{self.log.read_text()[-3000:]}")

    def __exit__(self, *exc):
        self.proces.terminate()
        try:
            self.proces.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proces.kill()
            self.proces.wait()


def locust(url, scenario, sessies, gebruikers, duur, werkmap) -> dict[str, dict]:
    """Run locust headless; returns its statistics per request name (from its CSV). For the
    benchmark the statistics start once every user is running; the load test counts them all."""
    prefix = werkmap / f"locust-{scenario}-{time.monotonic_ns()}"
    subprocess.run(
        [
            BIN / "locust",
            "-f",
            ROOT / "bench" / "locustfile.py",
            "--headless",
            "--only-summary",
            *(["--reset-stats"] if scenario != "last" else []),
            "--users",
            str(gebruikers),
            "--spawn-rate",
            str(gebruikers),
            "--run-time",
            f"{duur}s",
            "--host",
            url,
            "--csv",
            prefix,
            "--exit-code-on-error",
            "0",
            "--loglevel",
            "WARNING",
        ],
        env={**os.environ, "LAST_SESSIES": str(sessies), "LAST_SCENARIO": scenario},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv", newline="") as f:
        return {rij["Name"]: rij for rij in csv.DictReader(f)}


def regel(naam, rij):
    gelukt = int(rij["Request Count"]) - int(rij["Failure Count"])
    return (
        f"{naam:<22} {gelukt:>7} gelukt {int(rij['Failure Count']):>4} fout "
        f"{float(rij['Requests/s']):8.1f}/s  p50 {float(rij['50%']):6.0f} ms  "
        f"p95 {float(rij['95%']):6.0f} ms"
    )


def vloer(args, url, sessies, werkmap):
    print(f"{args.gebruikers} gelijktijdige werkcoaches, {args.rondes} rondes van {args.duur} s")
    rondes = []
    for ronde in range(args.rondes):  # alternate, so both see the same machine state
        intake = locust(url, "intake", sessies, args.gebruikers, args.duur, werkmap)
        floor = locust(url, "vloer", sessies, args.gebruikers, args.duur, werkmap)
        i, v = intake["intake versturen"], floor["intake versturen"]
        print(f"ronde {ronde + 1}")
        print("  " + regel("intake (applicatie)", i))
        print("  " + regel("vloer (1 SQL-insert)", v))
        rondes.append(
            (
                float(i["95%"]) / float(v["95%"]),
                float(v["Requests/s"]) / float(i["Requests/s"]),
                int(i["Failure Count"]) + int(v["Failure Count"]),
            )
        )
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
    voor = Klant.objects.filter(aangemaakt_door_id__in=werkcoaches).count()
    print(f"{args.gebruikers} gelijktijdige werkcoaches, {args.duur} s")
    stats = locust(url, "last", sessies, args.gebruikers, args.duur, werkmap)
    nieuw = Klant.objects.filter(aangemaakt_door_id__in=werkcoaches).count() - voor
    for naam in (
        "intakeformulier openen",
        "intake versturen",
        "klantpagina",
        "klantenlijst zoeken",
    ):
        if naam in stats:
            print("  " + regel(naam, stats[naam]))
    totaal = stats["Aggregated"]
    fouten = int(totaal["Failure Count"])
    gelukt = int(stats["intake versturen"]["Request Count"]) - int(
        stats["intake versturen"]["Failure Count"]
    )
    print(f"verzoeken {int(totaal['Request Count'])}, fouten {fouten}")
    print(f"nieuwe klanten in de database {nieuw}, geslaagde intakes {gelukt}")
    return fouten == 0 and nieuw == gelukt


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
    sessies = werkmap / "sessies.json"
    gegevens = maak_sessies(args.gebruikers, sessies)
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
