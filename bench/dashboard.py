"""Benchmark: the monitor dashboard against the raw SQL aggregates it needs, on the national data.
The dashboard reads the kept counts (monitor/telstand, ADR 0062); RUWE_SQL recounts the events as
the dashboard did before, unchanged. Target: the page at most 0.25x the aggregates.

    .venv/bin/python bench/dashboard.py [--herhalingen 7] [--periode jaar|programma|tot_nu]

Both are measured in the same run, alternating, on one loket of the generated database
(bench/genereer.py): the dashboard as the projectleider gets it (the whole page through Django's
test client: queries, Python assembly, SVG charts and the template), and the aggregate queries
written by hand in SQL, returning the same groups. Prints the medians and their ratio.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.omgeving import gebruik_benchdatabase  # noqa: E402 - after the path

gebruik_benchdatabase(testclient=True)

RUWE_SQL = [
    # Intakes by every breakdown (age at the intake date).
    """
    SELECT k.doelgroep, CASE WHEN k.geboortedatum IS NULL THEN '' WHEN EXTRACT(YEAR FROM AGE(i.datum, k.geboortedatum)) < 27
      THEN '<27' WHEN EXTRACT(YEAR FROM AGE(i.datum, k.geboortedatum)) < 45 THEN '27-44' ELSE '45+' END,
      COALESCE(g.naam, ''), i.verwijzer, i.kanaal, i.hoofddoel, count(*)
    FROM clients_intake i JOIN clients_klant k ON k.id = i.klant_id LEFT JOIN loket_gemeente g ON g.id = k.woongemeente_id
    WHERE i.loket_id = %(loket)s AND i.datum BETWEEN %(van)s AND %(tot)s GROUP BY 1, 2, 3, 4, 5, 6
    """,
    # Contacts by service and warm hand-over partner.
    """
    SELECT c.dienst, o.naam, count(*) FROM clients_contactmoment c LEFT JOIN loket_organisatie o ON o.id = c.warme_overdracht_naar_id
    WHERE c.loket_id = %(loket)s AND c.datum BETWEEN %(van)s AND %(tot)s GROUP BY 1, 2
    """,
    # Trajectory events by stage, outcome and every breakdown (the corrected ones excluded).
    """
    SELECT e.van_status, e.naar_status, e.uitkomst, t.type, k.doelgroep,
      CASE WHEN k.geboortedatum IS NULL THEN '' WHEN EXTRACT(YEAR FROM AGE((e.datum AT TIME ZONE 'Europe/Amsterdam')::date, k.geboortedatum)) < 27
      THEN '<27' WHEN EXTRACT(YEAR FROM AGE((e.datum AT TIME ZONE 'Europe/Amsterdam')::date, k.geboortedatum)) < 45 THEN '27-44' ELSE '45+' END,
      COALESCE(g.naam, ''), COALESCE(o.naam, ''), count(*)
    FROM trajecten_trajectgebeurtenis e JOIN trajecten_traject t ON t.id = e.traject_id JOIN clients_klant k ON k.id = t.klant_id
    LEFT JOIN loket_gemeente g ON g.id = k.woongemeente_id LEFT JOIN loket_organisatie o ON o.id = t.aanbieder_id
    WHERE e.loket_id = %(loket)s AND e.datum >= %(van)s::date::timestamp AT TIME ZONE 'Europe/Amsterdam'
      AND e.datum < (%(tot)s::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam' AND e.corrigeert_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM trajecten_trajectgebeurtenis c WHERE c.corrigeert_id = e.id)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    """,
    # Employer contacts, apprenticeships and vacancies.
    """
    SELECT w.soort, COALESCE(o.naam, ''), count(*), sum(w.leerbanen), sum(w.vacatures) FROM clients_werkgeverscontact w
    LEFT JOIN loket_organisatie o ON o.id = w.organisatie_id
    WHERE w.loket_id = %(loket)s AND w.datum BETWEEN %(van)s AND %(tot)s GROUP BY 1, 2
    """,
    # Satisfaction, weighted.
    """
    SELECT soort, sum(score * respondenten), sum(respondenten) FROM monitor_tevredenheidsmeting
    WHERE loket_id = %(loket)s AND datum BETWEEN %(van)s AND %(tot)s GROUP BY 1
    """,
    # The year's ledger per cost line and financing line.
    """
    SELECT kostenpost_id, financieringsbron_id, soort, sum(bedrag), sum(uren) FROM financiering_boeking
    WHERE loket_id = %(loket)s AND jaar = %(jaar)s GROUP BY 1, 2, 3
    """,
]


