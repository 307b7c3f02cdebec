"""The intake form works with the keyboard alone, and its errors are announced and linked to their
fields (WCAG 2.1: 2.1.1 keyboard, 3.3.1 error identification, 1.3.1 info and relationships)."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from clients.models import Klant

from .conftest import axe_check, log_in

pytestmark = pytest.mark.browser

# Tab stops a field may take: a date field has three (day, month, year).
MAX_TABS = 4


def tab_naar(page: Page, veld: Locator) -> None:
    """Press Tab until the field has focus; fails when it is not within a few Tab stops, so the
    test also proves the order of the form is the reading order."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if veld.evaluate("element => element === document.activeElement"):
            return
    expect(veld).to_be_focused()  # fails with a readable message


def kies_met_pijltjes(page: Page, veld: Locator, stappen: int, waarde: str) -> None:
    tab_naar(page, veld)
    for _ in range(stappen):
        page.keyboard.press("ArrowDown")
    expect(veld).to_have_value(waarde)


def test_intake_with_keyboard_only(page, live_server, werkcoach):
    log_in(page, werkcoach, live_server, controleer=False)
    page.goto(f"{live_server.url}/klanten/intake/")
    expect(page.get_by_role("heading", name="Nieuwe intake", level=1)).to_be_visible()

    # The skip link is the first Tab stop and takes the focus to the content.
    page.keyboard.press("Tab")
    skiplink = page.get_by_role("link", name="Direct naar de inhoud")
    expect(skiplink).to_be_focused()
    expect(skiplink).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    tab_naar(page, page.get_by_label("Voornaam"))
    page.keyboard.type("Mohamed")
    tab_naar(page, page.get_by_label("Tussenvoegsel"))
    tab_naar(page, page.get_by_label("Achternaam"))
    page.keyboard.type("El Amrani")
    geboortedatum = page.get_by_label("Geboortedatum")
    tab_naar(page, geboortedatum)
    # A text field read as dd-mm-jjjj: the same order in every browser language.
    page.keyboard.type("7-11-1979")
    expect(geboortedatum).to_have_value("7-11-1979")
    tab_naar(page, page.get_by_label("Postcode"))
    page.keyboard.type("1971 BK")
    tab_naar(page, page.get_by_label("Woongemeente"))
    tab_naar(page, page.get_by_label("Telefoonnummer"))
    page.keyboard.type("06-12345678")
    tab_naar(page, page.get_by_label("E-mailadres"))
    kies_met_pijltjes(page, page.get_by_label("Doelgroep / situatie"), 3, "nug")
    kies_met_pijltjes(page, page.get_by_label("Hoogst afgeronde opleiding"), 2, "vmbo")
    tab_naar(page, page.get_by_label("Startkwalificatie"))
    tab_naar(page, page.get_by_label("Datum intake"))  # today is filled in
    kies_met_pijltjes(page, page.get_by_label("Kanaal"), 2, "telefoon")
    tab_naar(page, page.get_by_label("Werkcoach"))  # the logged-in werkcoach is filled in
    kies_met_pijltjes(page, page.get_by_label("Hoofddoel"), 3, "leerwerkplek")
    kies_met_pijltjes(page, page.get_by_label("Verwijzer"), 2, "gemeente")
    toestemming = page.get_by_label("Toestemming om gegevens te delen met partners")
    tab_naar(page, toestemming)
    page.keyboard.press("Space")
    expect(toestemming).to_be_checked()
    tab_naar(page, page.get_by_label("Datum toestemming"))
    tab_naar(page, page.get_by_label("Notities"))
    page.keyboard.type("Zoekt een leerwerkplek in de logistiek.")
    knop = page.get_by_role("button", name="Intake registreren")
    tab_naar(page, knop)
    page.keyboard.press("Enter")

    # (The skip link's #inhoud stays on the URL through the redirect, as browsers do.)
    page.wait_for_url(re.compile(r"/klanten/\d+/(#inhoud)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mohamed El Amrani")
    klant = Klant.objects.get(achternaam="El Amrani")
    intake = klant.intakes.get()
    assert klant.geboortedatum.isoformat() == "1979-11-07"
    assert (klant.postcode, klant.telefoon, klant.doelgroep) == ("1971 BK", "0612345678", "nug")
    assert (intake.kanaal, intake.hoofddoel, intake.verwijzer) == (
        "telefoon",
        "leerwerkplek",
        "gemeente",
    )
    assert intake.toestemming_delen and intake.werkcoach == werkcoach


def test_errors_are_summarised_and_linked_to_their_fields(page, live_server, werkcoach):
    log_in(page, werkcoach, live_server, controleer=False)
    page.goto(f"{live_server.url}/klanten/intake/")
    page.get_by_label("Voornaam").fill("Fatima")
    page.get_by_label("Geboortedatum").fill("01-01-2099")
    page.get_by_label("Notities").fill("BSN 111222333")
    page.get_by_role("button", name="Intake registreren").click()

    overzicht = page.locator("#foutoverzicht")
    expect(overzicht).to_have_attribute("role", "alert")
    expect(overzicht.get_by_role("heading")).to_have_text("Controleer de volgende velden")
    links = overzicht.get_by_role("link")
    expect(links.first).to_be_visible()
    hrefs = [link.get_attribute("href") for link in links.all()]
    for verwacht in ["#id_achternaam", "#id_geboortedatum", "#id_email", "#id_notities"]:
        assert verwacht in hrefs, hrefs
    axe_check(page)

    for link in links.all():
        veld = page.locator(link.get_attribute("href"))
        expect(veld).to_have_count(1)
        expect(veld).to_have_attribute("aria-invalid", "true")
        beschreven_door = (veld.get_attribute("aria-describedby") or "").split()
        foutteksten = [
            page.locator(f"#{id_}").inner_text()
            for id_ in beschreven_door
            if "invalid-feedback" in (page.locator(f"#{id_}").get_attribute("class") or "")
        ]
        fout = link.inner_text().split(": ", 1)[1]
        assert fout in " ".join(foutteksten), (link.get_attribute("href"), beschreven_door)

    # Following a link from the summary brings the field into view.
    overzicht.get_by_role("link", name=re.compile("^Notities")).click()
    expect(page).to_have_url(re.compile("#id_notities$"))
    expect(page.get_by_label("Notities")).to_be_in_viewport()
    # What was typed is kept.
    expect(page.get_by_label("Voornaam")).to_have_value("Fatima")
