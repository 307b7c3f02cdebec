"""axe-core (WCAG 2.1 A and AA) on the werkcoach's other pages: the ones the journey passes by
without stopping (edit forms, lists, the statement pages and the 404 page)."""

import pytest
from playwright.sync_api import expect

from ..factories import (
    ContactmomentFactory,
    IntakeFactory,
    KlantFactory,
    WerkgeverFactory,
    WerkgeverscontactFactory,
)
from ..trajecten.factories import TrajectFactory
from .conftest import axe_check, log_in, screenshot

pytestmark = pytest.mark.browser


def test_werkcoach_pages_have_no_wcag_violations(page, live_server, werkcoach, loket, partner):
    klant = KlantFactory(loket=loket, voornaam="Eva", achternaam="Jansen")
    IntakeFactory(klant=klant, werkcoach=werkcoach, notities="Wil zorg in, heeft ervaring.")
    ContactmomentFactory(klant=klant, medewerker=werkcoach, warme_overdracht_naar=partner)
    werkgever = WerkgeverFactory(loket=loket, naam="Zorggroep Kennemerland")
    WerkgeverscontactFactory(werkgever=werkgever, medewerker=werkcoach, afspraken="Twee leerbanen")
    traject = TrajectFactory(klant=klant, begeleider=werkcoach)

    log_in(page, werkcoach, live_server, controleer=False)
    paginas = {
        "/klanten/": "Klanten",
        "/klanten/?q=zzz-niemand": "Klanten",
        f"/klanten/{klant.pk}/wijzigen/": "Gegevens wijzigen",
        f"/klanten/{klant.pk}/intake/": "Nieuwe intake",
        "/trajecten/": "Trajecten",
        "/trajecten/mijn/": "trajecten",
        f"/trajecten/{traject.pk}/wijzigen/": "Traject wijzigen",
        "/werkgevers/": "Werkgevers",
        "/werkgevers/nieuw/": "werkgever",
        f"/werkgevers/{werkgever.pk}/": "Zorggroep Kennemerland",
        f"/werkgevers/{werkgever.pk}/contact/": "contact",
        "/toegankelijkheid/": "Toegankelijkheid",
        "/privacy/": "Privacy",
    }
    for pad, kop in paginas.items():
        antwoord = page.goto(f"{live_server.url}{pad}")
        assert antwoord is not None and antwoord.status == 200, pad
        expect(page.get_by_role("heading", level=1)).to_contain_text(kop, ignore_case=True)
        axe_check(page)

    # The 404 page is Dutch and accessible too.
    antwoord = page.goto(f"{live_server.url}/klanten/999999/")
    assert antwoord is not None and antwoord.status == 404
    axe_check(page)
    screenshot(page, "niet-gevonden")
