"""Werkcoach journey in Chromium: log in with the second factor, register an intake, meet the
duplicate warning on a second intake of the same person and open the existing client, record a
contact with a warme overdracht, start an EVC trajectory and advance it to a certificate, and
find the client again by search. axe-core scans every page on the way."""

import re

import pytest
from playwright.sync_api import Page, expect

from clients.models import Contactmoment, Klant
from loket.constants import OrganisatieType
from trajecten.constants import Status, Uitkomst
from trajecten.models import Traject

from ..factories import IntakeFactory, KlantFactory, OrganisatieFactory
from ..trajecten.factories import KwalificatieFactory
from .conftest import axe_check, log_in, screenshot

pytestmark = pytest.mark.browser

GEBOORTEDATUM = "12-03-1984"
# Other clients of the loket, so the list has something to search through.
ANDERE_KLANTEN = [
    ("Ahmet", "", "Yilmaz", "2021 CD"),
    ("Lotte", "van", "Dijk", "1971 AB"),
    ("Priya", "", "Ramdin", "2012 EF"),
    ("Johan", "", "Bakker", "2101 GH"),
    ("Esther", "de", "Graaf", "1942 JK"),
]


def vul_intake_in(page: Page, *, email: str) -> None:
    """The intake form of one person: Sanne de Vries, born 12-03-1984."""
    page.get_by_label("Voornaam").fill("Sanne")
    page.get_by_label("Tussenvoegsel").fill("de")
    page.get_by_label("Achternaam").fill("Vries")
    page.get_by_label("Geboortedatum").fill(GEBOORTEDATUM)
    page.get_by_label("Postcode").fill("2011ab")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Doelgroep / situatie").select_option(label="Werkzoekend met WW")
    page.get_by_label("Hoogst afgeronde opleiding").select_option(label="Mbo niveau 2")
    page.get_by_label("Kanaal").select_option(label="Bezoek loket")
    page.get_by_label("Hoofddoel").select_option(label="Erkenning van vaardigheden (EVC)")
    page.get_by_label("Verwijzer").select_option(label="UWV")
    page.get_by_label("Toestemming om gegevens te delen met partners").check()


