"""Quarterly PDF reports: the PDF read back against the stuurgroep's dashboard, the Celery task's
idempotency, crash recovery, retries and failure, beat's schedule and planning, the pages and the
download's permissions. The real Redis + worker test is in test_rapporten_worker.py."""

import datetime
import io
import re
import subprocess
import zoneinfo
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import OperationalError, connection
from django.urls import reverse
from freezegun import freeze_time
from pypdf import PdfReader

from financiering import services as fin
from financiering.constants import Financieringssoort, Kostencategorie, NormBasis, Vorm
from loket import perioden
from loket.celery import app
from loket.constants import Rol
from loket.models import Verwerking
from monitor import rapport, rapport_opmaken, tasks
from monitor.dashboard import bouw_dashboard
from monitor.models import (
    Actie,
    Doelstelling,
    JaarplanDoel,
    Kwartaalrapport,
    Kwartaaltoelichting,
    Prestatie,
    PrestatieStatus,
)
from monitor.services import vraag_rapport_aan

from ..factories import (
    ContactmomentFactory,
    IntakeFactory,
    KlantFactory,
    LoketFactory,
    OrganisatieFactory,
    UserFactory,
)
from ..fouten.werkers import andere_sessie
from ..trajecten.factories import TrajectFactory
from .rapportfabriek import klaar_rapport

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
Q1 = perioden.kwartaal(2026, 1)


@pytest.fixture(autouse=True)
def prive_opslag(settings, tmp_path):
    """Reports go to a private directory of this test only."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "prive", "base_url": None},
        },
    }
    return tmp_path / "prive"


def bestanden(map_) -> list:
    return sorted(p for p in map_.rglob("*") if p.is_file())


@pytest.fixture
def kwartaaldata(loket, ander_loket, projectleider, stuurgroeplid):
    """Q1 2026 of the loket: 7 intakes (shown), 2 EVC sign-ups (suppressed: "< 5"), 6 contacts,
    a budget with a partner's co-financing, a target, a year plan, an action and the review.
    The clients have names that must never reach the PDF."""
    stuurgroeplid.email = "stuurgroep@example.org"
    stuurgroeplid.save()
    klanten = [
        KlantFactory(loket=loket, voornaam=f"Zwanetta{i}", achternaam=f"Quist{i}") for i in range(7)
    ]
    for i, klant in enumerate(klanten):
        IntakeFactory(klant=klant, datum=datetime.date(2026, 1, 5 + i), verwijzer="uwv")
        if i < 6:
            ContactmomentFactory(klant=klant, datum=datetime.date(2026, 2, 1 + i))
    for klant in klanten[:2]:
        TrajectFactory(klant=klant, status_sinds=datetime.datetime(2026, 2, 10, 12, tzinfo=AMS))
    # Another loket's data never counts and never shows.
    IntakeFactory(
        klant=KlantFactory(loket=ander_loket, achternaam="Elderszoon"),
        datum=datetime.date(2026, 1, 9),
    )

    begroting = fin.haal_begroting(loket, 2026)
    fin.stel_norm_in(begroting, percentage=Decimal("25"), basis=NormBasis.RIJKSBIJDRAGE)
    datum = datetime.date(2026, 1, 4)
    post = fin.voeg_kostenpost_toe(
        begroting,
        naam="Loonkosten UWV",
        categorie=Kostencategorie.LOONKOSTEN,
        bedrag=Decimal("75000"),
        datum=datum,
        door=projectleider,
    )
    fin.voeg_financieringsbron_toe(
        begroting,
        naam="Rijksbijdrage SZW",
        soort=Financieringssoort.RIJKSBIJDRAGE,
        bedrag=Decimal("100000"),
        datum=datum,
        door=projectleider,
    )
    roc = OrganisatieFactory(loket=loket, naam="Nova College")
    bron = fin.voeg_financieringsbron_toe(
        begroting,
        naam="Cofinanciering Nova College",
        soort=Financieringssoort.COFINANCIERING,
        organisatie=roc,
        vorm=Vorm.CASH,
        bedrag=Decimal("12500"),
        datum=datum,
        door=projectleider,
    )
    fin.boek(
        loket=loket,
        jaar=2026,
        soort="uitgave",
        bedrag=Decimal("18750"),
        kostenpost=post,
        datum=datetime.date(2026, 3, 1),
        door=projectleider,
    )
    fin.boek(
        loket=loket,
        jaar=2026,
        soort="realisatie",
        bedrag=Decimal("3125"),
        financieringsbron=bron,
        organisatie=roc,
        datum=datetime.date(2026, 3, 2),
        door=projectleider,
    )

    Doelstelling.objects.create(
        loket=loket,
        indicator="nieuwe_klanten",
        omschrijving="Bereik: 40 intakes",
        startdatum=datetime.date(2026, 1, 1),
        einddatum=datetime.date(2026, 12, 31),
        streefwaarde=Decimal(40),
    )
    doel = JaarplanDoel.objects.create(loket=loket, jaar=2026, titel="Meer werkgevers bereiken")
    prestatie = Prestatie.objects.create(
        doel=doel,
        omschrijving="Werkgeversontbijt organiseren",
        trekker_organisatie=roc,
        gereed_jaar=2026,
        gereed_kwartaal=1,
    )
    PrestatieStatus.objects.create(
        prestatie=prestatie,
        jaar=2026,
        kwartaal=1,
        stoplicht="oranje",
        toelichting="Zaal pas in april vrij",
        door=projectleider,
    )
    # A later quarter's judgement must not change the Q1 report.
    PrestatieStatus.objects.create(
        prestatie=prestatie,
        jaar=2026,
        kwartaal=2,
        stoplicht="groen",
        toelichting="Gehouden in mei",
        door=projectleider,
    )
    Actie.objects.create(
        loket=loket,
        actie="Flyer voor werkgevers drukken",
        wie="Kerngroep",
        wanneer=datetime.date(2026, 3, 15),
    )
    Kwartaaltoelichting.objects.create(
        loket=loket,
        jaar=2026,
        kwartaal=1,
        samenwerking="De partners werken goed samen.",
        knelpunten="Te weinig leerbanen in de zorg.",
        vooruitblik="Extra werkgeversbezoeken.",
        bijgewerkt_door=projectleider,
    )
    return {"klanten": klanten}


def maak(loket, door, django_capture_on_commit_callbacks, jaar=2026, kwartaal=1):
    """Request a report; the task runs eagerly when the request's transaction commits."""
    with django_capture_on_commit_callbacks(execute=True):
        gevraagd = vraag_rapport_aan(loket, jaar, kwartaal, door)
    gevraagd.refresh_from_db()
    return gevraagd


