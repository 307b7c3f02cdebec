"""Benchmark: the client list and the trajectory list against the Django admin changelist of the
same model, on the same rows of the national data.

    .venv/bin/python bench/lijsten.py [--herhalingen 7]

For each scenario (first page, a name search, a filter, a deep page) both pages are fetched through
Django's test client, alternating, with a warm-up first: our list as the werkcoach gets it (the
whole page: filters, count, paging, audit log row, template) and the admin changelist as a
superuser gets it, filtered to the same loket and showing as many rows per page as our list.
Prints the medians per scenario and their ratio (ours / admin; below 1 is faster than the admin).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.omgeving import gebruik_benchdatabase  # noqa: E402 - after the path

gebruik_benchdatabase(testclient=True)

DOEL = 1.5  # the target: every list within 1.5x of the admin changelist


def scenarios(loket, zoekterm):
    """(name, our URL, admin URL) per scenario; both return the same rows of the same loket."""
    k = f"loket__id__exact={loket.pk}"
    return [
        ("klanten: eerste pagina", "/klanten/", f"/beheer/admin/clients/klant/?{k}"),
        (
            f"klanten: zoeken '{zoekterm}'",
            f"/klanten/?q={zoekterm}",
            f"/beheer/admin/clients/klant/?{k}&q={zoekterm}",
        ),
        (
            "klanten: doelgroep",
            "/klanten/?doelgroep=bijstand",
            f"/beheer/admin/clients/klant/?{k}&doelgroep__exact=bijstand",
        ),
        ("klanten: pagina 200", "/klanten/?pagina=200", f"/beheer/admin/clients/klant/?{k}&p=199"),
        ("trajecten: eerste pagina", "/trajecten/", f"/beheer/admin/trajecten/traject/?{k}"),
        (
            "trajecten: type + status",
            "/trajecten/?type=evc&status=aangemeld",
            f"/beheer/admin/trajecten/traject/?{k}&type__exact=evc&status__exact=aangemeld",
        ),
        (
            "trajecten: pagina 200",
            "/trajecten/?pagina=200",
            f"/beheer/admin/trajecten/traject/?{k}&p=199",
        ),
    ]


def tijd(client, url):
    begin = time.perf_counter()
    response = client.get(url)
    duur = time.perf_counter() - begin
    assert response.status_code == 200, (url, response.status_code)
    return duur


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--herhalingen", type=int, default=7)
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib import admin
    from django.test import Client

    from clients.models import Klant
    from clients.views import PAGINA_GROOTTE
    from loket.constants import Rol
    from loket.models import Loket, User
    from trajecten.models import Traject
    from trajecten.views import PAGINA_GROOTTE as TRAJECT_PAGINA_GROOTTE

    loket = Loket.objects.filter(code__startswith="B").order_by("pk").first()
    if loket is None:
        sys.exit("Geen benchmarkgegevens: draai eerst bench/genereer.py.")
    # Like for like: the admin shows as many rows per page as our lists.
    admin.site._registry[Klant].list_per_page = PAGINA_GROOTTE
    admin.site._registry[Traject].list_per_page = TRAJECT_PAGINA_GROOTTE

    superuser, _ = User.objects.get_or_create(
        username="bench-beheer",
        defaults={"is_superuser": True, "is_staff": True, "rol": Rol.BEHEERDER, "loket": loket},
    )
    werkcoach = User.objects.filter(loket=loket, rol=Rol.WERKCOACH).first()
    ons, beheer = Client(), Client()
    ons.force_login(werkcoach)
    beheer.force_login(superuser)
    # A surname as a werkcoach types it: one person's name, matching a handful of clients.
    zoekterm = (
        Klant.objects.voor_loket(loket).order_by("pk").values_list("achternaam", flat=True)[1000]
    ).lower()

    print(
        f"Database: {Klant.objects.alle_loketten(reden='bench').count():,} klanten, {Traject.objects.alle_loketten(reden='bench').count():,} trajecten; "
        f"loket {loket.code}: {Klant.objects.voor_loket(loket).count():,} klanten, "
        f"{Traject.objects.voor_loket(loket).count():,} trajecten; "
        f"{PAGINA_GROOTTE} rijen per pagina, mediaan van {args.herhalingen}"
    )
    print(f"{'scenario':<34} {'onze lijst':>11} {'admin':>11} {'verhouding':>11}")
    slechtste = 0.0
    for naam, onze_url, admin_url in scenarios(loket, zoekterm):
        tijd(ons, onze_url), tijd(beheer, admin_url)  # warm up
        o_tijden, a_tijden = [], []
        for _ in range(args.herhalingen):  # alternate, so both see the same machine state
            o_tijden.append(tijd(ons, onze_url))
            a_tijden.append(tijd(beheer, admin_url))
        o, a = statistics.median(o_tijden), statistics.median(a_tijden)
        slechtste = max(slechtste, o / a)
        print(f"{naam:<34} {o * 1000:8.1f} ms {a * 1000:8.1f} ms {o / a:10.2f}x")
    oordeel = "gehaald" if slechtste <= DOEL else "NIET gehaald"
    print(f"slechtste verhouding {slechtste:.2f}x (doel: binnen {DOEL}x): {oordeel}")


if __name__ == "__main__":
    main()