def meet(functie, herhalingen):
    tijden = []
    for _ in range(herhalingen):
        begin = time.perf_counter()
        functie()
        tijden.append(time.perf_counter() - begin)
    return statistics.median(tijden)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--herhalingen", type=int, default=7)
    parser.add_argument("--periode", choices=["jaar", "programma", "tot_nu"], default="jaar")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from clients.models import Contactmoment, Intake, Klant
    from loket import perioden
    from loket.models import Loket, User
    from trajecten.models import TrajectGebeurtenis

    loket = Loket.objects.filter(code__startswith="B").order_by("pk").first()
    if loket is None:
        sys.exit("Geen benchmarkgegevens: draai eerst bench/genereer.py.")
    jaar = timezone.localdate().year
    periode = {
        "jaar": perioden.jaar(jaar),
        "programma": perioden.programma(jaar - 2, jaar),
        # Year to date: the current month's days are recounted from the events (the edge).
        "tot_nu": perioden.tot_nu(jaar),
    }[args.periode]
    client = Client()
    client.force_login(User.objects.get(loket=loket, rol="projectleider"))
    url = "/monitor/?" + "&".join(f"{k}={v}" for k, v in periode.as_query().items())
    params = {"loket": loket.pk, "van": periode.van, "tot": periode.tot, "jaar": jaar}

    def dashboard():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    def ruwe_sql():
        with connection.cursor() as cursor:
            for sql in RUWE_SQL:
                cursor.execute(sql, params)
                cursor.fetchall()

    print(
        f"Database: {Klant.objects.alle_loketten(reden='bench').count():,} klanten, {Intake.objects.alle_loketten(reden='bench').count():,} intakes, "
        f"{Contactmoment.objects.alle_loketten(reden='bench').count():,} contacten, {TrajectGebeurtenis.objects.alle_loketten(reden='bench').count():,} trajectgebeurtenissen "
        f"in {Loket.objects.count()} loketten"
    )
    print(
        f"Loket {loket.code}, periode {periode.label} ({periode.van} t/m {periode.tot}), mediaan van {args.herhalingen}"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM monitor_telstand")
        kept = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM monitor_telstandmutatie")
        wachtend = cursor.fetchone()[0]
    print(f"Bijgehouden tellingen: {kept:,} rijen, {wachtend:,} wachtende mutaties")
    dashboard(), ruwe_sql()  # warm up caches and connections
    from monitor.benchmark import vergeet_bewaarde_medianen

    def dashboard_met_medianen():
        # The first view in a process (or after five minutes) computes the medians of every
        # loket beside the loket's own figures (monitor/benchmark.py); the others reuse them.
        vergeet_bewaarde_medianen()
        dashboard()

    d_tijden, s_tijden, k_tijden = [], [], []
    for _ in range(args.herhalingen):  # alternate, so both see the same machine state
        d_tijden.append(meet(dashboard, 1))
        s_tijden.append(meet(ruwe_sql, 1))
        k_tijden.append(meet(dashboard_met_medianen, 1))
    d, s = statistics.median(d_tijden), statistics.median(s_tijden)
    k = statistics.median(k_tijden)
    print(f"dashboard (hele pagina)   {d * 1000:8.1f} ms")
    print(f"ruwe SQL-aggregaten       {s * 1000:8.1f} ms")
    print(f"verhouding dashboard / SQL: {d / s:.2f}x (doel: hoogstens 0.25x)")
    print(
        f"dashboard dat de medianen van alle loketten opnieuw berekent (eens per 5 minuten per "
        f"proces): {k * 1000:8.1f} ms, {k / s:.2f}x"
    )


if __name__ == "__main__":
    main()