def pdftekst(pad) -> str:
    """The text of every page, read back with pypdf (which keeps the space in "< 5")."""
    return "\n".join(pagina.extract_text() for pagina in PdfReader(pad).pages)


def pdftotext(pad) -> str:
    """The same text read by poppler, as a second reader: names and page numbers must agree."""
    return subprocess.run(
        ["pdftotext", "-layout", str(pad), "-"], check=True, capture_output=True, text=True
    ).stdout


def rij(tekst: str, naam: str) -> str:
    """The value right after an indicator's name on its row of the results table."""
    for regel in tekst.splitlines():
        gevonden = re.match(rf"\s*{re.escape(naam)}\s+(< 5|\S+(?: %)?)", regel)
        in_tabel = "geen doelstelling" in regel or re.search(r"\d{2}-\d{2}-\d{4}", regel)
        if gevonden and in_tabel:
            return gevonden.group(1)
    raise AssertionError(f"{naam} staat niet in de resultatentabel")


def test_pdf_figures_equal_the_stuurgroeps_dashboard(
    loket,
    projectleider,
    stuurgroeplid,
    kwartaaldata,
    django_capture_on_commit_callbacks,
    prive_opslag,
):
    gemaakt = maak(loket, projectleider, django_capture_on_commit_callbacks)
    assert gemaakt.status == Kwartaalrapport.Status.KLAAR, gemaakt.foutmelding
    assert gemaakt.versie == 1 and gemaakt.pogingen == 1 and gemaakt.klaar_op
    pad = prive_opslag / gemaakt.bestand.name
    assert gemaakt.bestand.name.startswith(f"rapporten/{loket.code}/") and pad.exists()
    tekst = pdftekst(pad)

    dashboard = bouw_dashboard(loket, Q1, voor_stuurgroep=True)
    for code in [
        "nieuwe_klanten",
        "contactmomenten",
        "evc_gestart",
        "evc_certificaat",
        "werkgeverscontacten",
        "budget_besteed_pct",
        "tevredenheid_klanten",
    ]:
        regel = dashboard.regel(code)
        assert rij(tekst, regel.indicator.naam) == regel.getoond, code
    assert dashboard.regel("nieuwe_klanten").getoond == "7"
    assert dashboard.regel("evc_gestart").getoond == "< 5"  # suppressed, as on screen
    assert dashboard.regel("budget_besteed_pct").getoond == "25,00 %"
    # The target: its stand and forecast as the dashboard shows them, with the stoplight.
    doel = dashboard.doelen[0]
    assert re.search(
        rf"{re.escape(doel.getoond_waarde)}\s+{re.escape(doel.getoond_prognose)}\s+"
        rf"{doel.beoordeling.kleur.capitalize()}",
        tekst,
    )
    # Co-financing per partner against the norm (25 % of 100.000 = 25.000).
    assert re.search(r"Nova College\s+€ 12\.500,00\s+€ 3\.125,00\s+25,0 %", tekst)
    assert "€ 25.000,00" in tekst and "Nog te realiseren: € 21.875,00" in tekst
    assert re.search(r"Loonkosten UWV\s+€ 75\.000,00\s+€ 18\.750,00", tekst)
    # Year plan as it stood at the end of Q1; the action list; the projectleider's review.
    assert "Zaal pas in april vrij" in tekst and "Gehouden in mei" not in tekst
    assert "Flyer voor werkgevers drukken" in tekst and "Te weinig leerbanen in de zorg." in tekst
    # Appendix with every definition.
    for regel in dashboard.regels:
        assert regel.indicator.naam in tekst
    assert "Intakes" in tekst  # the dashboard's quarter chart (SVG) is in it
    # Aggregates only: no client of this or another loket is named (read by both readers).
    poppler = pdftotext(pad)
    for gelezen in (tekst, poppler):
        for klant in kwartaaldata["klanten"]:
            assert klant.achternaam not in gelezen and klant.voornaam not in gelezen
            assert klant.klantnummer not in gelezen
        for naam in ("Elderszoon", "Zwanetta", "Quist"):
            assert naam not in gelezen
    # Cover, header/footer, page numbers, fonts from the system's DejaVu files.
    lezer = PdfReader(pad)
    info = subprocess.run(["pdfinfo", str(pad)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"Tagged:\s+yes", info) and f"Kwartaalrapport {Q1.label}" in info
    xmp = lezer.xmp_metadata.stream.get_data().decode()
    assert 'pdfaid:part="3" pdfaid:conformance="A"' in xmp  # PDF/A-3a
    assert len(lezer.pages) >= 6
    assert loket.naam in lezer.pages[0].extract_text()
    assert f"Pagina 2 van {len(lezer.pages)}" in poppler
    assert f"Pagina {len(lezer.pages)} van {len(lezer.pages)}" in poppler
    assert poppler.count(f"Kwartaalrapport {Q1.label}") >= len(lezer.pages) - 1
    assert poppler.count(loket.naam) >= len(lezer.pages)  # cover + the header of every page
    fonts = {
        str(f["/BaseFont"])
        for p in lezer.pages
        for f in (p["/Resources"].get("/Font") or {}).values()
    }
    # Body text in the @font-face family loaded from the DejaVu files; the SVG charts name
    # "DejaVu Sans" itself. No other font slipped in as a fallback.
    assert any("Rapportletter" in f for f in fonts), fonts
    assert all("Rapportletter" in f or "DejaVu" in f for f in fonts), fonts
    # The checksum is that of the figures shown; the stuurgroep is told by e-mail.
    inhoud = rapport.verzamel(loket, 2026, 1)
    assert rapport.cijfers(inhoud)["indicatoren"] == {
        r.indicator.code: r.getoond for r in dashboard.regels
    }
    assert gemaakt.checksum == rapport.checksum(rapport.cijfers(inhoud))
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["stuurgroep@example.org"]
    link = settings.SITE_URL + reverse("monitor:rapport_download", args=[gemaakt.pk])
    assert link in mail.outbox[0].body and "Q1 2026" in mail.outbox[0].subject


def test_checksum_changes_with_the_figures_only(loket, kwartaaldata):
    voor = rapport.cijfers(rapport.verzamel(loket, 2026, 1))
    assert rapport.checksum(voor) == rapport.checksum(
        rapport.cijfers(rapport.verzamel(loket, 2026, 1))
    )
    IntakeFactory(klant=kwartaaldata["klanten"][0], datum=datetime.date(2026, 3, 30))
    na = rapport.cijfers(rapport.verzamel(loket, 2026, 1))
    assert na["indicatoren"]["nieuwe_klanten"] == "8"
    assert rapport.checksum(voor) != rapport.checksum(na)


def test_running_the_task_twice_gives_one_file_and_one_version(
    loket,
    projectleider,
    stuurgroeplid,
    kwartaaldata,
    django_capture_on_commit_callbacks,
    prive_opslag,
):
    stuurgroeplid.email = "s@example.org"
    stuurgroeplid.save()
    gemaakt = maak(loket, projectleider, django_capture_on_commit_callbacks)
    assert gemaakt.status == Kwartaalrapport.Status.KLAAR
    assert tasks.maak_kwartaalrapport.apply(args=[gemaakt.pk]).get() == "niets te doen"
    assert tasks.maak_kwartaalrapport.apply(args=[gemaakt.pk]).get() == "niets te doen"
    nu = Kwartaalrapport.objects.get()
    assert (nu.versie, nu.pogingen, nu.bestand.name) == (1, 1, gemaakt.bestand.name)
    assert len(bestanden(prive_opslag)) == 1
    assert len(mail.outbox) == 1


def test_a_rerun_after_a_crash_finishes_the_report_once(loket, kwartaaldata, prive_opslag):
    """A worker died mid-render: the row says bezig, there is no file, and nobody holds the lock.
    The redelivered message finishes it; a further delivery does nothing."""
    verweesd = Kwartaalrapport.objects.create(
        loket=loket,
        jaar=2026,
        kwartaal=1,
        versie=1,
        status=Kwartaalrapport.Status.BEZIG,
        gestart_op=datetime.datetime(2026, 4, 5, 6, 0, tzinfo=AMS),
        pogingen=1,
    )
    assert tasks.maak_kwartaalrapport.apply(args=[verweesd.pk]).get() == "klaar"
    assert tasks.maak_kwartaalrapport.apply(args=[verweesd.pk]).get() == "niets te doen"
    verweesd.refresh_from_db()
    assert verweesd.status == Kwartaalrapport.Status.KLAAR and verweesd.pogingen == 2
    assert len(bestanden(prive_opslag)) == 1


def test_a_report_being_rendered_by_another_worker_is_left_alone(loket, prive_opslag):
    """Another worker (another database session) holds the report's lock: this one backs off."""
    bezig = Kwartaalrapport.objects.create(
        loket=loket,
        jaar=2026,
        kwartaal=1,
        versie=1,
        status=Kwartaalrapport.Status.BEZIG,
        pogingen=1,
    )
    with andere_sessie() as ander:
        ander.execute(
            "SELECT pg_advisory_lock(%s, %s)", [rapport_opmaken.SLOT_NAAMRUIMTE, bezig.pk]
        )
        assert tasks.maak_kwartaalrapport.apply(args=[bezig.pk]).get() == "elders bezig"
        bezig.refresh_from_db()
        assert bezig.status == Kwartaalrapport.Status.BEZIG and bezig.pogingen == 1
    assert not bestanden(prive_opslag)


def test_a_render_error_fails_the_report_and_shows_on_the_page(
    loket, projectleider, monkeypatch, client_as, django_capture_on_commit_callbacks
):
    def kapot(inhoud):
        raise ValueError("Lettertype onleesbaar")

    monkeypatch.setattr(rapport, "render_pdf", kapot)
    mislukt = maak(loket, projectleider, django_capture_on_commit_callbacks)
    assert mislukt.status == Kwartaalrapport.Status.MISLUKT and not mislukt.bestand
    assert mislukt.foutmelding == "ValueError: Lettertype onleesbaar"
    assert mislukt.pogingen == 1  # a render error is not retried
    assert not mail.outbox
    client = client_as(projectleider)
    pagina = client.get(reverse("monitor:rapporten")).content.decode()
    assert "Mislukt" in pagina and "Lettertype onleesbaar" in pagina
    fragment = client.get(reverse("monitor:rapport_status", args=[mislukt.pk])).content.decode()
    assert "Lettertype onleesbaar" in fragment and "hx-trigger" not in fragment
    assert client.get(reverse("monitor:rapport_download", args=[mislukt.pk])).status_code == 404


def test_transient_errors_are_retried_a_bounded_number_of_times(
    loket, monkeypatch, django_capture_on_commit_callbacks
):
    pogingen = []

    def database_weg(inhoud):
        pogingen.append(1)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(rapport, "render_pdf", database_weg)
    mislukt = maak(loket, None, django_capture_on_commit_callbacks)
    assert len(pogingen) == rapport_opmaken.MAX_POGINGEN + 1 == 4
    assert mislukt.status == Kwartaalrapport.Status.MISLUKT and mislukt.pogingen == 4
    assert mislukt.foutmelding.startswith("Mislukt na 4 pogingen: server closed")


def test_a_transient_error_then_success(loket, monkeypatch, django_capture_on_commit_callbacks):
    echt = rapport.render_pdf
    pogingen = []

    def eerst_mis(inhoud):
        pogingen.append(1)
        if len(pogingen) == 1:
            raise OperationalError("tijdelijk weg")
        return echt(inhoud)

    monkeypatch.setattr(rapport, "render_pdf", eerst_mis)
    gelukt = maak(loket, None, django_capture_on_commit_callbacks)
    assert gelukt.status == Kwartaalrapport.Status.KLAAR and gelukt.pogingen == 2
    assert gelukt.foutmelding == ""


def test_task_options_and_route():
    taak = tasks.maak_kwartaalrapport
    assert taak.acks_late and taak.reject_on_worker_lost
    assert taak.max_retries == 3 and taak.soft_time_limit < taak.time_limit
    route = app.amqp.router.route({}, taak.name)
    assert route["queue"].name == "rapporten"


# ---------------------------------------------------------------- beat


def test_every_beat_entry_imports_and_resolves_to_a_registered_task():
    app.loader.import_default_modules()
    for naam, regel in settings.CELERY_BEAT_SCHEDULE.items():
        assert regel["task"] in app.tasks, naam
        module, _, functie = regel["task"].rpartition(".")
        assert callable(getattr(__import__(module, fromlist=[functie]), functie)), naam


def vuurmomenten(schema, jaar: int) -> list[datetime.datetime]:
    """Every minute of a year (Europe/Amsterdam wall clock) on which the crontab's fields match."""
    uit = []
    moment = datetime.datetime(jaar, 1, 1, tzinfo=AMS)
    while moment.year == jaar:
        if (
            moment.month in schema.month_of_year
            and moment.day in schema.day_of_month
            and moment.hour in schema.hour
            and moment.minute in schema.minute
            and (moment.isoweekday() % 7) in schema.day_of_week
        ):
            uit.append(moment)
        moment += datetime.timedelta(minutes=1)
    return uit


def test_report_crontab_fires_only_on_the_5th_of_each_quarter_at_six():
    from celery.schedules import crontab

    schema = settings.CELERY_BEAT_SCHEDULE["kwartaalrapporten"]["schedule"]
    assert settings.CELERY_TIMEZONE == "Europe/Amsterdam"
    assert vuurmomenten(schema, 2027) == [
        datetime.datetime(2027, maand, 5, 6, 0, tzinfo=AMS) for maand in (1, 4, 7, 10)
    ]
    # The trap this guards against: only month_of_year fires every minute of those months.
    assert len(vuurmomenten(crontab(month_of_year="1,4,7,10"), 2027)) > 100_000
    # Celery's own evaluation, in the app's time zone, agrees.
    schema = crontab(minute=0, hour=6, day_of_month=5, month_of_year="1,4,7,10", app=app)
    assert str(schema.tz) == "Europe/Amsterdam"
    vorige = datetime.datetime(2027, 1, 5, 6, 0, tzinfo=AMS)
    for nu, verwacht in [
        (datetime.datetime(2027, 4, 5, 5, 59, tzinfo=AMS), False),
        (datetime.datetime(2027, 4, 5, 6, 0, 30, tzinfo=AMS), True),
        (datetime.datetime(2027, 3, 5, 6, 0, 30, tzinfo=AMS), False),
        (datetime.datetime(2027, 4, 6, 6, 0, 30, tzinfo=AMS), True),  # missed run catches up
    ]:
        schema.nowfun = lambda nu=nu: nu
        assert schema.is_due(vorige).is_due is verwacht, nu
    schema.nowfun = lambda: datetime.datetime(2027, 1, 5, 6, 0, 1, tzinfo=AMS)
    volgende = vorige + schema.remaining_delta(vorige)[1]
    assert volgende == datetime.datetime(2027, 4, 5, 6, 0, tzinfo=AMS)


def test_beat_requests_the_previous_quarter_for_every_active_loket(
    loket, ander_loket, django_capture_on_commit_callbacks
):
    slapend = LoketFactory(naam="Leerwerkloket Gesloten", code="DICHT", actief=False)
    with freeze_time(datetime.datetime(2026, 10, 5, 6, 0, tzinfo=AMS)):
        with django_capture_on_commit_callbacks(execute=False) as taken:
            assert tasks.plan_kwartaalrapporten.apply().get() == 2
        assert len(taken) == 2
        gepland = Kwartaalrapport.objects.order_by("loket__code")
        assert [(r.loket, r.jaar, r.kwartaal, r.versie, r.aangevraagd_door) for r in gepland] == [
            (ander_loket, 2026, 3, 1, None),
            (loket, 2026, 3, 1, None),
        ]
        assert not Kwartaalrapport.objects.filter(loket=slapend).exists()
        # A second beat run for the same quarter adds nothing.
        with django_capture_on_commit_callbacks(execute=False):
            assert tasks.plan_kwartaalrapporten.apply().get() == 0
    with freeze_time(datetime.datetime(2027, 1, 5, 6, 0, tzinfo=AMS)):
        with django_capture_on_commit_callbacks(execute=False):
            tasks.plan_kwartaalrapporten.apply().get()
    assert Kwartaalrapport.objects.filter(jaar=2026, kwartaal=4).count() == 2


# ---------------------------------------------------------------- pages


def test_projectleider_requests_watches_and_downloads(
    client_as, projectleider, loket, kwartaaldata, django_capture_on_commit_callbacks
):
    client = client_as(projectleider)
    pagina = client.get(reverse("monitor:rapporten"))
    assert pagina.status_code == 200 and "Rapport aanvragen" in pagina.content.decode()
    # Queued: the status fragment polls every 2 s.
    with django_capture_on_commit_callbacks(execute=False) as taken:
        antwoord = client.post(reverse("monitor:rapporten"), {"jaar": "2026", "kwartaal": "1"})
    assert antwoord.status_code == 302 and len(taken) == 1
    gevraagd = Kwartaalrapport.objects.get()
    assert gevraagd.aangevraagd_door == projectleider
    status_url = reverse("monitor:rapport_status", args=[gevraagd.pk])
    fragment = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert f'hx-get="{status_url}"' in fragment and 'hx-trigger="every 2s"' in fragment
    assert "In de wachtrij" in fragment
    lijst = client.get(reverse("monitor:rapporten")).content.decode()
    assert 'hx-trigger="every 2s"' in lijst
    # The worker runs: the fragment turns into a download link and stops polling.
    taken[0]()
    fragment = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    download = reverse("monitor:rapport_download", args=[gevraagd.pk])
    assert f'href="{download}"' in fragment and "hx-trigger" not in fragment
    gevraagd.refresh_from_db()
    assert f"cijfers {gevraagd.checksum[:8]}" in fragment
    bestand = client.get(download)
    assert bestand.status_code == 200 and bestand["Content-Type"] == "application/pdf"
    assert bestand["Content-Disposition"].startswith("attachment")
    assert "kwartaalrapport-TEST-2026-Q1-v1.pdf" in bestand["Content-Disposition"]
    inhoud = b"".join(bestand.streaming_content)
    assert inhoud.startswith(b"%PDF") and PdfReader(io.BytesIO(inhoud)).pages
    # Asking again makes version 2; version 1 stays downloadable.
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("monitor:rapporten"), {"jaar": "2026", "kwartaal": "1"})
    assert list(Kwartaalrapport.objects.values_list("versie", flat=True)) == [2, 1]
    assert client.get(download).status_code == 200


