"""The client's own side in Chromium: a citizen signs up and books a slot and receives the
confirmation with the .ics over a real SMTP server; a werkcoach turns the sign-up into an intake;
the beat job (frozen time) sends the survey; the clients answer through their links; the
dashboard's satisfaction equals the mean of the answers; a link works once and cannot be
guessed. axe-core scans every page on the way."""

import datetime
import re
from statistics import mean

import pytest
from django.utils import timezone
from freezegun import freeze_time
from playwright.sync_api import expect

from aanmelden import tasks
from aanmelden.constants import Aanleiding, AanmeldingStatus
from aanmelden.models import Aanmelding, Enquetemoment, Tijdslot
from clients.constants import Kanaal

from ..aanmelden.smtp import ics_van, link_uit, smtp  # noqa: F401 - fixture
from ..factories import IntakeFactory, KlantFactory
from .conftest import axe_check, log_in, screenshot

pytestmark = pytest.mark.browser


def test_aanmelden_afspraak_intake_enquete_monitor(
    page,
    browser,
    live_server,
    loket,
    werkcoach,
    projectleider,
    smtp,  # noqa: F811
):
    werkcoach.first_name, werkcoach.last_name = "Anouk", "Visser"
    werkcoach.save()
    nu = timezone.localtime()
    start = (nu + datetime.timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    if start.date() != nu.date():
        start += datetime.timedelta(hours=10)  # late evening: tomorrow morning
    slot = Tijdslot.objects.create(loket=loket, werkcoach=werkcoach, start=start, duur_minuten=45)
    Enquetemoment.objects.create(
        loket=loket, naam="Vier weken na intake", aanleiding=Aanleiding.INTAKE, dagen_na=28
    )
    # Another client of today, who will answer the survey as well.
    IntakeFactory(
        klant=KlantFactory(loket=loket, email="tweede@example.org"),
        werkcoach=werkcoach,
        datum=timezone.localdate(),
    )

    # The citizen: first an empty submit, then the real sign-up.
    page.goto(f"{live_server.url}/aanmelden/{loket.code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Aanmelden bij {loket.naam}")
    axe_check(page)
    page.get_by_role("button", name="Aanmelding versturen").click()
    overzicht = page.locator("#foutoverzicht")
    expect(overzicht).to_be_focused()
    expect(overzicht).to_contain_text("Vul uw voornaam in.")
    axe_check(page)
    screenshot(page, "aanmelden-fouten")
    overzicht.get_by_role("link", name=re.compile("^E-mailadres")).click()
    expect(page.get_by_label("E-mailadres")).to_be_focused()

    page.get_by_label("Voornaam").fill("Fatima")
    page.get_by_label("Achternaam").fill("El Amrani")
    page.get_by_label("Geboortedatum").fill("1988-06-01")
    page.get_by_label("Postcode").fill("2011ab")
    page.get_by_label("E-mailadres").fill("fatima@example.org")
    page.get_by_label("Waar wilt u hulp bij?").select_option(
        label="Erkenning van vaardigheden (EVC)"
    )
    page.get_by_label(re.compile(f"{start:%H:%M} uur")).check()
    page.get_by_label(re.compile("^Ik heb de privacyverklaring gelezen")).check()
    screenshot(page, "aanmelden")
    page.get_by_role("button", name="Aanmelding versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor uw aanmelding")
    axe_check(page)

    # The confirmation, with the appointment as .ics and the link to change it.
    [bevestiging] = smtp.aan("fatima@example.org")
    [event] = ics_van(bevestiging).walk("VEVENT")
    assert event.decoded("DTSTART") == slot.start
    assert event.decoded("DTEND") == slot.start + datetime.timedelta(minutes=45)
    page.goto(live_server.url + link_uit(bevestiging, "/afspraak/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uw afspraak")
    axe_check(page)
    screenshot(page, "afspraak")

    # The werkcoach: today's appointments on the start page, the queue, the intake.
    werkcoach_pagina = browser.new_page(base_url=live_server.url, locale="nl-NL")
    log_in(werkcoach_pagina, werkcoach, live_server, controleer=False)
    if start.date() == nu.date():
        expect(werkcoach_pagina.locator(".afspraken-vandaag")).to_contain_text("Fatima El Amrani")
    axe_check(werkcoach_pagina)
    werkcoach_pagina.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Aanmeldingen"
    ).click()
    expect(werkcoach_pagina.get_by_role("heading", level=1)).to_have_text("Aanmeldingen")
    axe_check(werkcoach_pagina)
    werkcoach_pagina.get_by_role("link", name="El Amrani, Fatima").click()
    expect(werkcoach_pagina.get_by_role("heading", level=1)).to_contain_text("Fatima El Amrani")
    axe_check(werkcoach_pagina)
    werkcoach_pagina.get_by_role("link", name="Omzetten in intake").click()
    expect(werkcoach_pagina.get_by_label("Voornaam")).to_have_value("Fatima")
    expect(werkcoach_pagina.get_by_label("Kanaal")).to_have_value("website")
    axe_check(werkcoach_pagina)
    screenshot(werkcoach_pagina, "aanmelding-intake")
    werkcoach_pagina.get_by_label("Doelgroep / situatie").select_option(label="Werkzoekend met WW")
    werkcoach_pagina.get_by_label("Hoogst afgeronde opleiding").select_option(label="Mbo niveau 2")
    werkcoach_pagina.get_by_role("button", name="Intake registreren").click()
    expect(
        werkcoach_pagina.get_by_role("alert").or_(werkcoach_pagina.get_by_role("status"))
    ).to_contain_text("is geregistreerd als")
    axe_check(werkcoach_pagina)
    aanmelding = Aanmelding.objects.get()
    assert aanmelding.status == AanmeldingStatus.OMGEZET
    assert aanmelding.klant.intakes.get().kanaal == Kanaal.WEBSITE
    werkcoach_pagina.close()

    # Beat, 28 days later: both clients of today get the survey.
    with freeze_time(timezone.now() + datetime.timedelta(days=28)):
        tasks.plan_enquetes()
    enquetes = [b for b in smtp.berichten if "tevreden" in b["Subject"]]
    assert sorted(b["To"] for b in enquetes) == ["fatima@example.org", "tweede@example.org"]

    # The clients answer through their links.
    scores = {"fatima@example.org": 9, "tweede@example.org": 6}
    links = {b["To"]: live_server.url + link_uit(b, "/enquete/") for b in enquetes}
    for adres, score in scores.items():
        page.goto(links[adres])
        expect(page.get_by_role("heading", level=1)).to_contain_text("Hoe tevreden bent u")
        axe_check(page)
        page.get_by_role("group", name=re.compile("rapportcijfer")).get_by_label(
            str(score), exact=True
        ).check()
        page.get_by_label("Ik werk", exact=True).check()
        screenshot(page, "enquete")
        page.get_by_role("button", name="Antwoord versturen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor uw antwoord")
        axe_check(page)

    # A link works once; a guessed one does not work at all.
    antwoord = page.goto(links["fatima@example.org"])
    assert antwoord.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("U hebt deze vragenlijst al ingevuld")
    axe_check(page)
    geraden = re.sub(r"/enquete/[^/]+/", "/enquete/" + "A" * 43 + "/", links["tweede@example.org"])
    assert page.goto(geraden).status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze link werkt niet")

    # The projectleider's dashboard: the satisfaction is the mean of the answers.
    dashboard = browser.new_page(base_url=live_server.url, locale="nl-NL")
    log_in(dashboard, projectleider, live_server, controleer=False)
    dashboard.goto(f"{live_server.url}/monitor/?periode=jaar&jaar={timezone.localdate().year}")
    rij = dashboard.locator("#indicator-tevredenheid_klanten")
    verwacht = f"{mean(scores.values()):.1f}".replace(".", ",")
    expect(rij.locator("td").first).to_have_text(verwacht)
    expect(dashboard.locator("#indicator-respons_klanten td").first).to_have_text("100,00 %")
    axe_check(dashboard)
    screenshot(dashboard, "monitor-tevredenheid")
    dashboard.close()
