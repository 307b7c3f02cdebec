"""National-scale data generator: 35 loketten, about 1 million clients with intakes, 5 million
contacts, 2 million trajectories with their events, employers, and every loket's ledger.

    .venv/bin/python bench/genereer.py [--schaal 1.0]

Writes into BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/leerwerkloket_bench),
which it creates and migrates. The bulk rows are generated inside PostgreSQL with generate_series
(set-based, minutes instead of hours); triggers are off during the load (the generator writes
consistent ids itself), then the tables are analysed and the monitor's kept counts rebuilt. The people are fictional by construction.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.omgeving import BENCH_URL, gebruik_benchdatabase  # noqa: E402 - after the path

gebruik_benchdatabase()

N_LOKETTEN = 35


def maak_database():
    import psycopg

    naam = BENCH_URL.rsplit("/", 1)[1]
    beheer = BENCH_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(beheer, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [naam]).fetchone():
            conn.execute(f'CREATE DATABASE "{naam}"')


def stap(titel, sql, params=None):
    from django.db import connection

    # The parameters are integers computed here, so they are formatted in; the SQL is then sent
    # without parameters, and a literal % needs no escaping.
    sql = sql.replace("%%", "%")
    if params:
        sql = sql.replace("%s", "{}").format(*(int(p) for p in params))
    begin = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rijen = cursor.rowcount
    print(f"  {titel:<42} {rijen:>10,} rijen  {time.perf_counter() - begin:6.1f} s", flush=True)


def referentiedata():
    """Regions, loketten, gemeenten, partners, users and qualifications through the ORM."""
    from django.db import transaction

    from financiering.demo import maak_demo_financiering
    from loket.constants import OrganisatieType, Rol
    from loket.models import Gemeente, Loket, Organisatie, Regio, User
    from trajecten.models import Kwalificatie

    with transaction.atomic():
        for i in range(N_LOKETTEN):
            code = "B" + chr(65 + i // 26) + chr(65 + i % 26)
            regio = Regio.objects.create(naam=f"Benchregio {i + 1}", code=code)
            loket = Loket.objects.create(
                naam=f"Leerwerkloket bench {i + 1}", code=code, regio=regio
            )
            for j in range(6):
                Gemeente.objects.create(
                    regio=regio, naam=f"Gemeente {i + 1}-{j + 1}", cbs_code=f"GM{1000 + i * 10 + j}"
                )
            soorten = [
                OrganisatieType.UWV,
                OrganisatieType.GEMEENTE,
                OrganisatieType.ROC,
                OrganisatieType.EVC_AANBIEDER,
                OrganisatieType.SBB,
                OrganisatieType.WERKGEVERSORGANISATIE,
                OrganisatieType.VAKBOND,
                OrganisatieType.RMC,
            ]
            for k, soort in enumerate(soorten):
                Organisatie.objects.create(
                    loket=loket, naam=f"{soort.label} {i + 1}-{k}", type=soort
                )
            for rol in [
                Rol.WERKCOACH,
                Rol.WERKCOACH,
                Rol.WERKCOACH,
                Rol.PROJECTLEIDER,
                Rol.STUURGROEP,
                Rol.BEHEERDER,
            ]:
                User.objects.create(
                    username=f"bench-{code.lower()}-{rol}-{User.objects.count()}",
                    loket=loket,
                    rol=rol,
                    first_name="Bench",
                    last_name=rol,
                    password="!",
                )
            # The ledger of every loket: the 2010-style budget, commitments, realisations.
            User.objects.filter(loket=loket, rol=Rol.PROJECTLEIDER).update(
                username=f"demo-projectleider-{code}"
            )
            maak_demo_financiering(loket)
        for n in range(20):
            Kwalificatie.objects.create(
                crebo=f"{25100 + n}", naam=f"Kwalificatie {n + 1}", niveau=2 + n % 3
            )


def bulk(schaal: float):
    klanten = int(1_000_000 * schaal)
    contacten = int(5_000_000 * schaal)
    trajecten = int(2_000_000 * schaal)
    stap(
        "hulptabel loketten",
        """
        DROP TABLE IF EXISTS bench_loket;
        CREATE UNLOGGED TABLE bench_loket AS
        SELECT row_number() OVER (ORDER BY l.id) - 1 AS idx, l.id AS loket_id,
          (SELECT array_agg(g.id ORDER BY g.id) FROM loket_gemeente g WHERE g.regio_id = l.regio_id) AS gemeenten,
          (SELECT array_agg(u.id ORDER BY u.id) FROM loket_user u WHERE u.loket_id = l.id AND u.rol = 'werkcoach') AS coaches,
          (SELECT array_agg(o.id ORDER BY o.id) FROM loket_organisatie o WHERE o.loket_id = l.id) AS partners,
          (SELECT min(o.id) FROM loket_organisatie o WHERE o.loket_id = l.id AND o.type = 'evc_aanbieder') AS evc_aanbieder,
          (SELECT min(o.id) FROM loket_organisatie o WHERE o.loket_id = l.id AND o.type = 'roc') AS roc
        FROM loket_loket l WHERE l.code LIKE 'B%%';
        """,
    )
    stap(
        "klanten",
        """
        INSERT INTO clients_klant (klantnummer, voornaam, tussenvoegsel, achternaam, geboortedatum, postcode, telefoon,
          email, doelgroep, opleidingsniveau, startkwalificatie, aangemaakt_op, loket_id, woongemeente_id, laatste_activiteit)
        SELECT 'BENCH-' || g, 'Voornaam' || (g % 211), '', 'Achternaam' || (g % 4099),
          date '1958-01-01' + (g::bigint * 7919 % 17000)::int, (1000 + g % 8999)::text || ' AB', '', 'k' || g || '@example.org',
          (ARRAY['ww','bijstand','nug','werkend','werkend_bedreigd','scholier','schoolverlater','arbeidsbeperkt','anders'])[1 + g % 9],
          (ARRAY['geen','vmbo','mbo1','mbo2','mbo3','mbo4','havo','vwo','hbo','wo'])[1 + g % 10], g % 10 >= 3,
          now(), b.loket_id, CASE WHEN g % 8 = 0 THEN NULL ELSE b.gemeenten[1 + g % 6] END, current_date - (g % 1095)
        FROM generate_series(0, %s - 1) g JOIN bench_loket b ON b.idx = g %% 35;
        """,
        [klanten],
    )
    stap(
        "hulptabel klanten",
        "DROP TABLE IF EXISTS bench_klant; CREATE UNLOGGED TABLE bench_klant AS SELECT min(id) AS eerste FROM clients_klant WHERE klantnummer LIKE 'BENCH-%%';",
    )
    stap(
        "intakes",
        """
        INSERT INTO clients_intake (datum, kanaal, hoofddoel, verwijzer, toestemming_delen, toestemming_datum, notities,
          aangemaakt_op, loket_id, werkcoach_id, klant_id)
        SELECT current_date - (g % 1095),
          (ARRAY['bezoek','telefoon','email','website','voorlichting'])[1 + g % 5],
          (ARRAY['scholing','loopbaan','leerwerkplek','erkenning','behoud_werk','stageplek','anders'])[1 + g % 7],
          (ARRAY['uwv','gemeente','rmc','wsp','vakbond','werkgever','roc','eigen_initiatief'])[1 + g % 8],
          true, current_date - (g % 1095), '', now(), b.loket_id, b.coaches[1 + g % 3], k.eerste + g
        FROM generate_series(0, %s - 1) g JOIN bench_loket b ON b.idx = g %% 35 CROSS JOIN bench_klant k;
        """,
        [klanten],
    )
    stap(
        "contactmomenten",
        """
        INSERT INTO clients_contactmoment (datum, dienst, duur_minuten, notitie, aangemaakt_op, loket_id, medewerker_id,
          warme_overdracht_naar_id, klant_id, ingetrokken, reden)
        SELECT current_date - ((g * 13) % 1095),
          (ARRAY['informatie','loopbaanadvies','scholingsadvies','testafname','bemiddeling','evc_advies','financieringsadvies','doorverwijzing'])[1 + g % 8],
          30, '', now(), b.loket_id, b.coaches[1 + g % 3], CASE WHEN g % 8 = 7 THEN b.partners[1 + g % 8] END,
          k.eerste + (g %% %s), false, ''
        FROM generate_series(0, %s - 1) g JOIN bench_loket b ON b.idx = (g %% %s) %% 35 CROSS JOIN bench_klant k;
        """,
        [klanten, contacten, klanten],
    )
    stap(
        "trajecten",
        """
        INSERT INTO trajecten_traject (type, uitkomst, status, status_sinds, kosten_raming, aangemaakt_op, aanbieder_id,
          begeleider_id, klant_id, kwalificatie_id, loket_id, gepland_start)
        SELECT CASE WHEN g % 2 = 0 THEN 'evc' ELSE 'duaal' END, '', 'aangemeld',
          now() - ((g * 17) % 1000) * interval '1 day', 0, now(),
          CASE WHEN g % 2 = 0 THEN b.evc_aanbieder ELSE b.roc END, b.coaches[1 + g % 3], k.eerste + (g %% %s),
          (SELECT min(id) FROM trajecten_kwalificatie) + g % 20, b.loket_id, current_date
        FROM generate_series(0, %s - 1) g JOIN bench_loket b ON b.idx = (g %% %s) %% 35 CROSS JOIN bench_klant k;
        """,
        [klanten, trajecten, klanten],
    )
    # Each trajectory reaches stage 0..4 of its type; one in five is then aborted. Events 30 days apart.
    stap(
        "trajectgebeurtenissen",
        """
        WITH t AS (
          SELECT id, loket_id, type, begeleider_id, status_sinds AS begin, (id * 7) % 5 AS bereik, id % 5 = 0 AS stop,
            CASE WHEN type = 'evc' THEN ARRAY['aangemeld','intake','portfolio','assessment','certificaat']
                 ELSE ARRAY['aangemeld','leerbaan_gezocht','geplaatst','gestart','diploma'] END AS stadia
          FROM trajecten_traject WHERE gepland_start = current_date
        )
        INSERT INTO trajecten_trajectgebeurtenis (loket_id, traject_id, van_status, naar_status, uitkomst, datum,
          geregistreerd_door_id, geregistreerd_op, reden)
        SELECT t.loket_id, t.id, CASE WHEN s = 0 THEN '' ELSE t.stadia[s] END, t.stadia[s + 1],
          CASE WHEN s = 4 AND t.type = 'evc' THEN 'ervaringscertificaat' WHEN s = 4 THEN 'startkwalificatie' ELSE '' END,
          t.begin + s * interval '30 days', t.begeleider_id, now(), ''
        FROM t CROSS JOIN LATERAL generate_series(0, t.bereik) s
        UNION ALL
        SELECT t.loket_id, t.id, t.stadia[t.bereik + 1], CASE WHEN t.type = 'evc' THEN 'afgebroken' ELSE 'voortijdig_gestopt' END,
          'geen', t.begin + (t.bereik + 1) * interval '30 days', t.begeleider_id, now(), ''
        FROM t WHERE t.stop AND t.bereik < 4;
        """,
    )
    stap(
        "status van trajecten bijwerken",
        """
        UPDATE trajecten_traject t SET status = e.naar_status, status_sinds = e.datum
        FROM (SELECT DISTINCT ON (traject_id) traject_id, naar_status, datum FROM trajecten_trajectgebeurtenis
              ORDER BY traject_id, datum DESC, id DESC) e
        WHERE e.traject_id = t.id AND t.gepland_start = current_date;
        """,
    )
    stap(
        "werkgevers",
        """
        INSERT INTO clients_werkgever (naam, kvk_nummer, sector, erkend_leerbedrijf, contactpersoon, contact_telefoon,
          contact_email, aangemaakt_op, loket_id, gemeente_id)
        SELECT 'Bedrijf ' || g, lpad((20000000 + g)::text, 8, '0'), 'techniek', g % 3 = 0, '', '', '', now(), b.loket_id, b.gemeenten[1]
        FROM generate_series(0, %s - 1) g JOIN bench_loket b ON b.idx = g %% 35;
        """,
        [int(35 * 400 * max(schaal, 0.05))],
    )
    stap(
        "werkgeverscontacten",
        """
        INSERT INTO clients_werkgeverscontact (datum, soort, afspraken, leerbanen, vacatures, aangemaakt_op, loket_id,
          medewerker_id, organisatie_id, werkgever_id)
        SELECT current_date - (g % 1095), (ARRAY['bezoek','telefoon','bijeenkomst'])[1 + g % 3], '', g % 3, g % 4, now(),
          w.loket_id, b.coaches[1], b.partners[1], w.id
        FROM generate_series(0, %s - 1) g
        JOIN LATERAL (SELECT id, loket_id FROM clients_werkgever OFFSET (g %% %s) LIMIT 1) w ON true
        JOIN bench_loket b ON b.loket_id = w.loket_id;
        """,
        [int(35 * 3000 * max(schaal, 0.05)), int(35 * 400 * max(schaal, 0.05))],
    )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--schaal", type=float, default=1.0, help="1.0 = landelijke schaal (1 miljoen klanten)"
    )
    args = parser.parse_args()
    maak_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from loket.models import Loket

    call_command("migrate", verbosity=0)
    if Loket.objects.filter(code__startswith="B").exists():
        print(
            "De benchmarkdatabase heeft al gegevens; verwijder hem eerst (DROP DATABASE) om opnieuw te genereren."
        )
        return
    begin = time.perf_counter()
    print(f"Referentiedata voor {N_LOKETTEN} loketten ...", flush=True)
    referentiedata()
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # no triggers during the bulk load
    bulk(args.schaal)
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("DROP TABLE IF EXISTS bench_loket, bench_klant")
    stap("ANALYZE", "ANALYZE")
    # The load ran without triggers: the monitor's kept counts are rebuilt from the events
    # (set-based, ADR 0062), then analysed.
    print("Bijgehouden tellingen (herbereken_telstanden) ...", flush=True)
    call_command("herbereken_telstanden")
    stap("ANALYZE telstanden", "ANALYZE monitor_telstand")
    print(f"Klaar in {time.perf_counter() - begin:.0f} s.")


if __name__ == "__main__":
    main()
