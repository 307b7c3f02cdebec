"""The programme's quarterly PDF (issue 17): the PDF read back against `programma(...)` (loket rows,
totals, medians, "< 5" and "•" and no hidden value in the text), the pages (request, list, status,
download, who sees which report, Dutch errors), version numbering and the query count of the
figures. The real Redis + worker test is in test_programmarapport_worker.py."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from pypdf import PdfReader

from loket import perioden
from loket.constants import Rol
from monitor import programma_rapport, rapport_opmaken, services, tasks
from monitor.dashboard import opmaak
from monitor.models import Doelstelling, Programmarapport
from monitor.programma import programma
from monitor.services import vraag_programmarapport_aan

from ..factories import IntakeFactory, KlantFactory, LoketFactory, RegioFactory, UserFactory
from ..fouten.werkers import andere_sessie

Q1 = perioden.kwartaal(2025, 1)
# loket code -> Q1 2025 intakes: AA 3 ("< 5"), DD 7 (the complement "•"), BB and CC shown
AANTALLEN = {"AA": 3, "BB": 20, "CC": 12, "DD": 7}


@pytest.fixture(autouse=True)
def prive_opslag(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "prive", "base_url": None},
        },
    }
    return tmp_path / "prive"


def maak_loketten() -> list:
    noord, zuid = RegioFactory(naam="Noord", code="N"), RegioFactory(naam="Zuid", code="Z")
    loketten = []
    for code, n in AANTALLEN.items():
        lk = LoketFactory(code=code, naam=f"Loket {code}", regio=noord if code < "C" else zuid)
        for i in range(n):
            klant = KlantFactory(loket=lk, achternaam=f"Verborgen{code}{i}")
            IntakeFactory(klant=klant, datum=datetime.date(2025, 2, 1 + i % 20))
        loketten.append(lk)
    return loketten


@pytest.fixture
def loketten(db):
    return maak_loketten()


def pdf_tekst(pad) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(pad).pages)


def rij(tekst: str, begin: str) -> str:
    """The line of the extracted text that starts with `begin`."""
    regels = [r for r in tekst.splitlines() if r.startswith(begin)]
    assert regels, f"geen regel die begint met {begin!r}"
    return regels[0]


def controleer_pdf(tekst: str) -> None:
    """What every national Q1 2025 report of the fixture must show, read back from the PDF."""
    assert "Kwartaalrapport van het programma".upper() in tekst.upper()
    assert "Landelijk" in tekst and "Q1 2025" in tekst
    klanten = "Nieuwe klanten"
    assert klanten in tekst
    # Table "Klanten en contacten": first column is nieuwe_klanten (then contacts, warm: 0)
    assert rij(tekst, "Loket AA (AA)").split()[3] == "<"  # "< 5" becomes "<", "5"
    assert rij(tekst, "Loket AA (AA)").split()[3:5] == ["<", "5"]
    assert rij(tekst, "Loket DD (DD)").split()[3] == "•"
    assert rij(tekst, "Loket BB (BB)").split()[3] == "20"
    assert rij(tekst, "Loket CC (CC)").split()[3] == "12"
    assert rij(tekst, "Totaal").split()[1] == "42"
    assert rij(tekst, "Mediaan").split()[1] == "16"  # over the shown 20 and 12
    # the hidden values never appear in a loket's row, and no client is named
    for code, verborgen in (("AA", "3"), ("DD", "7")):
        for regel in tekst.splitlines():
            if regel.startswith(f"Loket {code} ({code})"):
                assert verborgen not in regel.split()[3:], regel
    assert "Verborgen" not in tekst
    assert "Cofinancieringsnorm" in tekst and "Geen norm van toepassing" in tekst
    assert "Bijlage: definities" in tekst


def test_the_pdf_shows_the_protected_figures_of_programma(loketten):
    rapport = Programmarapport.objects.create(jaar=2025, kwartaal=1, versie=1)
    pdf, checksum = programma_rapport.maak_pdf(rapport)
    tekst = pdf_tekst(io.BytesIO(pdf))
    controleer_pdf(tekst)
    p = programma(loketten, Q1, peilmoment=rapport.peilmoment)
    tabel = rapport.cijfers["tabellen"]["Klanten en contacten"]
    assert tabel["rijen"]["Loket AA (AA)"][0] == p.rijen[0].waarden["nieuwe_klanten"] == "< 5"
    assert tabel["totaal"][0] == str(p.totaal["nieuwe_klanten"]) == "42"
    assert Decimal(tabel["mediaan"][0]) == p.mediaan["nieuwe_klanten"]
    assert len(checksum) == 64 and rapport.loketten == 4
    # Every cell of the PDF is programma()'s published value, formatted: the PDF shows nothing
    # the programme pages (and their attacker test, ADR 0067) do not.
    per_loket = {f"{r.loket.naam} ({r.loket.code})": r.waarden for r in p.rijen}
    register = {i.code: i for i in p.indicatoren}
    for tabel in rapport.cijfers["tabellen"].values():
        for naam, waarden in tabel["rijen"].items():
            for code, cel in zip(tabel["indicatoren"], waarden, strict=True):
                assert cel == opmaak(register[code], per_loket[naam][code]), (naam, code)
        for code, cel in zip(tabel["indicatoren"], tabel["totaal"], strict=True):
            assert cel == opmaak(register[code], p.totaal[code]), code
    assert rapport.peilmoment is not None and not rapport.definitief  # no loket closed Q1


def test_targets_show_their_stoplight_as_text_and_hide_a_small_stand(loketten):
    aa, bb = loketten[0], loketten[1]
    for lk in (aa, bb):
        Doelstelling.objects.create(
            loket=lk,
            indicator="nieuwe_klanten",
            omschrijving="Instroom",
            startdatum=datetime.date(2025, 1, 1),
            einddatum=datetime.date(2025, 3, 31),
            streefwaarde=10,
        )
    rapport = Programmarapport.objects.create(jaar=2025, kwartaal=1, versie=1)
    tekst = pdf_tekst(io.BytesIO(programma_rapport.maak_pdf(rapport)[0]))
    assert "Groen" in rij(tekst, "BB Nieuwe klanten")
    assert "Afgeschermd" in rij(tekst, "AA Nieuwe klanten")  # its stand is "< 5": no colour
    assert " 3 " not in rij(tekst, "AA Nieuwe klanten")


def test_the_trend_runs_over_the_quarters_of_the_year(loketten):
    for i in range(6):
        IntakeFactory(klant=KlantFactory(loket=loketten[1]), datum=datetime.date(2025, 5, 2 + i))
    rapport = Programmarapport.objects.create(jaar=2025, kwartaal=2, versie=1)
    programma_rapport.maak_pdf(rapport)
    trend = rapport.cijfers["trend"]["Nieuwe klanten (intakes)"]
    assert trend == ["42", "6"]


def test_the_figures_take_a_bounded_number_of_queries(loketten):
    """The query count does not grow with the number of loketten (given meet_loketten)."""

    def tel() -> int:
        rapport = Programmarapport.objects.create(
            jaar=2025, kwartaal=2, versie=Programmarapport.objects.count() + 1
        )
        with CaptureQueriesContext(connection) as q:
            programma_rapport.verzamel(rapport, datetime.datetime.now(datetime.UTC))
        return len(q.captured_queries)

    vier = tel()
    for code in ("EE", "FF", "GG"):
        LoketFactory(code=code, regio=loketten[0].regio)
    zeven = tel()
    assert zeven == vier, f"{vier} queries bij 4 loketten, {zeven} bij 7"


def test_versions_count_up_per_scope_and_quarter(loketten, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        a = vraag_programmarapport_aan(None, 2025, 1)
        b = vraag_programmarapport_aan(None, 2025, 1)
        c = vraag_programmarapport_aan(loketten[0].regio, 2025, 1)
        d = vraag_programmarapport_aan(None, 2025, 2)
    assert [a.versie, b.versie, c.versie, d.versie] == [1, 2, 1, 1]


@freeze_time("2027-01-10 10:00")  # after the fixture's facts were recorded (now)
def test_the_pages_request_poll_and_download(
    loketten, client_as, django_capture_on_commit_callbacks
):
    landelijk = UserFactory(loket=None, rol=Rol.LANDELIJK)
    client = client_as(landelijk)
    pagina = client.get(reverse("monitor:programma_rapporten"))
    assert pagina.status_code == 200 and "Rapport aanvragen" in pagina.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(
            reverse("monitor:programma_rapporten"), {"jaar": "2025", "kwartaal": "1"}
        )
    assert antwoord.status_code == 302
    rapport = Programmarapport.objects.get()
    assert rapport.status == Programmarapport.Status.KLAAR, rapport.foutmelding
    assert rapport.regio is None and rapport.aangevraagd_door == landelijk
    status = client.get(reverse("monitor:programma_rapport_status", args=[rapport.pk]))
    assert "Download PDF" in status.content.decode() and "hx-get" not in status.content.decode()
    download = client.get(reverse("monitor:programma_rapport_download", args=[rapport.pk]))
    assert download["Content-Type"] == "application/pdf"
    controleer_pdf(pdf_tekst(io.BytesIO(b"".join(download.streaming_content))))

    # every programme user reads the national report; a regio user requests their region's
    noord = loketten[0].regio
    regio = client_as(UserFactory(loket=None, rol=Rol.REGIO, regio=noord))
    lijst = regio.get(reverse("monitor:programma_rapporten")).content.decode()
    assert "Download PDF" in lijst and "Rapport aanvragen (regio Noord)" in lijst
    with django_capture_on_commit_callbacks(execute=True):
        regio.post(reverse("monitor:programma_rapporten"), {"jaar": "2025", "kwartaal": "1"})
    regionaal = Programmarapport.objects.get(regio=noord)
    assert regionaal.status == Programmarapport.Status.KLAAR and regionaal.loketten == 2
    download = regio.get(reverse("monitor:programma_rapport_download", args=[regionaal.pk]))
    tekst = pdf_tekst(io.BytesIO(b"".join(download.streaming_content)))
    assert "Regio Noord" in tekst and "Loket BB (BB)" in tekst and "Loket CC" not in tekst
    # a region's total is the sum of its shown cells: AA is hidden, so "•"
    assert rij(tekst, "Totaal").split()[1] == "•"
    # the landelijk programme reads every region's report and may request one itself
    # (client_as shares one test client)
    landelijk_client = client_as(landelijk)
    status = landelijk_client.get(reverse("monitor:programma_rapport_status", args=[regionaal.pk]))
    assert status.status_code == 200 and "Download PDF" in status.content.decode()
    zuid = loketten[-1].regio
    assert zuid != noord
    with django_capture_on_commit_callbacks(execute=True):
        landelijk_client.post(
            reverse("monitor:programma_rapporten"),
            {"jaar": "2025", "kwartaal": "1", "regio": str(zuid.pk)},
        )
    van_zuid = Programmarapport.objects.get(regio=zuid)
    assert (
        van_zuid.status == Programmarapport.Status.KLAAR and van_zuid.aangevraagd_door == landelijk
    )
    # ... which the regio user of another region cannot open
    for naam in ("monitor:programma_rapport_status", "monitor:programma_rapport_download"):
        assert (
            client_as(UserFactory(loket=None, rol=Rol.REGIO, regio=noord))
            .get(reverse(naam, args=[van_zuid.pk]))
            .status_code
            == 404
        )


@freeze_time("2027-01-10 10:00")  # after the fixture's facts were recorded (now)
def test_a_running_report_polls_and_a_regional_one_is_not_for_other_users(
    loketten, client_as, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        wachtend = vraag_programmarapport_aan(None, 2025, 1)
        regionaal = vraag_programmarapport_aan(loketten[0].regio, 2025, 1)
    client = client_as(UserFactory(loket=None, rol=Rol.LANDELIJK))
    status = client.get(reverse("monitor:programma_rapport_status", args=[wachtend.pk]))
    assert "hx-get" in status.content.decode() and "In de wachtrij" in status.content.decode()
    anders = UserFactory(loket=None, rol=Rol.REGIO, regio=loketten[-1].regio)
    assert anders.regio != regionaal.regio
    client = client_as(anders)
    for naam in ("monitor:programma_rapport_status", "monitor:programma_rapport_download"):
        assert client.get(reverse(naam, args=[regionaal.pk])).status_code == 404
    # not ready yet: no download
    download = client.get(reverse("monitor:programma_rapport_download", args=[wachtend.pk]))
    assert download.status_code == 404


@freeze_time("2027-01-10 10:00")  # after the fixture's facts were recorded (now)
@pytest.mark.parametrize(
    ("gegevens", "fout"),
    [
        ({"jaar": "2027", "kwartaal": "1"}, "nog niet afgesloten"),
        ({"jaar": "2028", "kwartaal": "1"}, "nog niet afgesloten"),
        ({"jaar": "abc", "kwartaal": "1"}, "Vul een jaar in als getal"),
        ({"jaar": "99999", "kwartaal": "1"}, "tot en met 9999"),
        ({"jaar": "2025", "kwartaal": "7"}, "Kies een kwartaal van Q1 tot en met Q4"),
        ({}, "Vul een jaar in."),
        ({"jaar": "2025", "kwartaal": "1", "regio": "999999"}, "Kies een bestaande regio."),
        ({"jaar": "2025", "kwartaal": "1", "regio": "x"}, "Kies een bestaande regio."),
    ],
)
def test_the_request_form_answers_bad_input_in_dutch(client_as, gegevens, fout):
    client = client_as(UserFactory(loket=None, rol=Rol.LANDELIJK))
    antwoord = client.post(reverse("monitor:programma_rapporten"), gegevens)
    assert antwoord.status_code == 400
    assert fout in antwoord.content.decode()
    assert not Programmarapport.objects.exists()


def test_the_task_renders_once(loketten, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        rapport = vraag_programmarapport_aan(None, 2025, 1)
    assert tasks.maak_programmarapport.apply(args=[rapport.pk]).get() == "klaar"
    assert tasks.maak_programmarapport.apply(args=[rapport.pk]).get() == "niets te doen"
    rapport.refresh_from_db()
    assert rapport.status == Programmarapport.Status.KLAAR and rapport.pogingen == 1
    assert re.fullmatch(r"[0-9a-f]{64}", rapport.checksum)


def test_the_sweep_resends_a_programme_report_whose_worker_died(monkeypatch):
    """The sweep serves every kind of report: a national report left `bezig` by a dead worker
    (its lock free) and one never sent go back to the queue, under the programme task's name;
    a kwartaalrapport's lock namespace does not cover it."""
    verstuurd = []
    monkeypatch.setattr(tasks.maak_programmarapport, "delay", verstuurd.append)
    oud = timezone.now() - datetime.timedelta(hours=1)
    verweesd = Programmarapport.objects.create(
        jaar=2025, kwartaal=1, versie=1, status="bezig", aangevraagd_op=oud, pogingen=1
    )
    nooit = Programmarapport.objects.create(jaar=2025, kwartaal=1, versie=2, aangevraagd_op=oud)
    bezet = Programmarapport.objects.create(
        jaar=2025, kwartaal=1, versie=3, status="bezig", aangevraagd_op=oud, pogingen=1
    )
    with andere_sessie() as worker:
        # the same id under the loket reports' namespace is another lock: it does not protect
        worker.execute(
            "SELECT pg_advisory_lock(%s, %s)", [rapport_opmaken.SLOT_NAAMRUIMTE, verweesd.pk]
        )
        worker.execute(
            "SELECT pg_advisory_lock(%s, %s)", [rapport_opmaken.PROGRAMMA_SLOT, bezet.pk]
        )
        assert services.verstuur_wachtende() == 2
    assert sorted(verstuurd) == sorted([verweesd.pk, nooit.pk])
    verweesd.refresh_from_db()
    assert verweesd.status == "in_wachtrij" and verweesd.verzonden_op is not None
    bezet.refresh_from_db()
    assert bezet.status == "bezig"