@freeze_time(datetime.datetime(2026, 5, 20, 12, 0, tzinfo=AMS))
@pytest.mark.parametrize(
    ("gegevens", "fout"),
    [
        ({"jaar": "2026", "kwartaal": "3"}, "Dit kwartaal is nog niet begonnen"),
        ({"jaar": "2027", "kwartaal": "1"}, "Dit kwartaal is nog niet begonnen"),
        ({"jaar": "", "kwartaal": "1"}, "Vul een jaar in."),
        ({"jaar": "twee", "kwartaal": "1"}, "Vul een jaar in als getal"),
        ({"jaar": "1999", "kwartaal": "1"}, "Kies een jaar vanaf 2000."),
        ({"jaar": "2026", "kwartaal": "5"}, "Kies een kwartaal van Q1 tot en met Q4."),
        ({"jaar": "99999999999", "kwartaal": "1"}, "Dit kwartaal is nog niet begonnen"),
    ],
)
def test_request_form_refuses_future_quarters_in_dutch(client_as, projectleider, gegevens, fout):
    antwoord = client_as(projectleider).post(reverse("monitor:rapporten"), gegevens)
    assert antwoord.status_code == 400 and fout in antwoord.content.decode()
    assert not Kwartaalrapport.objects.exists()


@freeze_time(datetime.datetime(2026, 5, 20, 12, 0, tzinfo=AMS))
def test_the_running_quarter_may_be_requested(
    client_as, projectleider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        antwoord = client_as(projectleider).post(
            reverse("monitor:rapporten"), {"jaar": "2026", "kwartaal": "2"}
        )
    assert antwoord.status_code == 302 and Kwartaalrapport.objects.get().kwartaal == 2


def test_only_the_projectleider_requests(client_as, stuurgroeplid, loket):
    client = client_as(stuurgroeplid)
    assert client.get(reverse("monitor:rapporten")).status_code == 200
    assert "Rapport aanvragen" not in client.get(reverse("monitor:rapporten")).content.decode()
    antwoord = client.post(reverse("monitor:rapporten"), {"jaar": "2026", "kwartaal": "1"})
    assert antwoord.status_code == 403 and not Kwartaalrapport.objects.exists()


def test_download_permissions_and_logging(
    client, client_as, loket, ander_loket, projectleider, stuurgroeplid, werkcoach, beheerder
):
    eigen = klaar_rapport(loket)
    elders = klaar_rapport(ander_loket)
    url = reverse("monitor:rapport_download", args=[eigen.pk])
    status_url = reverse("monitor:rapport_status", args=[eigen.pk])

    anoniem = client.get(url)
    assert anoniem.status_code == 302 and anoniem.url.startswith(reverse("login"))
    assert client.get(status_url).status_code == 302

    for wie in (werkcoach, beheerder):
        c = client_as(wie)
        assert c.get(url).status_code == 403 and c.get(status_url).status_code == 403
        c.logout()
    assert not Verwerking.objects.exists()

    stuur = client_as(stuurgroeplid)
    antwoord = stuur.get(url)
    assert antwoord.status_code == 200 and b"".join(antwoord.streaming_content).startswith(b"%PDF")
    for andere in (
        reverse("monitor:rapport_download", args=[elders.pk]),
        reverse("monitor:rapport_status", args=[elders.pk]),
    ):
        assert stuur.get(andere).status_code == 404
    log = Verwerking.objects.get()
    assert (log.gebruiker, log.loket, log.actie, log.klant_id) == (
        stuurgroeplid,
        loket,
        Verwerking.Actie.GEEXPORTEERD,
        None,
    )
    assert "Q1 2026" in log.onderwerp
    stuur.logout()
    pl = client_as(projectleider)
    assert pl.get(reverse("monitor:rapport_download", args=[elders.pk])).status_code == 404
    assert pl.get(url).status_code == 200
    assert Verwerking.objects.count() == 2


def test_download_of_an_unfinished_report_is_404(client_as, projectleider, loket):
    wacht = Kwartaalrapport.objects.create(loket=loket, jaar=2026, kwartaal=2, versie=1)
    client = client_as(projectleider)
    assert client.get(reverse("monitor:rapport_download", args=[wacht.pk])).status_code == 404
    assert not Verwerking.objects.exists()


def test_the_file_is_private(client_as, projectleider, loket, prive_opslag):
    """Stored outside every served directory: only the download view hands it out."""
    gemaakt = klaar_rapport(loket)
    assert isinstance(default_storage, FileSystemStorage)
    assert (prive_opslag / gemaakt.bestand.name).exists()
    client = client_as(projectleider)
    for poging in (
        f"/{gemaakt.bestand.name}",
        f"/media/{gemaakt.bestand.name}",
        f"/static/{gemaakt.bestand.name}",
        "/" + gemaakt.bestand.url.lstrip("/"),
    ):
        assert client.get(poging).status_code == 404, poging


def test_report_list_shows_versions_per_quarter_to_the_stuurgroep(
    client_as, stuurgroeplid, loket, ander_loket
):
    klaar_rapport(loket, versie=1)
    klaar_rapport(loket, versie=2)
    klaar_rapport(loket, kwartaal=2)
    klaar_rapport(ander_loket, kwartaal=3)
    antwoord = client_as(stuurgroeplid).get(reverse("monitor:rapporten"))
    groepen = antwoord.context["groepen"]
    assert list(groepen) == ["Q2 2026", "Q1 2026"]
    assert [r.versie for r in groepen["Q1 2026"]] == [2, 1]
    assert "Q3 2026" not in antwoord.content.decode()


def test_stuurgroep_members_of_other_lokets_get_no_mail(
    loket, ander_loket, kwartaaldata, django_capture_on_commit_callbacks
):
    UserFactory(loket=ander_loket, rol=Rol.STUURGROEP, email="elders@example.org")
    UserFactory(loket=loket, rol=Rol.WERKCOACH, email="coach@example.org")
    UserFactory(loket=loket, rol=Rol.STUURGROEP, email="oud@example.org", is_active=False)
    maak(loket, None, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["stuurgroep@example.org"]]


def test_a_time_limit_fails_the_report_without_retry(
    loket, monkeypatch, django_capture_on_commit_callbacks
):
    from celery.exceptions import SoftTimeLimitExceeded

    def te_traag(inhoud):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(rapport, "render_pdf", te_traag)
    mislukt = maak(loket, None, django_capture_on_commit_callbacks)
    assert mislukt.status == Kwartaalrapport.Status.MISLUKT and mislukt.pogingen == 1
    assert "duurde te lang" in mislukt.foutmelding


def test_nothing_is_enqueued_when_the_request_rolls_back(
    loket, projectleider, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks() as taken, pytest.raises(RuntimeError):
        with transaction.atomic():
            vraag_rapport_aan(loket, 2026, 1, projectleider)
            raise RuntimeError("de aanvraag breekt af")
    assert taken == [] and not Kwartaalrapport.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_get_consecutive_versions(loket, projectleider, monkeypatch):
    import threading

    from django.db import connections

    verstuurd = []
    monkeypatch.setattr(tasks.maak_kwartaalrapport, "delay", verstuurd.append)
    start = threading.Barrier(4)
    fouten = []

    def vraag():
        try:
            start.wait()
            vraag_rapport_aan(loket, 2026, 1, projectleider)
        except Exception as exc:  # noqa: BLE001 - reported below
            fouten.append(exc)
        finally:
            connections.close_all()

    draden = [threading.Thread(target=vraag) for _ in range(4)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=60)
    assert not fouten
    assert sorted(Kwartaalrapport.objects.values_list("versie", flat=True)) == [1, 2, 3, 4]
    assert sorted(verstuurd) == sorted(Kwartaalrapport.objects.values_list("pk", flat=True))


def test_a_report_that_keeps_crashing_its_worker_is_failed_not_looped(loket, prive_opslag):
    verweesd = Kwartaalrapport.objects.create(
        loket=loket,
        jaar=2026,
        kwartaal=1,
        versie=1,
        status=Kwartaalrapport.Status.BEZIG,
        pogingen=rapport_opmaken.MAX_POGINGEN + 1,
    )
    assert tasks.maak_kwartaalrapport.apply(args=[verweesd.pk]).get() == "mislukt"
    verweesd.refresh_from_db()
    assert verweesd.status == Kwartaalrapport.Status.MISLUKT
    assert "de worker stopte 4 keer" in verweesd.foutmelding
    assert verweesd.pogingen == 4 and not bestanden(prive_opslag)


def test_an_unreachable_broker_leaves_the_request_waiting_visibly(
    loket, projectleider, monkeypatch, client_as, django_capture_on_commit_callbacks
):
    """Not failed: the report waits, says why, and the sweep sends it once the broker is back
    (tests/fouten has the real Redis outage)."""
    from kombu.exceptions import OperationalError as BrokerFout

    def geen_redis(*args, **kwargs):
        raise BrokerFout("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.maak_kwartaalrapport, "delay", geen_redis)
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client_as(projectleider).post(
            reverse("monitor:rapporten"), {"jaar": "2026", "kwartaal": "1"}
        )
    assert antwoord.status_code == 302
    wacht = Kwartaalrapport.objects.get()
    assert wacht.status == Kwartaalrapport.Status.IN_WACHTRIJ
    assert wacht.verzonden_op is None and wacht.foutmelding == ""
    assert (
        "De wachtrij is tijdelijk niet bereikbaar; het rapport wordt gemaakt zodra die terug is."
        in client_as(projectleider).get(reverse("monitor:rapporten")).content.decode()
    )


@pytest.mark.django_db(transaction=True)
def test_a_dropped_database_connection_is_retried_on_a_fresh_one(loket, monkeypatch, prive_opslag):
    """The worker's database session is killed mid-render (a failover, a restart): the attempt
    is recorded on a new connection, the retry claims the report again and finishes it."""
    wacht = Kwartaalrapport.objects.create(loket=loket, jaar=2026, kwartaal=1, versie=1)
    echt = rapport.render_pdf
    gestopt = []

    def sessie_weg(inhoud):
        if not gestopt:
            pid = connection.connection.info.backend_pid
            with andere_sessie() as ander:
                ander.execute("SELECT pg_terminate_backend(%s)", [pid])
            gestopt.append(pid)
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")  # the dead session: OperationalError
        return echt(inhoud)

    monkeypatch.setattr(rapport, "render_pdf", sessie_weg)
    assert tasks.maak_kwartaalrapport.apply(args=[wacht.pk]).get() == "klaar"
    wacht.refresh_from_db()
    assert gestopt and connection.connection.info.backend_pid != gestopt[0]
    assert wacht.status == Kwartaalrapport.Status.KLAAR and wacht.pogingen == 2
    assert len(bestanden(prive_opslag)) == 1
