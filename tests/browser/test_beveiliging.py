"""Issue 20 in the browser: a target stored with a silly start date (0001-01-01) shows as an error
on the projectleider's dashboard instead of breaking it; the Doelstellingen page deletes it, after
which the dashboard shows the good target only. axe-core scans both pages."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from monitor.models import Doelstelling

from .conftest import axe_check, log_in, screenshot

pytestmark = pytest.mark.browser


def test_bad_target_is_an_error_row_and_can_be_deleted(page, live_server, projectleider, loket):
    vandaag = timezone.localdate()
    Doelstelling.objects.create(
        loket=loket,
        indicator="nieuwe_klanten",
        startdatum=datetime.date(vandaag.year, 1, 1),
        einddatum=datetime.date(vandaag.year, 12, 31),
        streefwaarde=Decimal(400),
    )
    Doelstelling.objects.create(
        loket=loket,
        indicator="nieuwe_klanten",
        omschrijving="Kapot",
        startdatum=datetime.date(1, 1, 1),
        einddatum=datetime.date(vandaag.year, 12, 31),
        streefwaarde=Decimal(10),
    )
    log_in(page, projectleider, live_server, controleer=False)
    page.goto(f"{live_server.url}/monitor/")
    fout = page.get_by_role("alert").filter(has_text="kan niet worden berekend")
    expect(fout).to_be_visible()
    axe_check(page)
    screenshot(page, "monitor-doelstelling-fout")

    fout.get_by_role("link", name="Naar Doelstellingen").click()
    expect(page.get_by_role("heading", name="Doelstellingen en normen", exact=True)).to_be_visible()
    axe_check(page)
    rij = page.get_by_role("row").filter(has_text="01-01-0001")
    rij.get_by_role("button", name="Verwijderen").click()
    expect(page.get_by_text("De doelstelling is verwijderd.")).to_be_visible()
    assert Doelstelling.objects.filter(loket=loket).count() == 1

    page.goto(f"{live_server.url}/monitor/")
    expect(page.get_by_text("kan niet worden berekend")).to_have_count(0)
