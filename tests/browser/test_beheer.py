"""Beheer journeys in Chromium (issue 15): the installation's administrator creates a loket and its
beheerder; the beheerder invites a werkcoach and a projectleider and adds two partners; the
werkcoach follows the link from the mail, sets a password and couples an authenticator, logs in
and registers an intake; the beheerder resets the werkcoach's lost phone and the werkcoach couples
again; a forgotten password is reset by mail; a recovery code works once. The change log shows
each step. axe-core scans every page on the way; mail is read from Django's outbox (the live server
runs in this process, Celery eagerly after commit)."""

import base64
import re

import pytest
from django.core import mail
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from clients.models import Klant
from loket.constants import Rol
from loket.models import Loket, Organisatie, User

from ..conftest import WACHTWOORD
from ..factories import UserFactory
from .conftest import VIEWPORT, WACHTTIJD_MS, axe_check, log_in, screenshot
from .test_werkcoach import vul_intake_in

pytestmark = pytest.mark.browser

WACHTWOORD_COACH = "Coach-wachtwoord-lang-42"
LINK = re.compile(r"https?://\S+?(/account/\S+/)")


def link_aan(adres: str) -> str:
    berichten = [m for m in mail.outbox if adres in m.to]
    assert berichten, f"geen mail aan {adres}: {[m.to for m in mail.outbox]}"
    return LINK.search(berichten[-1].body).group(1)


def uitloggen(page: Page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(re.compile(r"/inloggen/"))


def koppel_app(page: Page) -> list[str]:
    """On the coupling page: type the code the app would show for the key on the page, keep the
    recovery codes shown once."""
    expect(page.get_by_role("heading", name="Authenticator-app koppelen")).to_be_visible()
    axe_check(page)
    sleutel = page.locator("code.sleutel").inner_text().replace(" ", "")
    page.get_by_label("Code uit de authenticator-app").fill(
        f"{totp(base64.b32decode(sleutel)):06d}"
    )
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", name="Herstelcodes")).to_be_visible()
    axe_check(page)
    codes = page.locator("code.herstelcode").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Ik heb de codes bewaard").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goedendag")
    return codes


def volg_uitnodiging(page: Page, live_server, adres: str, wachtwoord: str) -> list[str]:
    page.goto(f"{live_server.url}{link_aan(adres)}")
    expect(page.get_by_role("heading", name="Welkom bij het Leerwerkloket")).to_be_visible()
    axe_check(page)
    page.locator("#id_new_password1").fill(wachtwoord)
    page.locator("#id_new_password2").fill(wachtwoord)
    page.get_by_role("button", name="Verder").click()
    return koppel_app(page)


def nodig_uit(page: Page, voornaam, achternaam, adres, rol, organisatie=None) -> None:
    page.get_by_role("link", name="Uitnodigen", exact=True).click()
    expect(page.get_by_role("heading", name="Gebruiker uitnodigen")).to_be_visible()
    axe_check(page)
    page.get_by_label("Voornaam").fill(voornaam)
    page.get_by_label("Achternaam").fill(achternaam)
    page.get_by_label("E-mailadres").fill(adres)
    page.get_by_label("Rol").select_option(label=rol)
    if organisatie:
        page.get_by_label("Organisatie").select_option(label=organisatie)
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("status")).to_contain_text(f"de link is gemaild naar {adres}")
    axe_check(page)


def nieuwe_pagina(browser, live_server) -> Page:
    """A second browser (own cookies), so each person keeps their own session."""
    context = browser.new_context(locale="nl-NL", viewport=VIEWPORT, base_url=live_server.url)
    context.set_default_timeout(WACHTTIJD_MS)
    return context.new_page()


