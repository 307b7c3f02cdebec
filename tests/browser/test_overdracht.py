"""Partner journey in Chromium (issue 16): a werkcoach records consent and hands a client over to
the roc; a roc user (partner role, second factor) accepts and reports back; the werkcoach sees the
outcome on the work list; the roc user books hours, the projectleider approves, the roc user
confirms the quarter and a later booking in that quarter is refused. axe-core scans every page."""

import re

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from financiering.models import Boeking, Kwartaalbevestiging, Urenopgave
from loket.constants import OrganisatieType, Rol
from overdrachten.constants import Soort
from overdrachten.models import Overdracht

from ..factories import IntakeFactory, KlantFactory, OrganisatieFactory, UserFactory
from ..overdrachten.conftest import cofinanciering_in_natura
from .conftest import axe_check, log_in, screenshot

pytestmark = pytest.mark.browser


def vorig_kwartaal():
    vandaag = timezone.localdate()
    kwartaal = (vandaag.month - 1) // 3 + 1
    return (vandaag.year, kwartaal - 1) if kwartaal > 1 else (vandaag.year - 1, 4)


def log_uit(page: Page, user) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(re.compile(r"/inloggen/"))
    # The next login of the same user may fall in the same 30-second window; the authenticator
    # refuses a code twice, as it should, so this test starts the device's window afresh.
    TOTPDevice.objects.filter(user=user).update(last_t=-1)


