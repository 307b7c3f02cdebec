"""Stuurgroep journey: log in without a second factor, get the start page, see the quarterly
reports of the own loket only and download one; a client URL typed by hand is refused with a
Dutch 403 page."""

import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

from monitor.models import Kwartaalrapport
from monitor.services import vraag_rapport_aan

from ..factories import IntakeFactory, KlantFactory
from .conftest import axe_check, log_in, pdf_tekst, screenshot

pytestmark = pytest.mark.browser


def test_stuurgroep_sees_start_page_and_no_client(page, live_server, stuurgroeplid, loket):
    klant = KlantFactory(loket=loket, voornaam="Geheim", achternaam="Persoon")

    log_in(page, stuurgroeplid, live_server)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goedendag")
    expect(page.get_by_role("heading", name="Stuurgroep")).to_be_visible()
    # No client work in the menu or on the page.
    expect(page.get_by_role("link", name="Klanten zoeken")).to_have_count(0)
    expect(page.get_by_role("link", name="Intake registreren")).to_have_count(0)
    axe_check(page)
    screenshot(page, "stuurgroep-start")

    antwoord = page.goto(f"{live_server.url}/klanten/{klant.pk}/")
    assert antwoord is not None and antwoord.status == 403
    expect(page.get_by_role("heading", name="Geen toegang")).to_be_visible()
    expect(page.get_by_text("geen toegang tot deze pagina")).to_be_visible()
    expect(page.get_by_text("Geheim")).to_have_count(0)
    axe_check(page)
    screenshot(page, "stuurgroep-geen-toegang")

    antwoord = page.goto(f"{live_server.url}/klanten/")
    assert antwoord is not None and antwoord.status == 403


def test_stuurgroep_downloads_a_report_of_its_own_loket_only(
    page, live_server, stuurgroeplid, loket, ander_loket, prive_opslag
):
    vandaag = timezone.localdate()
    kwartaal = (vandaag.month - 1) // 3 + 1
    for nummer in range(7):
        IntakeFactory(klant=KlantFactory(loket=loket, voornaam=f"Persoon{nummer}"))
    eigen = vraag_rapport_aan(loket, vandaag.year, kwartaal)  # rendered at once (eager Celery)
    eigen.refresh_from_db()
    assert eigen.status == Kwartaalrapport.Status.KLAAR
    elders = Kwartaalrapport.objects.create(
        loket=ander_loket,
        jaar=vandaag.year,
        kwartaal=kwartaal,
        versie=1,
        status=Kwartaalrapport.Status.KLAAR,
        klaar_op=timezone.now(),
    )
    elders.bestand.save("elders.pdf", ContentFile(b"%PDF-1.4 niet van jou"))

    log_in(page, stuurgroeplid, live_server)
    page.get_by_role("link", name="Monitor").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Monitor")
    # The stuurgroep sees figures, never the records behind them.
    expect(page.locator("a[href*='/monitor/cijfers/']")).to_have_count(0)
    axe_check(page)
    page.get_by_role("navigation", name="Monitor").get_by_role("link", name="Rapporten").click()
    expect(page.get_by_role("heading", name="Kwartaalrapporten", level=1)).to_be_visible()
    # Only the projectleider requests reports; the stuurgroep only reads them.
    expect(page.get_by_role("button", name="Rapport maken")).to_have_count(0)
    tabel = page.get_by_role("table")
    expect(tabel.get_by_role("link", name=re.compile("^Download PDF"))).to_have_count(1)
    axe_check(page)
    screenshot(page, "stuurgroep-rapporten")

    with page.expect_download() as download:
        tabel.get_by_role("link", name=re.compile("^Download PDF")).click()
    assert download.value.suggested_filename.endswith(".pdf")
    tekst = pdf_tekst(download.value.path())
    assert loket.naam in tekst and ander_loket.naam not in tekst
    # The results table: indicator, figure of the quarter (7: no small cell), target.
    cijfer = re.search(r"Nieuwe klanten \(intakes\) (\S+) geen doelstelling", tekst)
    assert cijfer and cijfer.group(1) == "7", tekst[:2000]
    assert "Persoon" not in tekst  # aggregates only

    # Another loket's report, typed by hand, does not exist for this user.
    antwoord = page.request.get(f"{live_server.url}/monitor/rapporten/{elders.pk}/download/")
    assert antwoord.status == 404


def test_stuurgroep_dashboard_shows_marks_and_only_closed_quarters(
    page, live_server, stuurgroeplid, loket
):
    """The last closed quarter has 8 intakes by visit, 1 by phone and 12 by e-mail: the breakdown
    shows the neutral mark and "< 5" in the vocabulary's order; a free period typed into the
    address falls back with a notice."""
    from loket.perioden import vorig_kwartaal

    kwartaal = vorig_kwartaal(timezone.localdate())
    for kanaal in ["telefoon"] + ["bezoek"] * 8 + ["email"] * 12:
        IntakeFactory(klant=KlantFactory(loket=loket), datum=kwartaal.van, kanaal=kanaal)
    log_in(page, stuurgroeplid, live_server)
    page.get_by_role("link", name="Monitor").first.click()
    # The running quarter is not offered: the dashboard shows the last closed one, and says so.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Monitor {kwartaal.label}")
    expect(page.get_by_text("hele, afgesloten kwartalen")).to_be_visible()
    expect(page.locator("#periode option[value='tot_nu']")).to_have_count(0)
    rij = page.locator("#indicator-nieuwe_klanten")
    expect(rij.locator("td").first).to_have_text("21")
    rij.get_by_text("uitsplitsing").first.click()
    kanaal_tabel = rij.locator("table", has=page.get_by_text("Kanaal", exact=True))
    expect(kanaal_tabel.locator("tr")).to_have_text(
        [
            re.compile("Bezoek loket\\s*•"),
            re.compile("Telefoon\\s*< 5"),
            re.compile("E-mail\\s*12"),
        ]
    )
    expect(page.get_by_text("Afgeschermde aantallen zijn niet getekend.")).to_be_visible()
    axe_check(page)
    screenshot(page, "stuurgroep-dashboard-afgeschermd")

    page.goto(f"{live_server.url}/monitor/?periode=vrij&van=2025-03-01&tot=2025-03-02")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Monitor {kwartaal.label}")
    expect(page.get_by_text("hele, afgesloten kwartalen")).to_be_visible()
