"""Projectleider journey: log in with the second factor, open the monitor dashboard with a target
and its stoplight, switch the period, follow a figure to the records behind it, book a partner's
hours, update a year-plan action, write the quarter's review, request the quarterly PDF, wait for
it and download it (its text holds the dashboard's figure). axe-core scans every page."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from financiering import services as fin
from financiering.constants import Financieringssoort, Vorm
from financiering.models import UrenInzet
from monitor.models import Doelstelling, JaarplanDoel, Kwartaaltoelichting, Prestatie

from ..factories import IntakeFactory, KlantFactory
from .conftest import axe_check, log_in, pdf_tekst, screenshot

pytestmark = pytest.mark.browser

RAPPORT_MS = 120_000


def test_projectleider_journey(page, live_server, projectleider, loket, partner, prive_opslag):
    vandaag = timezone.localdate()
    kwartaal = (vandaag.month - 1) // 3 + 1
    for nummer in range(6):
        IntakeFactory(
            werkcoach=projectleider,
            klant=KlantFactory(loket=loket, voornaam=f"Klant{nummer}", achternaam="Monitor"),
        )
    Doelstelling.objects.create(
        loket=loket,
        indicator="nieuwe_klanten",
        startdatum=datetime.date(vandaag.year, 1, 1),
        einddatum=datetime.date(vandaag.year, 12, 31),
        streefwaarde=Decimal(400),
    )

    begroting = fin.haal_begroting(loket, vandaag.year)
    bron = fin.voeg_financieringsbron_toe(
        begroting,
        naam=f"{partner.naam} uren",
        soort=Financieringssoort.COFINANCIERING,
        vorm=Vorm.IN_NATURA,
        organisatie=partner,
        bedrag=Decimal("12500"),
    )
    fin.stel_tarief_in(loket, vandaag.year, "Werkcoach", Decimal("68.00"), organisatie=partner)
    doel = JaarplanDoel.objects.create(loket=loket, jaar=vandaag.year, titel="Meer leerbanen")
    prestatie = Prestatie.objects.create(
        doel=doel,
        omschrijving="Werkgeversbijeenkomst zorg",
        trekker_organisatie=partner,
        gereed_jaar=vandaag.year,
        gereed_kwartaal=kwartaal,
    )

    log_in(page, projectleider, live_server)
    page.goto(f"{live_server.url}/monitor/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Monitor")
    doelen = page.get_by_role("region", name="Doelstellingen")
    expect(doelen.get_by_role("heading", name="Nieuwe klanten (intakes)")).to_be_visible()
    expect(doelen).to_contain_text("Status:")
    # The stoplight's figure leads to the records behind it, over the target's own span.
    doelkaart = doelen.locator(".doelkaart").filter(has_text="Nieuwe klanten (intakes)")
    doelkaart.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/monitor/cijfers/nieuwe_klanten/\?periode=vrij"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nieuwe klanten")
    axe_check(page)
    page.goto(f"{live_server.url}/monitor/")
    doelen = page.get_by_role("region", name="Doelstellingen")
    kern = page.get_by_role("region", name=re.compile("^Kerncijfers"))
    tegel = kern.locator(".tegel").filter(has_text="Nieuwe klanten (intakes)")
    kwartaalcijfer = tegel.get_by_role("link").first.inner_text()
    assert kwartaalcijfer == "6"
    axe_check(page)
    screenshot(page, "monitor-dashboard")

    # Another period: the whole year.
    page.get_by_label("Periode", exact=True).select_option(label="Jaar")
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_url(re.compile(r"[?&]periode=jaar"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(vandaag.year))
    axe_check(page)

    # The figure leads to the six intakes behind it.
    kern = page.get_by_role("region", name=re.compile("^Kerncijfers"))
    cijfer = kern.get_by_role("link", name="6", exact=True).first
    expect(cijfer).to_be_visible()
    cijfer.click()
    page.wait_for_url(re.compile(r"/monitor/cijfers/"))
    expect(page.get_by_role("table")).to_contain_text("Monitor")
    expect(page.get_by_role("table").get_by_role("row")).to_have_count(7)
    axe_check(page)
    screenshot(page, "monitor-cijfers")

    # A partner's hours, booked as co-financing in natura (hours x the role's tariff).
    page.goto(f"{live_server.url}/financiering/{vandaag.year}/uren/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uren-inzet")
    axe_check(page)
    page.get_by_label("Partner (cofinanciering in natura)").select_option(label=bron.naam)
    page.get_by_label("Rol (tarief)").select_option(
        label=f"Werkcoach · {partner.naam} (€ 68,00 per uur)"
    )
    page.get_by_label("Medewerker of functie").fill("Werkcoach UWV")
    page.get_by_role("combobox", name=re.compile(r"^Kwartaal")).select_option(
        label=f"Kwartaal {kwartaal}"
    )
    page.get_by_role("textbox", name=re.compile(r"^Uren")).fill("12,5")
    page.get_by_role("button", name="Uren boeken").click()
    expect(page.get_by_role("status")).to_contain_text("De uren zijn geboekt")
    axe_check(page)
    uren = UrenInzet.objects.select_related("boeking").get(organisatie=partner)
    assert uren.uren == Decimal("12.5") and uren.boeking.bedrag == Decimal("850.00")

    # A year-plan action gets its status for this quarter.
    page.goto(f"{live_server.url}/monitor/jaarplan/")
    bijwerken = page.get_by_role("region", name="Status bijwerken")
    bijwerken.get_by_label("Prestatie").select_option(label=str(prestatie))
    bijwerken.get_by_label("Status").select_option(label="Oranje: aandacht nodig")
    bijwerken.get_by_label("Toelichting").fill("Datum met de werkgevers nog niet rond.")
    bijwerken.get_by_role("button", name="Status opslaan").click()
    rij = page.get_by_role("row").filter(has_text="Werkgeversbijeenkomst zorg")
    expect(rij).to_contain_text("Oranje")
    expect(rij).to_contain_text("Datum met de werkgevers nog niet rond.")
    axe_check(page)
    screenshot(page, "monitor-jaarplan")

    # The quarter's qualitative review.
    page.goto(f"{live_server.url}/monitor/toelichting/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kwartaaltoelichting")
    axe_check(page)
    page.get_by_label("Samenwerking").fill("UWV en roc Nova werkten goed samen bij de EVC-intakes.")
    page.get_by_label("Knelpunten").fill("Weinig leerbanen in de zorg.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("is opgeslagen")
    expect(page.get_by_label("Knelpunten")).to_have_value("Weinig leerbanen in de zorg.")
    axe_check(page)
    toelichting = Kwartaaltoelichting.objects.get(loket=loket, jaar=vandaag.year)
    assert toelichting.bijgewerkt_door == projectleider

    for pad in ["/monitor/actielijst/", "/monitor/definities/", f"/financiering/{vandaag.year}/"]:
        antwoord = page.goto(f"{live_server.url}{pad}")
        assert antwoord is not None and antwoord.status == 200, pad
        axe_check(page)

    # The quarterly report of this quarter: request it, wait until it is ready, download it.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Monitor").click()
    page.get_by_role("navigation", name="Monitor").get_by_role("link", name="Rapporten").click()
    expect(page.get_by_role("heading", name="Kwartaalrapporten", level=1)).to_be_visible()
    axe_check(page)
    page.get_by_label("Jaar").fill(str(vandaag.year))
    page.get_by_label("Kwartaal").select_option(label=f"Q{kwartaal}")
    page.get_by_role("button", name="Rapport maken").click()
    # Rendering the PDF (WeasyPrint) takes a while: wait longer for it than for a page.
    expect(page.get_by_role("status").first).to_contain_text("is aangevraagd", timeout=RAPPORT_MS)
    download_link = page.get_by_role("link", name=re.compile("^Download PDF"))
    expect(download_link).to_be_visible(timeout=RAPPORT_MS)  # the status is polled until ready
    axe_check(page)
    screenshot(page, "monitor-rapporten")
    with page.expect_download() as download:
        download_link.click()
    pad = download.value.path()
    tekst = pdf_tekst(pad)
    # The results table of the PDF: indicator, figure of the quarter, target.
    in_pdf = re.search(r"Nieuwe klanten \(intakes\) (\S+) 400 op", tekst)
    assert in_pdf and in_pdf.group(1) == kwartaalcijfer, tekst[:2000]
    assert "Weinig leerbanen in de zorg." in tekst  # the review written above
    assert not re.search(r"Klant\d", tekst)  # aggregates only: no client names
