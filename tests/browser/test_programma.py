"""The national role's journey in Chromium (issue 17): the functioneel beheerder invites a landelijk
user; the invitee follows the link from the mail, chooses a password and couples an authenticator;
logs in again; opens the national table, sorts a column, switches to a year, downloads the xlsx and
opens the definitions. axe-core scans every page; screenshots at 1366 and 390 px, where the table
scrolls inside its own container and the page does not scroll sideways."""

import datetime
import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from loket import perioden
from loket.constants import Rol
from loket.models import User
from monitor.suppressie import AFGESCHERMD, VERBORGEN

from ..conftest import WACHTWOORD
from ..factories import IntakeFactory, KlantFactory, LoketFactory, RegioFactory, UserFactory
from .conftest import axe_check, log_in, screenshot
from .test_beheer import nieuwe_pagina, uitloggen, volg_uitnodiging

pytestmark = pytest.mark.browser

BREED = {"width": 1366, "height": 900}
SMAL = {"width": 390, "height": 844}


@pytest.fixture
def loketten(db):
    """Four loketten in two regions with intakes in the last closed quarter: one small."""
    kwartaal = perioden.vorig_kwartaal(datetime.date.today())
    noord, zuid = RegioFactory(naam="Noord-Holland Noord"), RegioFactory(naam="Zuid-Limburg")
    aantallen = {"ALK": (noord, 3), "DHD": (noord, 22), "HRL": (zuid, 14), "MST": (zuid, 8)}
    for code, (regio, n) in aantallen.items():
        loket = LoketFactory(code=code, naam=f"Leerwerkloket {code.title()}", regio=regio)
        klant = KlantFactory(loket=loket)
        for _ in range(n):
            IntakeFactory(klant=klant, datum=kwartaal.van + datetime.timedelta(days=10))
    return kwartaal


def log_in_met_volgende_code(page: Page, user) -> None:
    """Log in again right after coupling: the code just used is refused a second time (no
    replay), so the app's next code (within the allowed drift of one step) is typed."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    volgende = totp(device.bin_key, step=device.step, t0=device.t0 - device.step)
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    axe_check(page)
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/inloggen/tweestaps/"))
    axe_check(page)
    page.get_by_label("Code uit de authenticator-app").fill(f"{volgende:06d}")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def _rijen(page: Page) -> list[str]:
    return page.locator(".programmatabel tbody th[scope=row]").all_inner_texts()


def test_landelijk_user_from_invitation_to_xlsx(page, live_server, browser, loketten, tmp_path):
    fb = UserFactory(loket=None, rol=Rol.FUNCTIONEEL_BEHEERDER, username="installatie")
    installatie = nieuwe_pagina(browser, live_server)
    log_in(installatie, fb, live_server)
    installatie.get_by_role("link", name="Naar installatiebeheer").click()
    installatie.get_by_role("link", name="Programmagebruiker uitnodigen").click()
    expect(installatie.get_by_role("heading", name="Programmagebruiker uitnodigen")).to_be_visible()
    axe_check(installatie)
    installatie.get_by_label("Rol").select_option(
        label="Regio (loketten van één arbeidsmarktregio)"
    )
    installatie.get_by_label("Voornaam").fill("Lotte")
    installatie.get_by_label("Achternaam").fill("Landelijk")
    installatie.get_by_label("E-mailadres").fill("lotte@example.nl")
    installatie.get_by_role("button", name="Uitnodiging versturen").click()  # no region: refused
    expect(installatie.locator("#foutoverzicht")).to_contain_text("arbeidsmarktregio")
    axe_check(installatie)
    installatie.locator("#id_rol").select_option(label="Landelijk programma")
    installatie.get_by_role("button", name="Uitnodiging versturen").click()
    expect(installatie.get_by_role("status")).to_contain_text("uitgenodigd als Landelijk programma")
    axe_check(installatie)
    installatie.context.close()

    # The invitee: the link from the mail, a password, an authenticator app.
    page.set_viewport_size(BREED)
    volg_uitnodiging(page, live_server, "lotte@example.nl", WACHTWOORD)
    lotte = User.objects.get(username="lotte@example.nl")
    assert lotte.rol == Rol.LANDELIJK and lotte.loket is None and lotte.regio is None
    uitloggen(page)
    log_in_met_volgende_code(page, lotte)

    # The national table of the last closed quarter.
    page.get_by_role("link", name="Programma", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Programma {loketten.label}")
    axe_check(page)
    assert _rijen(page) == [
        "Leerwerkloket Alk (ALK)",
        "Leerwerkloket Dhd (DHD)",
        "Leerwerkloket Hrl (HRL)",
        "Leerwerkloket Mst (MST)",
    ]
    tabel = page.locator(".programmatabel table")
    expect(tabel.locator("#loket-ALK")).to_contain_text(VERBORGEN)
    expect(tabel.locator("#loket-MST")).to_contain_text(AFGESCHERMD)
    expect(tabel.locator("tfoot")).to_contain_text("Totaal landelijk")
    expect(tabel.locator("tfoot")).to_contain_text("47")  # 3 + 22 + 14 + 8, the total is shown
    screenshot(page, "programma-1366")

    # Sort on the intakes, largest first: hidden cells stay last in code order.
    page.locator("#sorteer-nieuwe_klanten").click()
    page.wait_for_url(re.compile(r"sorteer=nieuwe_klanten"))
    axe_check(page)
    assert [r.split("(")[1][:3] for r in _rijen(page)] == ["DHD", "HRL", "ALK", "MST"]
    expect(page.locator("th[aria-sort=descending]")).to_contain_text("Nieuwe klanten")

    # Switch to the year.
    page.get_by_label("Periode", exact=True).select_option(label="Jaar")
    page.get_by_label("(Eind)jaar").select_option(str(loketten.jaar))
    page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Programma {loketten.jaar}")
    axe_check(page)
    expect(page.get_by_role("heading", name="Trend per kwartaal")).to_be_visible()

    # The xlsx, read back.
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporteren (xlsx)").click()
    naam = download.value.suggested_filename
    assert naam.startswith(f"programma-landelijk-{loketten.jaar}") and naam.endswith(".xlsx")
    download.value.save_as(tmp_path / naam)
    boek = load_workbook(tmp_path / naam)
    blad = list(boek["Loketten"].iter_rows(values_only=True))
    kolom = blad[0].index("nieuwe_klanten")
    per_loket = {r[0]: r[kolom] for r in blad[1:]}
    assert per_loket["DHD"] == 22 and per_loket["ALK"] in (VERBORGEN, AFGESCHERMD)
    assert per_loket["TOTAAL"] == 47

    # The definitions: what each indicator counts and how small numbers are protected.
    page.get_by_role("link", name="Definities van de indicatoren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Definities")
    expect(page.locator("#programma-bescherming")).to_contain_text("mediaan")
    axe_check(page)

    # At a phone's width the table scrolls inside its container, the page does not.
    page.set_viewport_size(SMAL)
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Programma")
    axe_check(page)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= SMAL["width"]
    container = page.locator(".programmatabel")
    assert container.evaluate("e => e.scrollWidth > e.clientWidth")
    screenshot(page, "programma-390")
    container.evaluate("e => e.scrollLeft = 600")
    screenshot(page, "programma-390-gescrold")
