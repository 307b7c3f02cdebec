"""Irreversible actions ask first (issue 13, point 5), in a real browser: closing a quarter shows
what it freezes and needs a tick; anonymising a client shows who it is before the wipe; an
anonymised client's page offers no edits. axe-core scans every page."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clients.models import Klant
from clients.privacy import anonimiseer_klant
from financiering import services as fin
from financiering.constants import Kostencategorie
from financiering.models import Kwartaalafsluiting

from ..factories import IntakeFactory, KlantFactory
from .conftest import axe_check, log_in, screenshot

pytestmark = pytest.mark.browser


def test_projectleider_closes_a_quarter_after_confirming(page, live_server, projectleider, loket):
    vorig = timezone.localdate().replace(day=1) - datetime.timedelta(days=92)
    jaar, kwartaal = vorig.year, (vorig.month - 1) // 3 + 1
    fin.voeg_kostenpost_toe(
        fin.haal_begroting(loket, jaar),
        naam="Loonkosten UWV",
        categorie=Kostencategorie.LOONKOSTEN,
        bedrag=Decimal("75000"),
        datum=vorig,
    )
    klant = KlantFactory(loket=loket, voornaam="Anna", achternaam="Gewist")
    IntakeFactory(klant=klant, werkcoach=projectleider)
    anonimiseer_klant(klant, reden="verwijderverzoek")

    log_in(page, projectleider, live_server, controleer=False)
    page.goto(f"{live_server.url}/financiering/{jaar}/")
    page.get_by_label("Kwartaal afsluiten").select_option(label=f"Kwartaal {kwartaal}")
    page.get_by_role("button", name="Afsluiten…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Kwartaal {kwartaal} van {jaar} afsluiten"
    )
    expect(page.get_by_role("table")).to_contain_text("€ 75.000,00")
    expect(page.get_by_text("Afsluiten kan niet ongedaan worden gemaakt.")).to_be_visible()
    axe_check(page)
    screenshot(page, "kwartaal-afsluiten-bevestigen")
    page.get_by_role("button", name="Kwartaal definitief afsluiten").click()
    expect(page.get_by_role("alert").first).to_contain_text("definitief wilt afsluiten")
    assert not Kwartaalafsluiting.objects.exists()
    page.get_by_label(re.compile("definitief dicht")).check()
    page.get_by_role("button", name="Kwartaal definitief afsluiten").click()
    expect(page.get_by_role("status").first).to_contain_text(
        f"Kwartaal {kwartaal} van {jaar} is afgesloten"
    )
    assert Kwartaalafsluiting.objects.filter(loket=loket, jaar=jaar, kwartaal=kwartaal).exists()

    # An anonymised client's page: no edit, contact, intake or trajectory buttons.
    page.goto(f"{live_server.url}/klanten/{klant.pk}/")
    expect(page.get_by_text("geanonimiseerd").first).to_be_visible()
    for knop in (
        "Contactmoment toevoegen",
        "Nieuwe intake",
        "Gegevens wijzigen",
        "Traject starten",
    ):
        expect(page.get_by_role("main").get_by_role("link", name=knop)).to_have_count(0)
    axe_check(page)
    screenshot(page, "klant-geanonimiseerd")
    page.goto(f"{live_server.url}/klanten/{klant.pk}/wijzigen/")
    expect(page.get_by_role("alert")).to_contain_text("kunnen niet meer worden gewijzigd")


def test_beheerder_sees_who_before_anonymising(page, live_server, beheerder, loket):
    klant = KlantFactory(loket=loket, voornaam="Wendelien", achternaam="Verzoeker")
    log_in(page, beheerder, live_server, controleer=False)
    page.goto(f"{live_server.url}/privacybeheer/verwijderverzoek/")
    page.get_by_label("Klantnummer").fill(klant.klantnummer)
    page.get_by_label("Reden en kenmerk van het verzoek").fill("e-mail van 12-03-2026")
    page.get_by_role("button", name="Verder: klant controleren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Klant {klant.klantnummer} anonimiseren?"
    )
    expect(page.get_by_text("Wendelien Verzoeker")).to_be_visible()
    axe_check(page)
    screenshot(page, "verwijderverzoek-bevestigen")
    assert Klant.objects.get(pk=klant.pk).geanonimiseerd_op is None
    page.get_by_label(re.compile("definitief worden verwijderd")).check()
    page.get_by_role("button", name=re.compile("definitief anonimiseren")).click()
    expect(page.get_by_role("status").first).to_contain_text("is geanonimiseerd")
    assert Klant.objects.get(pk=klant.pk).geanonimiseerd_op is not None
