"""Trajectory journeys in Chromium: an employer registered as erkend leerbedrijf, a dual (BBL)
trajectory taken from sign-up to a placement at it, a refused step shown in the status panel
(HTMX swaps the 409 answer), a correction, and the trajectory list with its filters. axe-core
scans every page on the way."""

import re

import pytest
from playwright.sync_api import expect

from loket.constants import OrganisatieType
from trajecten.constants import Status
from trajecten.models import Traject

from ..factories import IntakeFactory, KlantFactory, OrganisatieFactory, WerkgeverFactory
from ..trajecten.factories import KwalificatieFactory
from .conftest import axe_check, log_in, screenshot

pytestmark = pytest.mark.browser


def test_dual_trajectory_to_placement(page, live_server, werkcoach, loket):
    KwalificatieFactory(crebo="25407", naam="Timmerman", niveau=2)
    OrganisatieFactory(loket=loket, naam="Nova College", type=OrganisatieType.ROC)
    WerkgeverFactory(loket=loket, naam="Garage Zonder Erkenning", erkend_leerbedrijf=False)
    klant = KlantFactory(loket=loket, voornaam="Daan", achternaam="Kramer")
    IntakeFactory(klant=klant, werkcoach=werkcoach)
    log_in(page, werkcoach, live_server, controleer=False)

    # The employer: registered as erkend leerbedrijf, with a first contact.
    page.get_by_role("link", name="Werkgevers", exact=True).first.click()
    expect(page.get_by_role("heading", name="Werkgevers", level=1)).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Nieuwe werkgever").click()
    page.get_by_label("Naam").fill("Bouwbedrijf IJmond")
    page.get_by_label("KvK-nummer").fill("3412345")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("precies 8 cijfers").first).to_be_visible()
    axe_check(page)
    page.get_by_label("KvK-nummer").fill("34123456")
    page.get_by_label("Erkend leerbedrijf (SBB)").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Bouwbedrijf IJmond", level=1)).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Contact vastleggen").click()
    page.get_by_label("Soort contact").select_option(label="Bezoek")
    page.get_by_label("Gemaakte afspraken").fill("Eén BBL-plek timmerman vanaf september.")
    page.get_by_label("Leerbanen gevonden").fill("1")
    axe_check(page)
    page.get_by_role("button", name="Contact vastleggen").click()
    expect(page.get_by_text("Eén BBL-plek timmerman vanaf september.")).to_be_visible()

    # The trajectory, started from the client page without a leerbedrijf yet.
    page.goto(f"{live_server.url}{klant.get_absolute_url()}")
    page.get_by_role("link", name="Traject starten").click()
    page.get_by_label("Soort traject").select_option(label="Duaal / BBL")
    page.get_by_label("Kwalificatie").select_option(label="Timmerman (niveau 2, 25407)")
    page.get_by_label("Aanbieder").select_option(label="Nova College")
    page.get_by_role("button", name="Traject starten").click()
    page.wait_for_url(re.compile(r"/trajecten/\d+/$"))
    paneel = page.locator("#status-paneel")
    expect(paneel.get_by_role("heading", level=2)).to_contain_text("Stadium: Aangemeld")
    axe_check(page)
    paneel.get_by_role("button", name="Leerbaan zoeken").click()
    expect(paneel.get_by_role("heading", level=2)).to_contain_text("Stadium: Leerbaan gezocht")

    # Placement without a leerbedrijf is refused in the panel, without leaving the page.
    paneel.get_by_role("button", name="Geplaatst bij leerbedrijf").click()
    expect(paneel.get_by_role("alert")).to_contain_text("Kies eerst het leerbedrijf")
    axe_check(page)

    page.get_by_role("link", name="Traject wijzigen").click()
    page.get_by_label("Leerbedrijf").select_option(label="Bouwbedrijf IJmond (erkend leerbedrijf)")
    page.get_by_role("button", name="Opslaan").click()
    paneel = page.locator("#status-paneel")
    paneel.get_by_role("button", name="Geplaatst bij leerbedrijf").click()
    expect(paneel.get_by_role("heading", level=2)).to_contain_text("Stadium: Geplaatst")

    # A wrong step (stopping needs a reason), corrected with a reason.
    paneel.get_by_role("button", name="Voortijdig gestopt").click()
    expect(paneel).to_contain_text("Vul bij Toelichting de reden in")
    paneel.get_by_label("Toelichting").fill("Klant stopt met de opleiding")
    paneel.get_by_role("button", name="Voortijdig gestopt").click()
    expect(paneel.get_by_role("heading", level=2)).to_contain_text("Stadium: Voortijdig gestopt")
    paneel.get_by_text("Deze stap corrigeren").click()
    paneel.get_by_label("Reden van de correctie").fill("Verkeerde knop")
    paneel.get_by_role("button", name="Corrigeren").click()
    expect(paneel.get_by_role("heading", level=2)).to_contain_text("Stadium: Geplaatst")
    axe_check(page)
    screenshot(page, "traject-duaal")

    traject = Traject.objects.get(klant=klant)
    assert traject.status == Status.GEPLAATST
    assert traject.leerbedrijf.naam == "Bouwbedrijf IJmond"
    assert list(traject.gebeurtenissen.values_list("naar_status", flat=True)) == [
        "aangemeld",
        "leerbaan_gezocht",
        "geplaatst",
        "voortijdig_gestopt",
        "geplaatst",
    ]

    # The list, filtered on stage.
    page.get_by_role("link", name="Trajecten", exact=True).first.click()
    page.get_by_label("Stadium").select_option(label="Geplaatst (praktijkovereenkomst)")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_text("1 traject gevonden.")).to_be_visible()
    axe_check(page)
    screenshot(page, "trajecten")
