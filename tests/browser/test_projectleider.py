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
from .conftest import axe_check, log_in, screenshot

pytestmark = pytest.mark.browser


def test_projectleider_dashboard_drilldown_and_review(page, live_server, projectleider, loket):
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