def test_werkcoach_journey(page, live_server, werkcoach, loket, partner):
    KwalificatieFactory(crebo="25655", naam="Medewerker facilitaire dienstverlening", niveau=2)
    OrganisatieFactory(
        loket=loket, naam="EVC-centrum Kennemerland", type=OrganisatieType.EVC_AANBIEDER
    )

    # Log in: password, then the code of the authenticator app.
    for nummer, (voornaam, tussenvoegsel, achternaam, postcode) in enumerate(ANDERE_KLANTEN, 1):
        IntakeFactory(
            werkcoach=werkcoach,
            klant=KlantFactory(
                loket=loket,
                klantnummer=f"TEST-2025-{nummer:06d}",  # last year's: this year's come from the app
                voornaam=voornaam,
                tussenvoegsel=tussenvoegsel,
                achternaam=achternaam,
                postcode=postcode,
            ),
        )
    werkcoach.first_name, werkcoach.last_name = "Anouk", "Visser"
    werkcoach.save()

    log_in(page, werkcoach, live_server)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goedendag Anouk")
    axe_check(page)
    screenshot(page, "start")

    # First intake.
    page.get_by_role("link", name="Intake registreren").click()
    expect(page.get_by_role("heading", name="Nieuwe intake", level=1)).to_be_visible()
    axe_check(page)
    screenshot(page, "intake")
    vul_intake_in(page, email="sanne.devries@example.nl")
    page.get_by_role("button", name="Intake registreren").click()
    page.wait_for_url(re.compile(r"/klanten/\d+/$"))
    klant = Klant.objects.get(achternaam="Vries", voornaam="Sanne")
    expect(page.get_by_role("status")).to_contain_text(f"geregistreerd als {klant.klantnummer}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sanne de Vries")
    axe_check(page)
    klant_url = page.url

    # Second intake of the same person: the duplicate warning points to the existing client.
    page.goto(f"{live_server.url}/klanten/intake/")
    vul_intake_in(page, email="andere.sanne@example.nl")
    page.get_by_role("button", name="Intake registreren").click()
    waarschuwing = page.locator(".dubbelcheck")
    expect(waarschuwing).to_be_visible()
    expect(waarschuwing.get_by_role("heading")).to_have_text("Deze klant bestaat mogelijk al")
    axe_check(page)
    screenshot(page, "intake-dubbele-klant")
    assert Klant.objects.filter(achternaam="Vries").count() == 1
    waarschuwing.get_by_role("link", name=re.compile(klant.klantnummer)).click()
    expect(page).to_have_url(klant_url)

    # A contact with a warme overdracht: the partner is required for a doorverwijzing.
    page.get_by_role("link", name="Contactmoment toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Contactmoment")
    axe_check(page)
    page.get_by_label("Dienst").select_option(label="Doorverwijzing (warme overdracht)")
    page.get_by_label("Duur (minuten)").fill("30")
    page.get_by_label("Korte notitie").fill("Doorverwezen naar het UWV voor scholingsbudget.")
    page.get_by_role("button", name="Contactmoment vastleggen").click()
    foutoverzicht = page.locator("#foutoverzicht")
    expect(foutoverzicht).to_contain_text("Kies de partner naar wie de klant warm is overgedragen")
    axe_check(page)
    page.get_by_label("Warme overdracht naar").select_option(label=partner.naam)
    page.get_by_role("button", name="Contactmoment vastleggen").click()
    expect(page).to_have_url(klant_url)
    tijdlijn = page.locator(".tijdlijn")
    expect(tijdlijn).to_contain_text(f"Warme overdracht naar {partner.naam}")
    expect(tijdlijn).to_contain_text("Intake")
    assert Contactmoment.objects.get(klant=klant).warme_overdracht_naar == partner
    axe_check(page)
    screenshot(page, "klant-detail")

    # An EVC trajectory, from the client page to the certificate.
    page.get_by_role("link", name="Traject starten").click()
    expect(page.get_by_role("heading", name="Traject starten")).to_be_visible()
    axe_check(page)
    page.get_by_label("Soort traject").select_option(label="EVC")
    page.get_by_label("Kwalificatie").select_option(
        label="Medewerker facilitaire dienstverlening (niveau 2, 25655)"
    )
    page.get_by_label("Aanbieder").select_option(label="EVC-centrum Kennemerland")
    page.get_by_label("Geraamde kosten").fill("1850")
    page.get_by_role("button", name="Traject starten").click()
    page.wait_for_url(re.compile(r"/trajecten/\d+/$"))
    paneel = page.locator("#status-paneel")
    expect(paneel.get_by_role("heading", level=2)).to_contain_text("Aangemeld")
    axe_check(page)
    for knop, stadium in [
        ("Intake gestart", "Intake"),
        ("Portfolio in opbouw", "Portfolio"),
        ("Assessment gepland", "Assessment"),
        ("Ervaringscertificaat uitgereikt", "Ervaringscertificaat uitgereikt"),
    ]:
        paneel.get_by_role("button", name=knop, exact=True).click()
        expect(paneel.get_by_role("heading", level=2)).to_contain_text(f"Stadium: {stadium}")
    expect(paneel).to_contain_text("Dit traject is afgerond")
    axe_check(page)
    screenshot(page, "traject-detail")
    traject = Traject.objects.get(klant=klant)
    assert traject.status == Status.CERTIFICAAT
    assert traject.uitkomst == Uitkomst.ERVARINGSCERTIFICAAT

    # Find the client again by search.
    page.get_by_role("link", name="Klanten", exact=True).first.click()
    expect(page.get_by_role("heading", name="Klanten", level=1)).to_be_visible()
    expect(page.get_by_text("6 klanten gevonden.")).to_be_visible()
    axe_check(page)
    screenshot(page, "klanten")
    page.get_by_role("textbox", name="Zoeken").fill("vries")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url(re.compile(r"[?&]q=vries"))
    resultaten = page.get_by_role("table")
    expect(resultaten).to_contain_text(klant.klantnummer)
    expect(page.get_by_text("1 klant gevonden.")).to_be_visible()
    expect(resultaten.get_by_role("row")).to_have_count(2)  # the header and Sanne
    axe_check(page)
    screenshot(page, "klanten-gezocht")
    resultaten.get_by_role("link", name="Vries, Sanne de").click()
    expect(page).to_have_url(klant_url)
    expect(page.locator(".tijdlijn")).to_contain_text("Warme overdracht")