def test_from_new_loket_to_first_intake(page, live_server, browser):
    fb = UserFactory(loket=None, rol=Rol.FUNCTIONEEL_BEHEERDER, username="installatie")

    # The installation's administrator: a region, a loket and its first beheerder.
    installatie = nieuwe_pagina(browser, live_server)
    log_in(installatie, fb, live_server)
    axe_check(installatie)
    installatie.get_by_role("link", name="Naar installatiebeheer").click()
    expect(installatie.get_by_role("heading", name="Installatiebeheer")).to_be_visible()
    axe_check(installatie)
    installatie.get_by_role("link", name="Regio toevoegen").click()
    axe_check(installatie)
    installatie.get_by_label("Naam").fill("Zuid-Kennemerland en IJmond")
    installatie.get_by_label("Code").fill("ZKIJ")
    installatie.get_by_role("button", name="Regio toevoegen").click()
    expect(installatie.get_by_role("status")).to_contain_text("is toegevoegd")
    installatie.get_by_role("link", name="Loket toevoegen").click()
    axe_check(installatie)
    installatie.get_by_role("button", name="Loket toevoegen").click()  # empty: errors per field
    expect(installatie.locator("#foutoverzicht")).to_contain_text("Naam")
    axe_check(installatie)
    installatie.get_by_label("Arbeidsmarktregio").select_option(label="Zuid-Kennemerland en IJmond")
    installatie.get_by_label("Naam").fill("Leerwerkloket Kennemerland")
    installatie.get_by_label("Code").fill("kenn")
    installatie.get_by_role("button", name="Loket toevoegen").click()
    expect(installatie.get_by_role("status")).to_contain_text("Nodig nu de eerste beheerder uit")
    installatie.get_by_role("link", name="Beheerder uitnodigen").click()
    axe_check(installatie)
    installatie.get_by_label("Loket").select_option(label="Leerwerkloket Kennemerland")
    installatie.get_by_label("Voornaam").fill("Bea")
    installatie.get_by_label("Achternaam").fill("Heer")
    installatie.get_by_label("E-mailadres").fill("bea@example.nl")
    installatie.get_by_role("button", name="Uitnodiging versturen").click()
    expect(installatie.get_by_role("status")).to_contain_text("uitgenodigd als beheerder")
    axe_check(installatie)
    screenshot(installatie, "installatie")

    # The beheerder follows the link, chooses a password, couples an app.
    volg_uitnodiging(page, live_server, "bea@example.nl", "Beheerder-wachtwoord-lang-1")
    loket = Loket.objects.get(code="KENN")
    assert User.objects.get(username="bea@example.nl").loket == loket

    # Two partners and two colleagues.
    page.get_by_role("link", name="Organisaties").first.click()
    expect(page.get_by_role("heading", name="Partnerorganisaties")).to_be_visible()
    axe_check(page)
    for naam, soort in [("UWV Kennemerland", "UWV"), ("Nova College", "Roc (mbo-instelling)")]:
        page.get_by_label("Naam").fill(naam)
        page.get_by_label("Soort organisatie").select_option(label=soort)
        page.get_by_role("button", name="Organisatie toevoegen").click()
        expect(page.get_by_role("status")).to_contain_text(f"{naam} is toegevoegd")
    axe_check(page)
    assert Organisatie.objects.filter(loket=loket).count() == 2
    nodig_uit(
        page, "Wim", "Coach", "wim@example.nl", "Werkcoach / loketadviseur", "UWV Kennemerland"
    )
    nodig_uit(page, "Petra", "Leider", "petra@example.nl", "Projectleider")
    page.get_by_role("link", name="Gebruikers", exact=True).click()
    expect(page.get_by_role("cell", name="Wim Coach")).to_be_visible()
    axe_check(page)
    screenshot(page, "beheer-gebruikers")

    # The werkcoach (another browser): the link from the mail, a password, an app; an intake.
    coach = nieuwe_pagina(browser, live_server)
    volg_uitnodiging(coach, live_server, "wim@example.nl", WACHTWOORD_COACH)
    coach.get_by_role("link", name="Intake registreren").click()
    axe_check(coach)
    vul_intake_in(coach, email="sanne.devries@example.nl")
    coach.get_by_role("button", name="Intake registreren").click()
    coach.wait_for_url(re.compile(r"/klanten/\d+/$"))
    klant = Klant.objects.get(achternaam="Vries")
    assert klant.loket == loket and klant.klantnummer.startswith("KENN-")
    axe_check(coach)
    coach.context.close()

    # The change log shows every step.
    page.get_by_role("link", name="Wijzigingenlog").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wijzigingenlog")
    axe_check(page)
    tabel = page.locator("table")
    for tekst in [
        "Loket toegevoegd",
        "Organisatie toegevoegd",
        "wim@example.nl",
        "petra@example.nl",
        "Wachtwoord ingesteld via uitnodiging",
        "Authenticator-app gekoppeld",
    ]:
        expect(tabel).to_contain_text(tekst)
    screenshot(page, "beheer-wijzigingen")

    # The installation's administrator sees every loket's changes.
    installatie.get_by_role("link", name="Wijzigingenlog").click()
    expect(installatie.get_by_role("heading", level=1)).to_have_text("Wijzigingenlog")
    axe_check(installatie)
    installatie.get_by_label("Zoeken").fill("wim@example.nl")
    installatie.get_by_role("button", name="Filteren").click()
    tabel = installatie.locator("table")
    for tekst in ["KENN", "Uitgenodigd", "Authenticator-app gekoppeld"]:
        expect(tabel).to_contain_text(tekst)
    expect(tabel).not_to_contain_text("Organisatie toegevoegd")


