"""Session expiry in Chromium: a warning before the session ends, "Blijf ingelogd" keeps it, and
a form sent after the end is not lost: a clear "sessie verlopen" message at the login, and after
logging in again the form is back with what was typed."""

import re

import pytest
from playwright.sync_api import expect

from beheer.services import maak_herstelcodes

from ..conftest import WACHTWOORD
from .conftest import axe_check, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def korte_sessie(settings):
    settings.SESSION_COOKIE_AGE = 12  # the warning comes 3 s before the end (a quarter)
    return settings.SESSION_COOKIE_AGE


def test_warning_keep_alive_and_nothing_lost(page, live_server, werkcoach, korte_sessie):
    codes = maak_herstelcodes(gebruiker=werkcoach)
    log_in(page, werkcoach, live_server, controleer=False)
    page.goto(f"{live_server.url}/klanten/intake/")
    melding = page.locator("#sessie-melding")
    expect(melding).to_be_hidden()

    # The warning, and "Blijf ingelogd" keeps the session.
    expect(melding).to_contain_text("verloopt over", timeout=15_000)
    axe_check(page)
    melding.get_by_role("button", name="Blijf ingelogd").click()
    expect(melding).to_be_hidden()

    # Typing, then waiting past the end.
    page.get_by_label("Voornaam").fill("Sanne")
    page.get_by_label("Achternaam").fill("Verloren")
    page.get_by_label("Postcode").fill("2011AB")
    expect(melding).to_contain_text("is verlopen", timeout=30_000)
    page.get_by_role("button", name="Intake registreren").click()

    # The login page says why, and brings the user back to the form with what was typed.
    page.wait_for_url(re.compile(r"/inloggen/\?next=/klanten/intake/"))
    expect(page.get_by_role("status")).to_contain_text("Uw sessie is verlopen")
    axe_check(page)
    page.get_by_label("Gebruikersnaam").fill(werkcoach.username)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/inloggen/tweestaps/"))
    page.get_by_label("Code uit de authenticator-app").fill(codes[0])
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(re.compile(r"/klanten/intake/$"))
    expect(page.get_by_label("Voornaam")).to_have_value("Sanne")
    expect(page.get_by_label("Achternaam")).to_have_value("Verloren")
    expect(page.locator("#invoer-teruggezet")).to_be_visible()
    axe_check(page)
