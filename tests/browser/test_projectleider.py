"""Projectleider journey, the part that exists now: log in with the second factor, open the
monitor dashboard with a target and its stoplight, switch the period, follow a figure to the
records behind it, and write the quarter's review. axe-core scans every page.

Still to come when the pages exist: book a partner's hours, update a year-plan action, request
the quarterly PDF, wait for it and download it (its text contains the dashboard's figure)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from monitor.models import Doelstelling, Kwartaaltoelichting

from ..factories import IntakeFactory, KlantFactory
from .conftest import axe_check, log_in, pdf_tekst, screenshot

pytestmark = pytest.mark.browser

RAPPORT_MS = 120_000


def test_projectleider_dashboard_drilldown_review_and_report(
    page, live_server, projectleider, loket, prive_opslag
):
    vandaag = timezone.localdate()
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

    log_in(page, projectleider, live_server)
    page.goto(f"{live_server.url}/monitor/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Monitor")
    doelen = page.get_by_role("region", name="Doelstellingen")
    expect(doelen.get_by_role("heading", name="Nieuwe klanten (intakes)")).to_be_visible()
    expect(doelen).to_contain_text("Status:")
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

    for pad in ["/monitor/jaarplan/", "/monitor/actielijst/", "/monitor/definities/"]:
        antwoord = page.goto(f"{live_server.url}{pad}")
        assert antwoord is not None and antwoord.status == 200, pad
        axe_check(page)

    # The quarterly report of this quarter: request it, wait until it is ready, download it.
    kwartaal = (vandaag.month - 1) // 3 + 1
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
