"""The Django side of the read-replica test, run as a subprocess (see test_leesreplica.py) with
DATABASE_URL pointing at a private primary and DATABASE_REPLICA_URL at its streaming standby.

It reads one command a line on stdin and answers one JSON line on stdout (prefixed with ANTWOORD,
so nothing else printed there is mistaken for an answer). Every SQL statement this process sends
is recorded per database alias and tagged with a comment naming the step (/* stap:<naam> */), so
the test can also find it in the log of the server that executed it (log_statement = all)."""

import datetime
import json
import os
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ANTWOORD = "ANTWOORD "


class Opname:
    """execute_wrapper for every alias: tags each statement and records (alias, sql)."""

    def __init__(self):
        self.stap = "opzet"
        self.queries: list[tuple[str, str]] = []

    def wrapper(self, alias):
        def wikkel(execute, sql, params, many, context):
            self.queries.append((alias, sql))
            return execute(f"/* stap:{self.stap} */ {sql}", params, many, context)

        return wikkel

    def begin(self, stap):
        self.stap = stap
        self.queries = []

    def per_alias(self):
        uit: dict[str, list[str]] = {}
        for alias, sql in self.queries:
            uit.setdefault(alias, []).append(sql[:4000])  # the FROM of a long query too
        return uit


def main():
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    from loket import replica
    from loket.constants import Rol
    from loket.models import Verwerking
    from monitor import rapport
    from monitor.models import Kwartaalrapport
    from monitor.rapport_opmaken import maak_op
    from tests.conftest import login_met_tweede_factor
    from tests.factories import ContactmomentFactory, IntakeFactory, LoketFactory, UserFactory
    from tests.trajecten.factories import TrajectFactory

    setup_test_environment()  # the test client's response.context, locmem mail
    opname = Opname()
    # execute_wrapper lives on the connection object, one per alias and thread: install on both.
    wrappers = [connections[a].execute_wrapper(opname.wrapper(a)) for a in ("default", "replica")]
    for w in wrappers:
        w.__enter__()

    staat: dict = {}

    def opzet():
        call_command("migrate", interactive=False, verbosity=0)
        loket = LoketFactory(code="REPLICA", naam="Leerwerkloket Replica")
        projectleider = UserFactory(loket=loket, rol=Rol.PROJECTLEIDER)
        vandaag = timezone.localdate()
        for i in range(12):
            intake = IntakeFactory(klant__loket=loket, datum=vandaag - datetime.timedelta(days=i))
            ContactmomentFactory(klant=intake.klant, datum=intake.datum)
        for _ in range(7):
            TrajectFactory(klant__loket=loket)
        staat.update(loket=loket, projectleider=projectleider)
        return {"loket": loket.pk}

    def client():
        c = Client()
        login_met_tweede_factor(c, staat["projectleider"])
        return c

    def wacht_op_replica():
        """Until the replica is healthy and has the rows this process wrote last."""
        begin = time.monotonic()
        from clients.models import Intake

        while time.monotonic() - begin < 30:
            if replica.replica_gezond(opnieuw=True):
                op_primair = Intake.objects.using("default").count()
                if Intake.objects.using("replica").count() == op_primair:
                    return {"gezond": True, "na_s": time.monotonic() - begin}
            time.sleep(0.2)
        return {"gezond": False, "status": replica.status()}

    def meet():
        c = client()  # logging in writes the session: before the measured request
        opname.begin(f"dashboard-{time.monotonic_ns()}")
        begin = time.monotonic()
        antwoord = c.get(reverse("monitor:dashboard"))
        return {
            "stap": opname.stap,
            "status": antwoord.status_code,
            "duur_s": time.monotonic() - begin,
            "queries": opname.per_alias(),
        }

    def meet_met_oud_oordeel():
        """meet, as in a process whose last health check (just now) found the replica healthy:
        the replica's failure shows only when the request's first query on it fails."""
        replica._toestand.gecontroleerd_op = time.monotonic() + 60
        replica._toestand.gezond = True
        return meet()

    def cijfers():
        loket = staat["loket"]
        vandaag = timezone.localdate()
        kwartaal = (vandaag.month - 1) // 3 + 1
        uit = {}
        for naam, scope in (("replica", replica.leest_van_replica), ("primair", None)):
            opname.begin(f"cijfers-{naam}-{time.monotonic_ns()}")
            if scope:
                with scope():
                    figuren = rapport.cijfers(rapport.verzamel(loket, vandaag.year, kwartaal))
            else:
                figuren = rapport.cijfers(rapport.verzamel(loket, vandaag.year, kwartaal))
            uit[naam] = {
                "figuren": json.loads(json.dumps(figuren, default=str)),
                "queries": opname.per_alias(),
            }
        return uit

    def records():
        c = client()
        voor = Verwerking.objects.using("default").count()
        opname.begin(f"records-{time.monotonic_ns()}")
        vandaag = timezone.localdate()
        antwoord = c.get(
            reverse("monitor:records", args=["nieuwe_klanten"]),
            {"periode": "jaar", "jaar": vandaag.year},
        )
        return {
            "stap": opname.stap,
            "status": antwoord.status_code,
            "rijen": len(antwoord.context["pagina"].object_list) if antwoord.context else None,
            "queries": opname.per_alias(),
            "verwerkingen_erbij": Verwerking.objects.using("default").count() - voor,
        }

    def programma():
        """The national page as a landelijk user: the heaviest read, every loket."""
        c = Client()
        login_met_tweede_factor(c, UserFactory(loket=None, rol=Rol.LANDELIJK))
        opname.begin(f"programma-{time.monotonic_ns()}")
        antwoord = c.get(reverse("monitor:programma"), {"periode": "jaar", "jaar": 2025})
        return {"stap": opname.stap, "status": antwoord.status_code, "queries": opname.per_alias()}

    def rapport_maken():
        loket = staat["loket"]
        vandaag = timezone.localdate()
        kwartaal = (vandaag.month - 1) // 3 + 1
        rapport_ = Kwartaalrapport.objects.create(
            loket=loket, jaar=vandaag.year, kwartaal=kwartaal, versie=1
        )
        opname.begin(f"rapport-{time.monotonic_ns()}")
        uitslag = maak_op(rapport_.pk, eerdere_pogingen=0)
        rapport_.refresh_from_db(using="default")
        return {
            "stap": opname.stap,
            "uitslag": uitslag,
            "status": rapport_.status,
            "foutmelding": rapport_.foutmelding,
            "queries": opname.per_alias(),
        }

    def status():
        healthz = Client().get("/healthz")
        return {**replica.status(), "healthz": healthz.status_code, **healthz.json()}

    commando = {
        "opzet": opzet,
        "wacht_op_replica": wacht_op_replica,
        "meet": meet,
        "meet_met_oud_oordeel": meet_met_oud_oordeel,
        "cijfers": cijfers,
        "records": records,
        "programma": programma,
        "rapport": rapport_maken,
        "status": status,
    }
    for regel in sys.stdin:
        naam = regel.strip()
        if not naam:
            continue
        try:
            uit = {"ok": True, **commando[naam]()}
        except Exception:  # noqa: BLE001 - reported to the test, which fails with it
            uit = {"ok": False, "fout": traceback.format_exc()}
        finally:
            connections.close_all()  # as at the end of a request: nothing lingers between steps
        print(ANTWOORD + json.dumps(uit, default=str), flush=True)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings.test")
    main()
