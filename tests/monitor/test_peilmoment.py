"""Figures as they stood (issue 13, point 3): a measurement at a peilmoment counts only the facts
recorded up to it; a quarter's report says its peilmoment, is voorlopig until the quarter is
closed and definitief after, and a later version shows what changed since the previous one, and
why. The PDFs are read back."""

import datetime
import random
import subprocess
import zoneinfo
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from pypdf import PdfReader

from clients.models import Intake
from financiering import selectors as fin_selectors
from financiering import services as fin
from financiering.constants import BoekingSoort, Financieringssoort, Kostencategorie, Vorm
from financiering.models import Boeking, Tarief
from loket import perioden
from monitor.meting import meet
from monitor.models import Kwartaalrapport, PeilSoort
from monitor.revisie import GEEN_NIEUWE_FEITEN
from monitor.services import vraag_rapport_aan
from trajecten.constants import Status
from trajecten.models import TrajectGebeurtenis

from ..factories import IntakeFactory, KlantFactory, OrganisatieFactory
from ..trajecten.factories import TrajectFactory

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
Q1 = perioden.kwartaal(2026, 1)
UTC = datetime.UTC


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


def _moment(tekst: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(tekst).replace(tzinfo=UTC)


def _begroting(loket, door):
    begroting = fin.haal_begroting(loket, 2026)
    fin.voeg_kostenpost_toe(
        begroting,
        naam="Loonkosten UWV",
        categorie=Kostencategorie.LOONKOSTEN,
        bedrag=Decimal("75000"),
        datum=datetime.date(2026, 1, 4),
        door=door,
    )
    fin.voeg_financieringsbron_toe(
        begroting,
        naam="Rijksbijdrage SZW",
        soort=Financieringssoort.RIJKSBIJDRAGE,
        bedrag=Decimal("100000"),
        datum=datetime.date(2026, 1, 4),
        door=door,
    )
    bron = fin.voeg_financieringsbron_toe(
        begroting,
        naam="Cofinanciering Nova College",
        soort=Financieringssoort.COFINANCIERING,
        organisatie=OrganisatieFactory(loket=begroting.loket, naam="Nova College"),
        vorm=Vorm.IN_NATURA,
        bedrag=Decimal("12500"),
        datum=datetime.date(2026, 1, 15),
        door=door,
    )
    tarief = Tarief.objects.create(
        loket=loket,
        jaar=2026,
        rol="Docent",
        uurtarief=Decimal("50.00"),
        organisatie=bron.organisatie,
    )
    return bron, tarief


def _aanmelding(klant, datum: datetime.datetime) -> TrajectGebeurtenis:
    traject = TrajectFactory(klant=klant, status_sinds=datum, eerste_gebeurtenis=False)
    return TrajectGebeurtenis.objects.create(
        loket=klant.loket,
        traject=traject,
        van_status="",
        naar_status=Status.AANGEMELD,
        datum=datum,
        geregistreerd_door=traject.begeleider,
    )


def _correctie(origineel: TrajectGebeurtenis) -> TrajectGebeurtenis:
    return TrajectGebeurtenis.objects.create(
        loket=origineel.loket,
        traject=origineel.traject,
        van_status=origineel.naar_status,
        naar_status=origineel.van_status or Status.AANGEMELD,
        datum=origineel.datum,
        geregistreerd_door=origineel.geregistreerd_door,
        corrigeert=origineel,
        reden="Verkeerd traject",
    )


# --- As-of measurement equals a recount of the facts recorded up to the moment -------------


def _hercount(loket, peil):
    """Count in Python, straight from the rows, what was known at `peil` about Q1 2026."""
    begin, einde = Q1.van, Q1.tot
    intakes = [
        i
        for i in Intake.objects.filter(loket=loket)
        if begin <= i.datum <= einde and i.aangemaakt_op <= peil
    ]
    gebeurtenissen = list(TrajectGebeurtenis.objects.filter(loket=loket))
    gecorrigeerd = {
        g.corrigeert_id for g in gebeurtenissen if g.corrigeert_id and g.geregistreerd_op <= peil
    }
    gestart = [
        g
        for g in gebeurtenissen
        if g.van_status == ""
        and g.corrigeert_id is None
        and g.geregistreerd_op <= peil
        and g.pk not in gecorrigeerd
        and begin <= g.datum.astimezone(AMS).date() <= einde
    ]
    boekingen = [b for b in Boeking.objects.filter(loket=loket) if b.geboekt_op <= peil]
    gerealiseerd = sum(
        (b.bedrag for b in boekingen if b.soort == BoekingSoort.REALISATIE), Decimal("0")
    )
    uitgegeven = sum((b.bedrag for b in boekingen if b.soort == BoekingSoort.UITGAVE), Decimal("0"))
    return len(intakes), len(gestart), gerealiseerd, uitgegeven


@pytest.mark.django_db
@pytest.mark.parametrize("zaad", [1, 2, 3, 4])
def test_as_of_measurement_equals_a_recount_of_facts_recorded_before_it(loket, projectleider, zaad):
    kans = random.Random(zaad)
    with freeze_time("2026-01-05 09:00:00"):
        bron, tarief = _begroting(loket, projectleider)
        post = fin_selectors.jaaroverzicht(loket, 2026).kosten[0].post
    klanten = [KlantFactory(loket=loket) for _ in range(4)]
    # Facts recorded on random days between January and June, about random days of Q1 before
    # the day they were recorded (back-dated), some corrected or reversed later.
    aanmeldingen, boekingen = [], []
    momenten = sorted(
        _moment(f"2026-{kans.randint(1, 6):02d}-{kans.randint(1, 28):02d} 10:00:00")
        for _ in range(25)
    )
    for moment in momenten:
        with freeze_time(moment):
            over = datetime.date(2026, 1, 1) + datetime.timedelta(
                days=kans.randint(0, min(89, (moment.date() - datetime.date(2026, 1, 1)).days))
            )
            soort = kans.choice(["intake", "aanmelding", "correctie", "uren", "uitgave", "tegen"])
            if soort == "intake":
                IntakeFactory(klant=kans.choice(klanten), datum=over)
            elif soort == "aanmelding":
                tijd = datetime.datetime.combine(over, datetime.time(11), tzinfo=AMS)
                aanmeldingen.append(_aanmelding(kans.choice(klanten), tijd))
            elif soort == "correctie" and aanmeldingen:
                _correctie(aanmeldingen.pop(kans.randrange(len(aanmeldingen))))
            elif soort == "uren" and moment.date() >= datetime.date(2026, 1, 1):
                inzet = fin.registreer_uren(
                    financieringsbron=bron,
                    tarief=tarief,
                    medewerker="Docent",
                    uren=Decimal(kans.randint(1, 40)),
                    kwartaal=1,
                )
                boekingen.append(inzet.boeking)
            elif soort == "uitgave":
                boekingen.append(
                    fin.boek(
                        loket=loket,
                        jaar=2026,
                        soort=BoekingSoort.UITGAVE,
                        kostenpost=post,
                        bedrag=Decimal(kans.randint(100, 5000)),
                        datum=moment.date(),
                    )
                )
            elif soort == "tegen" and boekingen:
                fin.tegenboek(
                    boekingen.pop(kans.randrange(len(boekingen))),
                    reden="Correctie",
                    datum=moment.date(),
                )
    peilen = [*momenten, _moment("2026-02-14 23:59:59"), _moment("2026-12-31 00:00:00")]
    for peil in peilen:
        intakes, gestart, gerealiseerd, uitgegeven = _hercount(loket, peil)
        meting = meet(loket, Q1, peil)
        assert meting.intakes.totaal == intakes, peil
        assert meting.trajecten.totaal.gestart == gestart, peil
        overzicht = meting.financiering
        assert overzicht.totaal_financiering_gerealiseerd == gerealiseerd, peil
        assert overzicht.totaal_kosten_uitgegeven == uitgegeven, peil
    # Without a peilmoment: everything known now, the same as a peilmoment in the future.
    nu, later = meet(loket, Q1), meet(loket, Q1, _moment("2030-01-01 00:00:00"))
    assert nu.intakes.totaal == later.intakes.totaal
    assert nu.trajecten.totaal.gestart == later.trajecten.totaal.gestart
    assert nu.financiering.totaal_kosten_uitgegeven == later.financiering.totaal_kosten_uitgegeven


@pytest.mark.django_db
def test_a_correction_recorded_after_the_peilmoment_does_not_yet_cancel(loket):
    klant = KlantFactory(loket=loket)
    with freeze_time("2026-02-01 10:00:00"):
        aanmelding = _aanmelding(klant, datetime.datetime(2026, 1, 20, 10, tzinfo=AMS))
    with freeze_time("2026-04-10 10:00:00"):
        _correctie(aanmelding)
    assert meet(loket, Q1, _moment("2026-04-01 00:00:00")).trajecten.totaal.gestart == 1
    assert meet(loket, Q1, _moment("2026-04-11 00:00:00")).trajecten.totaal.gestart == 0
    assert meet(loket, Q1, _moment("2026-01-31 00:00:00")).trajecten.totaal.gestart == 0


# --- The report: peilmoment, voorlopig/definitief and the revision table --------------------


def maak(loket, door, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        gevraagd = vraag_rapport_aan(loket, 2026, 1, door, **kwargs)
    gevraagd.refresh_from_db()
    assert gevraagd.status == Kwartaalrapport.Status.KLAAR, gevraagd.foutmelding
    return gevraagd


def pdftekst(pad) -> str:
    return "\n".join(pagina.extract_text() for pagina in PdfReader(pad).pages)


def pdftotext(pad) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pad), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.django_db
def test_report_after_later_bookings_shows_figures_at_its_peilmoment_and_the_revisions(
    loket, projectleider, django_capture_on_commit_callbacks, prive_opslag
):
    klanten = [KlantFactory(loket=loket) for _ in range(12)]
    with freeze_time("2026-02-10 10:00:00"):
        bron, tarief = _begroting(loket, projectleider)
        for klant in klanten[:6]:
            IntakeFactory(klant=klant, datum=datetime.date(2026, 1, 12))
    with freeze_time("2026-04-02 08:00:00"):  # 10:00 in Amsterdam
        v1 = maak(loket, projectleider, django_capture_on_commit_callbacks)
    assert v1.peil_soort == PeilSoort.OPMAAK and not v1.definitief
    assert v1.peilmoment == _moment("2026-04-02 08:00:00")
    assert v1.cijfers["indicatoren"]["nieuwe_klanten"] == "6" and v1.revisies == []

    # After the first version: Q1 hours booked late, five intakes entered late, then the quarter
    # is closed; one more intake about March is entered after the closing.
    with freeze_time("2026-04-03 09:00:00"):
        fin.registreer_uren(
            financieringsbron=bron,
            tarief=tarief,
            medewerker="Docent",
            uren=Decimal("30"),
            kwartaal=1,
            door=projectleider,
        )
        for klant in klanten[6:11]:
            IntakeFactory(klant=klant, datum=datetime.date(2026, 3, 20))
        _aanmelding(klanten[0], datetime.datetime(2026, 3, 15, 10, tzinfo=AMS))  # back-dated
    with freeze_time("2026-04-05 09:00:00"):  # 11:00 in Amsterdam (summer time)
        fin.sluit_kwartaal(loket, 2026, 1, door=projectleider)
    with freeze_time("2026-04-06 09:00:00"):
        IntakeFactory(klant=klanten[11], datum=datetime.date(2026, 3, 25))
    with freeze_time("2026-04-07 09:00:00"):
        v2 = maak(loket, projectleider, django_capture_on_commit_callbacks)

    # v2: as at the closing (definitief): the late intakes and hours count, the intake entered
    # after the closing does not.
    assert v2.peil_soort == PeilSoort.AFSLUITING and v2.definitief
    assert v2.peilmoment == _moment("2026-04-05 09:00:00")
    assert v2.cijfers["indicatoren"]["nieuwe_klanten"] == "11"
    assert meet(loket, Q1).intakes.totaal == 12
    revisies = {r[0]: r for r in v2.revisies}
    assert revisies["Nieuwe klanten (intakes)"][1:3] == ["6", "11"]
    # Facts about clients by kind only: "5 later" next to 11 would tell the earlier figure.
    assert revisies["Nieuwe klanten (intakes)"][3] == "intakes later vastgelegd"
    evc = revisies["EVC-trajecten gestart"]
    assert evc[1] == "0" and evc[2] != "0"  # shown as suppressed: one sign-up
    assert evc[3] == "trajectgebeurtenissen teruggedateerd"
    gerealiseerd = revisies["Partner Nova College: gerealiseerd"]
    assert gerealiseerd[1:3] == ["€ 0,00", "€ 1.500,00"]
    assert gerealiseerd[3] == "1 boeking later geboekt, waarvan 1 teruggedateerd"

    tekst1 = pdftekst(prive_opslag / v1.bestand.name)
    assert "Voorlopig" in tekst1 and "02-04-2026 10:00 (moment van opmaak)" in tekst1
    assert "Wijzigingen ten opzichte van versie" not in tekst1
    tekst2 = pdftekst(prive_opslag / v2.bestand.name)
    assert "Definitief" in tekst2
    assert "05-04-2026 11:00 (afsluiting van het kwartaal)" in tekst2
    assert "Wijzigingen ten opzichte van versie 1" in tekst2
    assert "02-04-2026 10:00" in tekst2  # the previous version's peilmoment
    poppler = pdftotext(prive_opslag / v2.bestand.name)
    regel = next(
        r
        for r in poppler.splitlines()
        if r.strip().startswith("Nieuwe klanten (intakes)") and "later vastgelegd" in r
    )
    assert regel.split()[3:7] == ["6", "11", "intakes", "later"], regel
    assert "Kwartaalrapport Q1 2026 · cijfers: Definitief" in poppler  # every page's header

    # A third version after the closing: the same figures, so no changes, still definitief.
    with freeze_time("2026-05-01 09:00:00"):
        v3 = maak(loket, projectleider, django_capture_on_commit_callbacks)
    assert v3.definitief and v3.cijfers == v2.cijfers and v3.revisies == []
    assert v3.checksum == v2.checksum
    assert "alle cijfers zijn gelijk aan die van versie 2" in " ".join(
        pdftekst(prive_opslag / v3.bestand.name).split()
    )


@pytest.mark.django_db
def test_chosen_peildatum_and_unexplained_changes(
    loket, projectleider, client_as, django_capture_on_commit_callbacks
):
    klant = KlantFactory(loket=loket)
    with freeze_time("2026-03-10 10:00:00"):
        intake = IntakeFactory(klant=klant, datum=datetime.date(2026, 3, 2))
    with freeze_time("2026-04-20 10:00:00"):
        client = client_as(projectleider)
        url = reverse("monitor:rapporten")
        r = client.post(url, {"jaar": "2026", "kwartaal": "1", "peildatum": "2025-12-31"})
        assert r.status_code == 400 and "voor het begin van het kwartaal" in r.content.decode()
        r = client.post(url, {"jaar": "2026", "kwartaal": "1", "peildatum": "2026-04-21"})
        assert r.status_code == 400 and "in de toekomst" in r.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            r = client.post(url, {"jaar": "2026", "kwartaal": "1", "peildatum": "2026-03-31"})
        assert r.status_code == 302
        v1 = Kwartaalrapport.objects.get()
        assert v1.peil_soort == PeilSoort.GEKOZEN and not v1.definitief
        assert timezone.localtime(v1.peilmoment).date() == datetime.date(2026, 3, 31)
        r = client.get(url)
        assert (
            "31-03-2026 23:59" in r.content.decode() and "gekozen peildatum" in r.content.decode()
        )
    # An intake is moved to another quarter (an edit, not a new fact): the change is shown with
    # the honest reason that no new facts were recorded.
    Intake.objects.filter(pk=intake.pk).update(datum=datetime.date(2026, 4, 2))
    with freeze_time("2026-04-21 10:00:00"):
        v2 = maak(loket, projectleider, django_capture_on_commit_callbacks)
    assert any(r[3] == GEEN_NIEUWE_FEITEN for r in v2.revisies), v2.revisies


@pytest.mark.django_db
def test_previous_version_without_figures_is_said_so(
    loket, projectleider, django_capture_on_commit_callbacks, prive_opslag
):
    from .rapportfabriek import klaar_rapport

    oud = klaar_rapport(loket)  # made before reports kept their figures
    assert oud.cijfers == {}
    nieuw = maak(loket, projectleider, django_capture_on_commit_callbacks)
    assert nieuw.versie == 2
    tekst = " ".join(pdftekst(prive_opslag / nieuw.bestand.name).split())
    assert "Wijzigingen ten opzichte van versie 1" in tekst
    assert "niet te bepalen" in tekst
