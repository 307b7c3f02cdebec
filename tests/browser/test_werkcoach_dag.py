"""The werkcoach's day in the browser: the duplicate check while typing (and a new intake for
the existing client that keeps what was typed), a full-name search, correcting a contact, and
the print layout of the client summary."""

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from clients.models import Contactmoment, Intake

from ..factories import ContactmomentFactory, KlantFactory
from .conftest import axe_check, log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def umut(loket):
    return KlantFactory(
        loket=loket,
        voornaam="Umut",
        tussenvoegsel="",
        achternaam="Bakker",
        geboortedatum=datetime.date(1990, 5, 17),
        telefoon="0231234567",
        email="umut@example.org",
    )


def test_duplicate_check_while_typing_keeps_what_was_typed(page, live_server, werkcoach, umut):
    log_in(page, werkcoach, live_server, controleer=False)
    page.goto(f"{live_server.url}/klanten/intake/")
    page.get_by_label("Kanaal").select_option(label="Telefoon")
    page.get_by_label("Hoofddoel").select_option(label="Erkenning van vaardigheden (EVC)")
    page.get_by_label("Verwijzer").select_option(label="Gemeente")
    page.get_by_label("Voornaam").fill("umut")
    page.get_by_label("Achternaam").fill("Bakker ")
    page.get_by_label("Telefoonnummer").fill("06-12345678")
    dubbelcheck = page.locator("#dubbelcheck")
    expect(dubbelcheck).to_be_empty()
    # Typing the birth date is enough: the check runs after a pause, before leaving the field.
    page.get_by_label("Geboortedatum").press_sequentially("17-05-1990")
    # Seen before the other fields are filled in, without submitting.
    expect(dubbelcheck).to_contain_text("Deze klant bestaat mogelijk al")
    expect(dubbelcheck).to_contain_text(umut.klantnummer)
    axe_check(page)
    screenshot(page, "intake-dubbel-tijdens-typen")

    dubbelcheck.get_by_role("button", name="nieuwe intake voor deze klant").click()
    page.wait_for_url(re.compile(rf"/klanten/{umut.pk}/intake/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nieuwe intake")
    expect(page.get_by_label("Kanaal")).to_have_value("telefoon")
    expect(page.get_by_label("Hoofddoel")).to_have_value("erkenning")
    expect(page.get_by_label("Verwijzer")).to_have_value("gemeente")
    nieuw_nummer = page.get_by_label(re.compile("Nieuw telefoonnummer 0612345678 opslaan"))
    expect(nieuw_nummer).not_to_be_checked()
    axe_check(page)
    nieuw_nummer.check()
    page.get_by_role("button", name="Intake registreren").click()
    page.wait_for_url(re.compile(rf"/klanten/{umut.pk}/$"))
    umut.refresh_from_db()
    assert umut.telefoon == "0612345678"
    assert Intake.objects.get(klant=umut).kanaal == "telefoon"


def test_full_name_search_in_either_order(page, live_server, werkcoach, umut, loket):
    KlantFactory(loket=loket, voornaam="Jan", achternaam="Bakker")
    log_in(page, werkcoach, live_server, controleer=False)
    page.goto(f"{live_server.url}/klanten/")
    for zoekterm in ["Bakker Umut", "Umut Bakker", "umu bak"]:
        page.get_by_role("textbox", name="Zoeken").fill(zoekterm)
        page.get_by_role("button", name="Zoeken").click()
        expect(page.get_by_role("status")).to_contain_text("1 klant gevonden")
        expect(page.get_by_role("link", name="Bakker, Umut")).to_be_visible()
    axe_check(page)


def test_a_contact_is_corrected_in_the_timeline_and_the_summary_prints(
    page, live_server, werkcoach, umut
):
    fout = ContactmomentFactory(klant=umut, medewerker=werkcoach, duur_minuten=300)
    log_in(page, werkcoach, live_server, controleer=False)
    page.goto(f"{live_server.url}{umut.get_absolute_url()}")
    page.get_by_role("link", name=re.compile("Corrigeren of intrekken")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Contactmoment corrigeren")
    axe_check(page)
    page.get_by_label("Duur (minuten)").fill("30")
    page.get_by_role("button", name="Correctie vastleggen").click()
    expect(page.locator("#foutoverzicht")).to_be_focused()  # no reason given
    expect(page).to_have_title(re.compile("^Fout: "))
    page.get_by_label("Reden van de correctie").fill("300 in plaats van 30 getypt")
    page.get_by_role("button", name="Correctie vastleggen").click()
    page.wait_for_url(re.compile(rf"/klanten/{umut.pk}/$"))
    tijdlijn = page.locator(".tijdlijn")
    expect(tijdlijn).to_contain_text("Vervangen: gecorrigeerd of ingetrokken")
    expect(tijdlijn).to_contain_text("Reden: 300 in plaats van 30 getypt")
    assert Contactmoment.objects.get(corrigeert=fout).duur_minuten == 30
    axe_check(page)

    # The print layout: the summary without menu, buttons or links to act on.
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_have_text("Umut Bakker")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()
    expect(page.get_by_role("button", name="Afdrukken")).to_be_hidden()
    expect(page.get_by_role("link", name="Contactmoment toevoegen")).to_be_hidden()
    expect(page.get_by_text("Samenvatting afgedrukt op")).to_be_visible()
    screenshot(page, "klant-afdruk")
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF-")


def test_a_document_is_uploaded_and_downloaded(page, live_server, werkcoach, umut, prive_opslag):
    from clients.models import Document

    from ..clients.test_documenten import pdf_bytes

    log_in(page, werkcoach, live_server, controleer=False)
    page.goto(f"{live_server.url}{umut.get_absolute_url()}")
    page.get_by_role("link", name="Document toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Document toevoegen")
    axe_check(page)
    # A program dressed up as a pdf is refused, with the reason at the field.
    page.get_by_label("Soort document").select_option(label="Cv")
    page.get_by_label("Bestand").set_input_files(
        files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00 exe"}]
    )
    page.get_by_role("button", name="Document opslaan").click()
    expect(page.locator("#foutoverzicht")).to_contain_text("Dit bestandstype wordt niet aangenomen")
    axe_check(page)
    inhoud = pdf_bytes()
    page.get_by_label("Soort document").select_option(label="Cv")
    page.get_by_label("Bestand").set_input_files(
        files=[{"name": "cv-umut.pdf", "mimeType": "application/pdf", "buffer": inhoud}]
    )
    page.get_by_role("button", name="Document opslaan").click()
    page.wait_for_url(re.compile(rf"/klanten/{umut.pk}/$"))
    with page.expect_download() as wachten:
        page.get_by_role("link", name="Cv: cv-umut.pdf").click()
    download = wachten.value
    assert download.suggested_filename == "cv-umut.pdf"
    assert Path(download.path()).read_bytes() == inhoud
    assert Document.objects.get(klant=umut).inhoudstype == "application/pdf"
