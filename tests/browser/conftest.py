"""Browser journeys: Playwright (sync API) drives Debian's Chromium against pytest-django's live
server on PostgreSQL. Every page a journey visits is scanned with axe-core for WCAG 2.1 A and AA.

Playwright's download of its own browsers does not work here, so the suite always launches
/usr/bin/chromium (`make test` installs it when it is missing: scripts/systeempakketten.py)."""

import json
import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect, sync_playwright

from loket.constants import ROLLEN_MET_2FA

from ..conftest import WACHTWOORD

# The sync API runs an event loop in the main thread; Django would refuse its ORM calls there.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
# Conditions are waited on, never slept on; this is how long a condition may take.
WACHTTIJD_MS = 15_000
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

_axe = Axe()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium ontbreekt op {CHROMIUM}: installeer het Debian-pakket 'chromium' (make systeempakketten)."
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (own cookies) in Dutch, at the live server."""
    context = browser.new_context(locale="nl-NL", viewport=VIEWPORT, base_url=live_server.url)
    context.set_default_timeout(WACHTTIJD_MS)
    expect.set_options(timeout=WACHTTIJD_MS)
    pagina = context.new_page()
    yield pagina
    context.close()


@pytest.fixture
def prive_opslag(settings, tmp_path):
    """Files on the private default storage (the quarterly reports) go to this test's own
    directory; the live server runs in this process, so it sees the setting too."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "prive", "base_url": None},
        },
    }
    return tmp_path / "prive"


def pdf_tekst(pad) -> str:
    """The text of a PDF, pages joined, whitespace collapsed."""
    from pypdf import PdfReader

    lezer = PdfReader(str(pad))
    assert lezer.pdf_header.startswith("%PDF-")
    return " ".join(" ".join((blad.extract_text() or "").split()) for blad in lezer.pages)


def huidige_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def log_in(page: Page, user, live_server, *, controleer=True) -> None:
    """Log in through the login page with the password and, for roles that see personal data,
    the current code of a confirmed authenticator app. With controleer, axe scans both pages."""
    page.goto(f"{live_server.url}/inloggen/")
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    if controleer:
        axe_check(page)
    tweede_factor = user.rol in ROLLEN_MET_2FA
    if tweede_factor:
        # The app was set up at an earlier login (the first-time set-up has its own test).
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="Authenticator", defaults={"confirmed": True}
        )
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    if tweede_factor:
        page.wait_for_url(re.compile(r"/inloggen/tweestaps/"))
        expect(page.get_by_role("heading", name="Tweestapsverificatie")).to_be_visible()
        if controleer:
            axe_check(page)
        page.get_by_label("Code uit de authenticator-app").fill(huidige_code(device))
        page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def _beschrijf(violations: list[dict]) -> str:
    regels = []
    for v in violations:
        regels.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            regels.append(f"    {', '.join(map(str, node['target']))}")
            regels.append(f"      {node['html'][:200]}")
            if node.get("failureSummary"):
                samenvatting = node["failureSummary"].replace("\n", "\n      ")
                regels.append(f"      {samenvatting}")
    return "\n".join(regels)


def axe_check(page: Page) -> None:
    """axe-core on the current page for WCAG 2.1 A and AA: zero violations allowed."""
    page.wait_for_load_state("load")
    resultaat = _axe.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    violations = resultaat.response["violations"]
    assert not violations, (
        f"axe vond {len(violations)} WCAG-overtreding(en) op {page.url}:\n"
        + _beschrijf(violations)
        + "\n\nRuwe gegevens: "
        + json.dumps([v["id"] for v in violations])
    )


def screenshot(page: Page, name: str) -> Path:
    """A screenshot of the visible page (1280 px wide) in test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pad = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(pad))
    return pad