def test_lost_phone_forgotten_password_and_recovery_code(
    page, live_server, browser, loket, beheerder
):
    coach = UserFactory(loket=loket, rol=Rol.WERKCOACH, username="wim", email="wim@example.nl")

    # The beheerder resets the lost phone (a reason is required).
    log_in(page, beheerder, live_server)
    page.goto(f"{live_server.url}/beheer/gebruikers/")
    axe_check(page)
    page.get_by_label("Zoeken").fill("wim")
    page.get_by_role("button", name="Filteren").click()
    page.get_by_role("link", name=str(coach)).click()
    axe_check(page)
    page.get_by_role("button", name="Tweede factor resetten").click()
    expect(page.locator("#foutoverzicht")).to_contain_text("Reden")
    axe_check(page)
    page.locator("#id_tweede_factor-reden").fill("Telefoon verloren")
    page.get_by_role("button", name="Tweede factor resetten").click()
    expect(page.get_by_role("status")).to_contain_text("is gereset")
    axe_check(page)
    beheer_pagina, page = page, nieuwe_pagina(browser, live_server)

    # The password alone does not couple a new app.
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("wim")
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("nog geen authenticator-app gekoppeld")
    expect(page.get_by_role("img", name=re.compile("QR-code"))).to_have_count(0)
    axe_check(page)
    uitloggen(page)

    # The link from the mail plus the password does.
    page.goto(f"{live_server.url}{link_aan('wim@example.nl')}")
    expect(page.get_by_role("heading", name="Authenticator opnieuw koppelen")).to_be_visible()
    axe_check(page)
    page.get_by_label("Uw wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Verder").click()
    codes = koppel_app(page)
    uitloggen(page)

    # Forgotten password: reset by mail.
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    axe_check(page)
    page.get_by_label("E-mailadres").fill("wim@example.nl")
    page.get_by_role("button", name="Link versturen").click()
    expect(page.get_by_role("heading", name="Controleer uw e-mail")).to_be_visible()
    axe_check(page)
    page.goto(f"{live_server.url}{link_aan('wim@example.nl')}")
    expect(page.get_by_role("heading", name="Nieuw wachtwoord kiezen")).to_be_visible()
    axe_check(page)
    page.locator("#id_new_password1").fill(WACHTWOORD_COACH)
    page.locator("#id_new_password2").fill(WACHTWOORD_COACH)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.get_by_role("heading", name="Wachtwoord opgeslagen")).to_be_visible()
    axe_check(page)

    # A recovery code instead of the app: it works once.
    def inloggen_met_herstelcode(code):
        page.goto(f"{live_server.url}/inloggen/")
        page.get_by_label("Gebruikersnaam").fill("wim")
        page.get_by_label("Wachtwoord").fill(WACHTWOORD_COACH)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url(re.compile(r"/inloggen/tweestaps/"))
        page.get_by_label("Code uit de authenticator-app").fill(code)
        page.get_by_role("button", name="Bevestigen").click()

    inloggen_met_herstelcode(codes[0])
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goedendag")
    uitloggen(page)
    inloggen_met_herstelcode(codes[0])
    expect(page.locator("#foutoverzicht")).to_contain_text("klopt niet")
    axe_check(page)
    screenshot(page, "herstelcode-gebruikt")
    page.context.close()

    # The change log shows the reset, the new app, the reset password and the recovery code.
    page = beheer_pagina
    page.goto(f"{live_server.url}/beheer/wijzigingen/?zoek=wim")
    axe_check(page)
    tabel = page.locator("table")
    for tekst in [
        "Tweede factor gereset",
        "Telefoon verloren",
        "Authenticator-app gekoppeld",
        "Wachtwoord hersteld via e-mail",
        "Ingelogd met een herstelcode",
    ]:
        expect(tabel).to_contain_text(tekst)
