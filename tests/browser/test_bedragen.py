"""Amounts typed with a comma in a Dutch AND an English browser are stored exactly (issue 13.2).

With <input type=number> an en-US Chromium read "1250,50" by its own language and the form stored
EUR 125.050,00. The amount fields are now Dutch text fields (inputmode=decimal) read by one parser
on the server, so the browser's language no longer matters; ambiguous text gets a Dutch error."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from trajecten.models import FinancieringsRegel, Traject

from ..trajecten.factories import TrajectFactory
from .conftest import VIEWPORT, WACHTTIJD_MS, axe_check, log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture(params=["nl-NL", "en-US"])
def pagina(request, browser, live_server):
    context = browser.new_context(locale=request.param, viewport=VIEWPORT, base_url=live_server.url)
    context.set_default_timeout(WACHTTIJD_MS)
    expect.set_options(timeout=WACHTTIJD_MS)
    yield context.new_page(), request.param
    context.close()


def test_amounts_with_a_comma_in_any_browser_language(pagina, live_server, werkcoach, loket):
    page, taal = pagina
    traject = TrajectFactory(klant__loket=loket, begeleider=werkcoach)
    assert page.evaluate("navigator.language") == taal
    log_in(page, werkcoach, live_server, controleer=False)

    # The trajectory's cost estimate: first an ambiguous amount, refused in Dutch; then exact.
    page.goto(f"{live_server.url}{traject.get_absolute_url()}")
    page.get_by_role("link", name="Traject wijzigen").click()
    kosten = page.get_by_role("textbox", name=re.compile("^Geraamde kosten"))
    expect(kosten).to_have_attribute("inputmode", "decimal")
    kosten.fill("1,250.50")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Punt en komma staan verkeerd om").first).to_be_visible()
    expect(page.get_by_role("textbox", name=re.compile("^Geraamde kosten"))).to_have_value(
        "1,250.50"
    )
    axe_check(page)
    traject.refresh_from_db()
    assert traject.kosten_raming == Decimal("0.00")
    page.get_by_role("textbox", name=re.compile("^Geraamde kosten")).fill("1250,50")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(re.compile(rf"/trajecten/{traject.pk}/$"))
    financiering = page.get_by_role("region", name="Financiering (financieel makelaarschap)")
    expect(financiering).to_contain_text("€ 1.250,50")
    assert Traject.objects.get(pk=traject.pk).kosten_raming == Decimal("1250.50")

    # A financing line of 750,25 with the thousands dot the Dutch way for a second one.
    financiering.get_by_text("Financieringsbron toevoegen").click()
    financiering.get_by_role("combobox", name=re.compile("^Bron")).select_option(label="Gemeente")
    financiering.get_by_role("textbox", name=re.compile("^Bedrag")).fill("750,25")
    financiering.get_by_role("button", name="Toevoegen").click()
    financiering = page.get_by_role("region", name="Financiering (financieel makelaarschap)")
    expect(financiering.get_by_role("table")).to_contain_text("€ 750,25")
    expect(financiering).to_contain_text("€ 500,25")  # still to be covered: 1.250,50 - 750,25
    financiering.get_by_text("Financieringsbron toevoegen").click()
    financiering.get_by_role("combobox", name=re.compile("^Bron")).select_option(label="Werkgever")
    financiering.get_by_role("textbox", name=re.compile("^Bedrag")).fill("€ 1.000,5")
    financiering.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("table")).to_contain_text("€ 1.000,50")
    axe_check(page)
    screenshot(page, f"bedragen-{taal}")
    assert sorted(FinancieringsRegel.objects.values_list("bedrag", flat=True)) == [
        Decimal("750.25"),
        Decimal("1000.50"),
    ]
