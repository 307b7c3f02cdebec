"""Kept counts (ADR 0062): the dashboard's queries do not grow with the data or the number of
months, concurrent writers and compactions neither deadlock nor lose a count, the rebuild
repairs, and the triggers are where the migration put them."""

import datetime
import io
import threading
import types

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clients import services as klantservices
from clients.models import Intake, Klant
from loket import perioden
from loket.constants import Rol
from monitor.dashboard import bouw_dashboard
from monitor.meting import Meting
from monitor.models import Telstand, Telstandmutatie
from monitor.tasks import verwerk_telstanden
from monitor.telstand import bijhouden

from ..factories import ContactmomentFactory, IntakeFactory, UserFactory, WerkgeverscontactFactory

JAAR = timezone.localdate().year


def feiten(loket, n: int) -> None:
    """n intakes, contacts and employer contacts spread over the last two years."""
    for i in range(n):
        dag = datetime.date(JAAR - 1, 1, 1) + datetime.timedelta(days=(i * 37) % 700)
        intake = IntakeFactory(klant__loket=loket, datum=dag)
        ContactmomentFactory(klant=intake.klant, datum=dag)
        WerkgeverscontactFactory(werkgever__loket=loket, datum=dag, leerbanen=i % 2)


# The tables whose counts are kept: the dashboard reads them in a fixed number of queries. (The
# small tables, such as surveys and hand-overs, are still measured per quarter for the
# stuurgroep's protected tables: bounded by the period, not by the data.)
GROTE_TABELLEN = (
    "clients_intake",
    "clients_contactmoment",
    "clients_werkgeverscontact",
    "trajecten_trajectgebeurtenis",
    "monitor_telstand",
)


def queries(functie) -> int:
    with CaptureQueriesContext(connection) as ctx:
        functie()
    return len([q for q in ctx.captured_queries if any(t in q["sql"] for t in GROTE_TABELLEN)])


@pytest.mark.django_db
@pytest.mark.parametrize("voor_stuurgroep", [False, True])
def test_dashboard_queries_do_not_grow_with_data_or_months(loket, voor_stuurgroep):
    def jaarbeeld():
        bouw_dashboard(loket, perioden.jaar(JAAR - 1), voor_stuurgroep=voor_stuurgroep)

    def programmabeeld():
        bouw_dashboard(
            loket, perioden.programma(JAAR - 4, JAAR - 1), voor_stuurgroep=voor_stuurgroep
        )

    feiten(loket, 3)
    weinig = queries(jaarbeeld)
    assert weinig <= 3
    feiten(loket, 40)
    bijhouden.compacteer()
    assert queries(jaarbeeld) == weinig
    # Four years instead of one: 16 quarters, 48 months, the same number of queries.
    assert queries(programmabeeld) == weinig


@pytest.mark.django_db
def test_one_query_for_whole_months_and_edge_days(loket):
    feiten(loket, 10)
    with CaptureQueriesContext(connection) as ctx:
        meting = Meting(loket, perioden.jaar(JAAR - 1))
        meting.intakes, meting.contacten, meting.leerbanen, meting.trajecten  # noqa: B018
        meting.gestart_per_type  # noqa: B018
    assert len(ctx.captured_queries) == 1
    assert meting.intakes.totaal == Intake.objects.filter(datum__year=JAAR - 1).count()
    with CaptureQueriesContext(connection) as ctx:
        rand = perioden.vrij(datetime.date(JAAR - 1, 1, 15), datetime.date(JAAR - 1, 6, 10))
        intakes = Meting(loket, rand).intakes
    assert len(ctx.captured_queries) == 1  # the kept months and the two edges' days together
    assert intakes == Meting(loket, rand, bijgehouden=False).intakes


@pytest.mark.django_db
def test_rebuild_repairs_a_wrong_kept_table_and_reports_it(loket):
    feiten(loket, 8)
    call_command("verwerk_telstanden", stdout=io.StringIO())
    assert not Telstandmutatie.objects.exists()
    periode = perioden.jaar(JAAR - 1)
    juist = Meting(loket, periode, bijgehouden=False).intakes
    Telstand.objects.filter(bron="intake", dimensie="").update(aantal=999)
    Telstandmutatie.objects.create(
        loket_id=loket.pk,
        maand=datetime.date(JAAR - 1, 3, 1),
        bron="intake",
        dimensie="kanaal",
        waarde="bezoek",
        aantal=5,
    )
    assert Meting(loket, periode).intakes != juist
    out = io.StringIO()
    call_command("herbereken_telstanden", "--loket", loket.code, stdout=out)
    assert "0 correcties" not in out.getvalue()
    assert Meting(loket, periode).intakes == juist
    assert bijhouden.herbereken([loket.pk]) == 0
    assert verwerk_telstanden() == 0  # the beat task: nothing left to fold
    with pytest.raises(CommandError, match="Onbekend loket"):
        call_command("herbereken_telstanden", "--loket", "GEENLOKET")


@pytest.mark.django_db
def test_the_triggers_exist_next_to_pghistory_and_the_append_only_guard():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN "
            "('clients_klant'::regclass, 'trajecten_trajectgebeurtenis'::regclass)"
        )
        namen = {r[0] for r in cursor.fetchall()}
    assert {"telstand_klant_update", "telstand_trajectgebeurtenis_insert"} <= namen
    assert any(n.startswith("pgtrigger_") for n in namen)  # pghistory / append-only, untouched


@pytest.mark.django_db(transaction=True)
def test_concurrent_intakes_and_compactions_neither_deadlock_nor_lose_a_count(loket):
    gebruikers = [UserFactory(loket=loket, rol=Rol.WERKCOACH, username=f"wc{i}") for i in range(6)]
    fouten: list[BaseException] = []
    start = threading.Barrier(8)

    def schrijver(gebruiker, nummer):
        try:
            start.wait()
            verzoek = types.SimpleNamespace(user=gebruiker)
            for i in range(15):
                klant = Klant(
                    voornaam=f"K{nummer}-{i}",
                    achternaam="Gelijktijdig",
                    geboortedatum=datetime.date(1980 + i, 1, 1),
                    doelgroep="ww",
                    opleidingsniveau="mbo2",
                )
                intake = Intake(
                    datum=datetime.date(JAAR - 1, 1 + i % 12, 1 + nummer),
                    kanaal="bezoek",
                    hoofddoel="scholing",
                    verwijzer="uwv",
                    werkcoach=gebruiker,
                )
                klantservices.registreer_intake(verzoek, klant, intake)
        except BaseException as fout:  # noqa: BLE001 - reported by the main thread
            fouten.append(fout)
        finally:
            connections.close_all()

    def compacteerder():
        try:
            start.wait()
            for _ in range(10):
                bijhouden.compacteer()
        except BaseException as fout:  # noqa: BLE001
            fouten.append(fout)
        finally:
            connections.close_all()

    draden = [threading.Thread(target=schrijver, args=(g, n)) for n, g in enumerate(gebruikers)]
    draden += [threading.Thread(target=compacteerder) for _ in range(2)]
    for d in draden:
        d.start()
    for d in draden:
        d.join(timeout=120)
    assert not fouten, fouten
    periode = perioden.jaar(JAAR - 1)
    assert Meting(loket, periode).intakes.totaal == 90
    bijhouden.compacteer()
    assert not Telstandmutatie.objects.exists()
    assert Meting(loket, periode).intakes == Meting(loket, periode, bijgehouden=False).intakes