def test_partner_journey(page, live_server, loket):
    werkcoach = UserFactory(
        loket=loket, rol=Rol.WERKCOACH, username="anouk", first_name="Anouk", last_name="Visser"
    )
    projectleider = UserFactory(
        loket=loket, rol=Rol.PROJECTLEIDER, username="pl", first_name="Pieter", last_name="Bos"
    )
    roc = OrganisatieFactory(loket=loket, naam="Nova College", type=OrganisatieType.ROC)
    OrganisatieFactory(loket=loket, naam="Gemeente Haarlem", type=OrganisatieType.GEMEENTE)
    roc_medewerker = UserFactory(
        loket=loket,
        rol=Rol.PARTNER,
        organisatie=roc,
        username="nova-intake",
        first_name="Rachid",
        last_name="Amrani",
        email="intake@nova.example",
    )
    klant = KlantFactory(loket=loket, voornaam="Sanne", achternaam="de Vries")
    IntakeFactory(klant=klant, werkcoach=werkcoach)
    jaar, kwartaal = vorig_kwartaal()
    cofinanciering_in_natura(loket, roc, jaar)

    # The werkcoach records consent for the roc and hands the client over.
    log_in(page, werkcoach, live_server)
    page.goto(f"{live_server.url}{klant.get_absolute_url()}")
    page.get_by_role("link", name="Warme overdracht").click()
    page.get_by_label("Partnerorganisatie").select_option(label="Nova College")
    page.get_by_label("Vraag aan de partner").fill("Wil een BBL-opleiding zorg niveau 3.")
    page.get_by_role("button", name="Overdracht versturen").click()
    expect(page.locator("#foutoverzicht")).to_contain_text("geen (geldige) toestemming")
    axe_check(page)
    page.goto(f"{live_server.url}{klant.get_absolute_url()}")
    page.get_by_role("link", name="Toestemming vastleggen").click()
    axe_check(page)
    page.get_by_label("Partnerorganisatie").select_option(label="Nova College")
    page.get_by_role("button", name="Toestemming vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sanne de Vries")
    expect(page.locator("#overdrachten-titel").locator("..")).to_contain_text(
        "Nova College: toestemming sinds"
    )
    axe_check(page)
    screenshot(page, "klant-toestemming")
    page.get_by_role("link", name="Warme overdracht").click()
    page.get_by_label("Partnerorganisatie").select_option(label="Nova College")
    page.get_by_label("Vraag aan de partner").fill("Wil een BBL-opleiding zorg niveau 3.")
    page.get_by_label("Urgentie").select_option(label="Hoog: binnen enkele dagen contact")
    page.get_by_role("button", name="Overdracht versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Warme overdracht naar Nova College")
    axe_check(page)
    screenshot(page, "overdracht-verstuurd")
    overdracht = Overdracht.objects.get()
    log_uit(page, werkcoach)

    # The roc user (second factor) sees the hand-over, accepts it and reports back.
    log_in(page, roc_medewerker, live_server)
    page.get_by_role("link", name="Naar overdrachten").click()
    axe_check(page)
    page.get_by_role("link", name=f"Overdracht {overdracht.pk}").click()
    expect(page.get_by_text("Sanne de Vries")).to_be_visible()
    expect(page.get_by_text("Wil een BBL-opleiding zorg niveau 3.")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Overdracht accepteren").click()
    expect(page.get_by_role("status")).to_contain_text("geaccepteerd")
    page.get_by_label("Uitkomst").select_option(label="Gestart met opleiding of traject")
    page.get_by_label("Toelichting").fill("Start BBL Verzorgende IG in februari.")
    axe_check(page)
    screenshot(page, "overdracht-partner")
    page.get_by_role("button", name="Terugmelden").click()
    expect(page.get_by_text("Deze overdracht is afgerond.")).to_be_visible()
    assert set(overdracht.gebeurtenissen.values_list("soort", flat=True)) == {
        Soort.VERSTUURD,
        Soort.ONTVANGEN,
        Soort.TERUGGEMELD,
    }
    # The client list and the client page stay closed to a partner.
    assert page.goto(f"{live_server.url}/klanten/").status == 403
    assert page.goto(f"{live_server.url}{klant.get_absolute_url()}").status == 403

    # The roc user submits hours for the quarter that just ended.
    page.goto(f"{live_server.url}/overdrachten/partner/uren/")
    axe_check(page)
    page.get_by_label("Rol (tarief)").select_option(label=f"Docent ({jaar})")
    page.locator("form[action$='/partner/uren/']").get_by_label("Kwartaal").select_option(
        value=str(kwartaal)
    )
    page.get_by_label("Medewerker of functie").fill("Loopbaanadviseur")
    page.get_by_role("textbox", name="Uren").fill("12,5")
    page.get_by_role("button", name="Uren indienen").click()
    expect(page.get_by_role("status")).to_contain_text("wachten op goedkeuring")
    assert not Boeking.objects.filter(organisatie=roc, uren__isnull=False).exists()
    log_uit(page, roc_medewerker)

    # The werkcoach sees the outcome on the work list.
    log_in(page, werkcoach, live_server, controleer=False)
    werk = page.locator("section[aria-labelledby='mijn-werk-titel']")
    expect(werk).to_contain_text("Sanne de Vries → Nova College")
    expect(werk).to_contain_text("Gestart met opleiding of traject")
    axe_check(page)
    screenshot(page, "mijn-werk")
    log_uit(page, werkcoach)

    # The projectleider approves the hours: they are booked as hours x the roc's tariff.
    log_in(page, projectleider, live_server, controleer=False)
    page.goto(f"{live_server.url}/overdrachten/uren/")
    screenshot(page, "uren-goedkeuren")
    axe_check(page)
    page.get_by_role("button", name=re.compile(r"^Goedkeuren.*Nova College")).click()
    expect(page.get_by_role("status")).to_contain_text("goedgekeurd en geboekt")
    boeking = Boeking.objects.get(organisatie=roc, uren__isnull=False)
    assert str(boeking.bedrag) == "781.25"
    log_uit(page, projectleider)

    # The roc user confirms the quarter; a later booking in that quarter is refused.
    log_in(page, roc_medewerker, live_server, controleer=False)
    page.goto(f"{live_server.url}/overdrachten/partner/uren/")
    bevestig = page.locator("form[action$='/bevestigen/']")
    bevestig.locator("#id_bevestig-jaar").select_option(value=str(jaar))
    bevestig.locator("#id_bevestig-kwartaal").select_option(value=str(kwartaal))
    bevestig.get_by_label(re.compile("Ik bevestig")).check()
    bevestig.get_by_role("button", name="Kwartaal bevestigen").click()
    expect(page.get_by_role("status")).to_contain_text("liggen nu vast")
    expect(
        page.get_by_text(re.compile(r"bevestigd door Nova College op \d\d-\d\d-\d{4}"))
    ).to_be_visible()
    assert Kwartaalbevestiging.objects.filter(
        organisatie=roc, jaar=jaar, kwartaal=kwartaal
    ).exists()
    page.get_by_label("Rol (tarief)").select_option(label=f"Docent ({jaar})")
    page.locator("form[action$='/partner/uren/']").get_by_label("Kwartaal").select_option(
        value=str(kwartaal)
    )
    page.get_by_label("Medewerker of functie").fill("Loopbaanadviseur")
    page.get_by_role("textbox", name="Uren").fill("3")
    page.get_by_role("button", name="Uren indienen").click()
    expect(page.locator("#foutoverzicht")).to_contain_text(
        "bevestigd: boekingen in dat kwartaal liggen vast"
    )
    axe_check(page)
    screenshot(page, "partner-uren-bevestigd")
    assert Urenopgave.objects.count() == 1


def test_overdue_handover_on_the_action_list(page, live_server, loket):
    """A hand-over sent three weeks ago (time frozen while it was sent) and never answered is on
    the projectleider's action list; one sent today is not."""
    from freezegun import freeze_time

    from ..overdrachten.fabriek import maak_overdracht

    projectleider = UserFactory(loket=loket, rol=Rol.PROJECTLEIDER, username="pl")
    roc = OrganisatieFactory(loket=loket, naam="Nova College", type=OrganisatieType.ROC)
    drie_weken = timezone.now() - timezone.timedelta(days=21)
    with freeze_time(drie_weken):
        oud = maak_overdracht(loket, roc)
    nieuw = maak_overdracht(loket, roc)
    log_in(page, projectleider, live_server, controleer=False)
    page.goto(f"{live_server.url}/monitor/actielijst/")
    blok = page.locator("#overdrachten-laat-titel").locator("..")
    expect(blok.get_by_role("link", name=f"Overdracht {oud.pk}")).to_be_visible()
    expect(blok.get_by_role("link", name=f"Overdracht {nieuw.pk}")).to_have_count(0)
    expect(blok).to_contain_text(f"{oud.termijn:%d-%m-%Y}")
    axe_check(page)
    screenshot(page, "actielijst-overdrachten")
