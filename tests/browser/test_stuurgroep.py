"""Stuurgroep journey, the part that exists now: log in without a second factor, get the start
page, and a client URL typed by hand is refused with a Dutch 403 page.

Still to come when the monitor and the reports exist: the stuurgroep sees the reports of its own
loket and downloads one."""

import pytest
from playwright.sync_api import expect

from ..factories import KlantFactory
from .conftest import axe_check, log_in, screenshot

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
