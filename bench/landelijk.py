"""Benchmark: the national view over all loketten against the raw SQL aggregates it needs.

    .venv/bin/python bench/landelijk.py [--herhalingen 7] [--periode jaar|programma]

Three measurements in the same run, alternating, over every loket of the generated database
(bench/genereer.py):
  (a) the national dashboard page (`monitor:programma`) as a user with role landelijk gets it,
      through Django's test client (queries, assembly, template);
  (b) the aggregate queries written by hand in SQL for all loketten at once, returning the same
      groups as bench/dashboard.py's per loket (GROUP BY loket_id added);
  (c) the core without HTTP: meet_loketten and every indicator of the registry evaluated (value,
      breakdowns, base) for every loket.
Prints the medians, the number of queries of (c) and the ratio page / raw SQL against the targets
(page < 1 s, and page / raw SQL <= 0.1x: the page reads kept counts, ten times faster than
counting the events). When the page does not
exist in this branch, it says so and measures (b) and (c).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.omgeving import gebruik_benchdatabase  # noqa: E402 - after the path

gebruik_benchdatabase(testclient=True)

DOEL_PAGINA_S = 1.0
DOEL_VERHOUDING = 0.1  # page / raw SQL: kept counts make the page ten times faster than counting
LANDELIJKE_GEBRUIKER = "bench-landelijk"

LEEFTIJD = """CASE WHEN k.geboortedatum IS NULL THEN '' WHEN EXTRACT(YEAR FROM AGE({datum}, k.geboortedatum)) < 27
      THEN '<27' WHEN EXTRACT(YEAR FROM AGE({datum}, k.geboortedatum)) < 45 THEN '27-44' ELSE '45+' END"""

RUWE_SQL = [
    # Intakes by loket and every breakdown (age at the intake date).
    f"""
    SELECT i.loket_id, k.doelgroep, {LEEFTIJD.format(datum="i.datum")},
      COALESCE(g.naam, ''), i.verwijzer, i.kanaal, i.hoofddoel, count(*)
    FROM clients_intake i JOIN clients_klant k ON k.id = i.klant_id LEFT JOIN loket_gemeente g ON g.id = k.woongemeente_id
    WHERE i.loket_id = ANY(%(loketten)s) AND i.datum BETWEEN %(van)s AND %(tot)s GROUP BY 1, 2, 3, 4, 5, 6, 7
    """,
    # Contacts by loket, service and warm hand-over partner.
    """
    SELECT c.loket_id, c.dienst, o.naam, count(*) FROM clients_contactmoment c
    LEFT JOIN loket_organisatie o ON o.id = c.warme_overdracht_naar_id
    WHERE c.loket_id = ANY(%(loketten)s) AND c.datum BETWEEN %(van)s AND %(tot)s GROUP BY 1, 2, 3
    """,
    # Trajectory events by loket, stage, outcome and every breakdown (the corrected ones excluded).
    f"""
    SELECT e.loket_id, e.van_status, e.naar_status, e.uitkomst, t.type, k.doelgroep,
      {LEEFTIJD.format(datum="(e.datum AT TIME ZONE 'Europe/Amsterdam')::date")},
      COALESCE(g.naam, ''), COALESCE(o.naam, ''), count(*)
    FROM trajecten_trajectgebeurtenis e JOIN trajecten_traject t ON t.id = e.traject_id JOIN clients_klant k ON k.id = t.klant_id
    LEFT JOIN loket_gemeente g ON g.id = k.woongemeente_id LEFT JOIN loket_organisatie o ON o.id = t.aanbieder_id
    WHERE e.loket_id = ANY(%(loketten)s) AND e.datum >= %(van)s::date::timestamp AT TIME ZONE 'Europe/Amsterdam'
      AND e.datum < (%(tot)s::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam' AND e.corrigeert_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM trajecten_trajectgebeurtenis c WHERE c.corrigeert_id = e.id)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
    """,
    # Employer contacts, apprenticeships and vacancies by loket.
    """
    SELECT w.loket_id, w.soort, COALESCE(o.naam, ''), count(*), sum(w.leerbanen), sum(w.vacatures)
    FROM clients_werkgeverscontact w LEFT JOIN loket_organisatie o ON o.id = w.organisatie_id
    WHERE w.loket_id = ANY(%(loketten)s) AND w.datum BETWEEN %(van)s AND %(tot)s GROUP BY 1, 2, 3
    """,
    # Satisfaction, weighted, by loket.
    """
    SELECT loket_id, soort, sum(score * respondenten), sum(respondenten) FROM monitor_tevredenheidsmeting
    WHERE loket_id = ANY(%(loketten)s) AND datum BETWEEN %(van)s AND %(tot)s GROUP BY 1, 2
    """,
    # The year's ledger per loket, cost line and financing line.
    """
    SELECT loket_id, kostenpost_id, financieringsbron_id, soort, sum(bedrag), sum(uren) FROM financiering_boeking
    WHERE loket_id = ANY(%(loketten)s) AND jaar = %(jaar)s GROUP BY 1, 2, 3, 4
    """,
]


def tijd(functie) -> float:
    begin = time.perf_counter()
    functie()
    return time.perf_counter() - begin


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--herhalingen", type=int, default=7)
    parser.add_argument("--periode", choices=["jaar", "programma"], default="jaar")
    args = parser.parse_args()
    if args.herhalingen < 1:
        parser.error("--herhalingen is minstens 1.")

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from clients.models import Contactmoment, Intake, Klant
    from loket import perioden
    from loket.constants import Rol
    from loket.models import Loket, User
    from monitor.indicatoren import REGISTER
    from monitor.meting import meet_loketten
    from trajecten.models import TrajectGebeurtenis

    loketten = list(Loket.objects.filter(code__startswith="B").order_by("pk"))
    if not loketten:
        sys.exit("Geen benchmarkgegevens: draai eerst bench/genereer.py.")
    jaar = timezone.localdate().year
    periode = perioden.jaar(jaar) if args.periode == "jaar" else perioden.programma(jaar - 2, jaar)
    params = {
        "loketten": [loket.pk for loket in loketten],
        "van": periode.van,
        "tot": periode.tot,
        "jaar": jaar,
    }

    try:
        url = reverse("monitor:programma")
    except NoReverseMatch:
        url = None
    client = Client()
    if url is not None:
        # The national user has no loket; made once, in the benchmark database only.
        gebruiker, _ = User.objects.get_or_create(
            username=LANDELIJKE_GEBRUIKER,
            defaults={"rol": Rol.LANDELIJK, "loket": None, "first_name": "Landelijk"},
        )
        client.force_login(gebruiker)
        url += "?" + "&".join(f"{k}={v}" for k, v in periode.as_query().items())

    def pagina():
        assert url is not None
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    def ruwe_sql():
        with connection.cursor() as cursor:
            for sql in RUWE_SQL:
                cursor.execute(sql, params)
                cursor.fetchall()

    def kern():
        for meting in meet_loketten(loketten, periode).values():
            for indicator in REGISTER.values():
                indicator.waarde(meting)
                indicator.uitsplitsing(meting)
                if indicator.basis:
                    indicator.basis(meting)

    alle = {"reden": "bench"}
    print(
        f"Database: {Klant.objects.alle_loketten(**alle).count():,} klanten, "
        f"{Intake.objects.alle_loketten(**alle).count():,} intakes, "
        f"{Contactmoment.objects.alle_loketten(**alle).count():,} contacten, "
        f"{TrajectGebeurtenis.objects.alle_loketten(**alle).count():,} trajectgebeurtenissen "
        f"in {len(loketten)} loketten"
    )
    print(
        f"Periode {periode.label} ({periode.van} t/m {periode.tot}), alle {len(loketten)} "
        f"loketten, mediaan van {args.herhalingen}; load average {os.getloadavg()[0]:.2f}"
    )
    if url is None:
        print("(a) LANDELIJKE PAGINA BESTAAT NIET in deze branch (geen URL 'monitor:programma'):")
        print("    alleen (b) en (c) worden gemeten.")
    with CaptureQueriesContext(connection) as queries:
        kern()
    print(f"(c) kost {len(queries)} queries voor {len(loketten)} loketten")
    if url is not None:
        with CaptureQueriesContext(connection) as queries:
            pagina()
        print(f"(a) kost {len(queries)} queries voor {len(loketten)} loketten")

    metingen = {"ruwe SQL (b)": ruwe_sql, "kern (c)": kern}
    if url is not None:
        metingen = {"pagina (a)": pagina, **metingen}
    for functie in metingen.values():  # warm up caches and connections
        functie()
    tijden: dict[str, list[float]] = {naam: [] for naam in metingen}
    for _ in range(args.herhalingen):  # alternate, so all see the same machine state
        for naam, functie in metingen.items():
            tijden[naam].append(tijd(functie))
    medianen = {naam: statistics.median(t) for naam, t in tijden.items()}
    for naam, mediaan in medianen.items():
        print(f"{naam:28} {mediaan * 1000:9.1f} ms")
    s = medianen["ruwe SQL (b)"]
    print(f"verhouding kern / SQL:      {medianen['kern (c)'] / s:.2f}x")
    if url is not None:
        p = medianen["pagina (a)"]
        print(
            f"verhouding pagina / SQL:    {p / s:.3f}x (doel <= {DOEL_VERHOUDING}x) "
            f"{'OK' if p / s <= DOEL_VERHOUDING else 'NIET GEHAALD'}"
        )
        print(
            f"pagina:                     {p:.2f} s (doel < {DOEL_PAGINA_S:.0f} s) "
            f"{'OK' if p < DOEL_PAGINA_S else 'NIET GEHAALD'}"
        )
    print(f"load average na afloop: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
