"""Every page a werkcoach and a projectleider can open, at a phone's width (390 x 844): no page
scrolls sideways, the menu is collapsed behind a button, and axe stays clean.

The pages come from the URL conf and the permission matrix's rules, so a new page is measured
without anyone adding it here; the loket carries the demo data so lists and tables have rows."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from loket.constants import Rol
from loket.models import User

from ..conftest import WACHTWOORD
from ..test_permissiematrix import URL_ARGUMENTEN, URLS, heeft_get, regel
from .conftest import axe_check, log_in, screenshot

pytestmark = pytest.mark.browser

SMAL = {"width": 390, "height": 844}


def paginas_voor(rol: str, loket) -> list[str]:
    urls, gebouwd = [], {}
    for naam, pattern in sorted(URLS.items()):
        rollen = regel(pattern)
        if not isinstance(rollen, set) or rol not in rollen or not heeft_get(pattern):
            continue
        bouw = URL_ARGUMENTEN.get(naam)
        if callable(bouw):
            # One object per builder: pages of the same object (a report's status and file).
            if bouw not in gebouwd:
                gebouwd[bouw] = bouw(loket)
            urls.append(reverse(naam, kwargs=gebouwd[bouw]))
        elif bouw:
            urls.append(reverse(naam, kwargs=bouw))
        else:
            urls.append(reverse(naam))
    return urls


def breedte(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth")


# The outermost elements that stick out on the right: what to fix when a page is too wide.
TE_BREDE_ELEMENTEN = """() => {
  const uit = [];
  const geknipt = (el) => {
    for (let ouder = el.parentElement; ouder; ouder = ouder.parentElement) {
      if (getComputedStyle(ouder).overflowX !== "visible") return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll("*")) {
    if (el.getBoundingClientRect().right > window.innerWidth + 1 && !geknipt(el)
        && !uit.some((ouder) => ouder.contains(el))) uit.push(el);
  }
  return uit.slice(0, 3).map((el) => el.outerHTML.slice(0, 160));
}"""


@pytest.fixture
def demo_loket(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", WACHTWOORD)
    call_command("seed_demo", klanten=40, verbosity=0)
    from loket.models import Loket

    return Loket.objects.get(code="ZKIJ")


@pytest.mark.parametrize("rol", [Rol.WERKCOACH, Rol.PROJECTLEIDER])
def test_no_page_scrolls_sideways_at_390px(browser, live_server, demo_loket, prive_opslag, rol):
    user = User.objects.filter(loket=demo_loket, rol=rol).first()
    context = browser.new_context(locale="nl-NL", viewport=SMAL, base_url=live_server.url)
    page = context.new_page()
    # The strict CSP refuses inline scripts and styles: a refusal shows as a console error.
    console_fouten = []
    page.on("console", lambda m: console_fouten.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda fout: console_fouten.append(str(fout)))
    try:
        log_in(page, user, live_server, controleer=False)
        # The menu is collapsed behind a button that opens it.
        menu = page.get_by_role("navigation", name="Hoofdmenu")
        expect(menu.get_by_role("link", name="Klanten")).to_be_hidden()
        menu.get_by_role("button", name="Menu").click()
        expect(menu.get_by_role("link", name="Klanten")).to_be_visible()

        te_breed, bekeken = {}, 0
        for pad in paginas_voor(rol, demo_loket):
            # Files (PDF, xlsx, csv) are downloaded and HTMX fragments are swapped into a page,
            # never shown on their own: only whole pages are measured.
            vooraf = page.request.get(f"{live_server.url}{pad}")
            soort = vooraf.headers.get("content-type", "")
            if not soort.startswith("text/html") or "<html" not in vooraf.text():
                continue
            antwoord = page.goto(f"{live_server.url}{pad}")
            assert antwoord is not None and antwoord.status == 200, pad
            bekeken += 1
            if breedte(page) > SMAL["width"]:
                te_breed[pad] = (breedte(page), page.evaluate(TE_BREDE_ELEMENTEN))
                screenshot(page, f"smal-{rol}-{pad.strip('/').replace('/', '-')}")
            axe_check(page)
        page.goto(f"{live_server.url}/klanten/")
        page.locator("table").first.scroll_into_view_if_needed()
        screenshot(page, f"smal-{rol}-klanten")
        assert bekeken > 15
        assert not te_breed, f"Pagina's die zijwaarts scrollen op 390 px: {te_breed}"
        assert not console_fouten, console_fouten
    finally:
        context.close()


@pytest.mark.parametrize("breedte_px", [1200, 1366])
def test_the_full_menu_fits_a_desk_screen(browser, live_server, demo_loket, breedte_px):
    """From 1200 px the menu is shown in full; the projectleider has the most items (eight plus the
    name, role and Uitloggen), and none of it may push the page sideways."""
    user = User.objects.filter(loket=demo_loket, rol=Rol.PROJECTLEIDER).first()
    context = browser.new_context(
        locale="nl-NL", viewport={"width": breedte_px, "height": 800}, base_url=live_server.url
    )
    page = context.new_page()
    try:
        log_in(page, user, live_server, controleer=False)
        page.goto(f"{live_server.url}/monitor/")
        menu = page.get_by_role("navigation", name="Hoofdmenu")
        expect(menu.get_by_role("link", name="Monitor")).to_be_visible()
        expect(page.get_by_role("button", name="Uitloggen")).to_be_in_viewport()
        assert breedte(page) <= breedte_px, page.evaluate(TE_BREDE_ELEMENTEN)
    finally:
        context.close()
