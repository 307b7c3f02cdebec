"""The landelijk user's national quarterly PDF in Chromium (issue 17): open Programmarapporten from
the main menu, request the last closed quarter, wait while the status is polled,
download the PDF and read it back; axe-core scans the page."""

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from loket.constants import Rol
from monitor.suppressie import AFGESCHERMD, VERBORGEN

from ..factories import UserFactory
from .conftest import axe_check, log_in, screenshot
from .test_programma import loketten  # noqa: F401 - fixture

pytestmark = pytest.mark.browser
RAPPORT_MS = 120_000


def test_landelijk_requests_and_downloads_the_national_pdf(
    page,
    live_server,
    loketten,  # noqa: F811
    prive_opslag,
):
    landelijk = UserFactory(loket=None, rol=Rol.LANDELIJK, username="landelijk")
    log_in(page, landelijk, live_server)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Programmarapporten"
    ).click()
    expect(page.get_by_role("heading", name="Programmarapporten", level=1)).to_be_visible()
    axe_check(page)
    page.get_by_label("Jaar").fill(str(loketten.jaar))
    kwartaal = (loketten.van.month - 1) // 3 + 1
    page.get_by_label("Kwartaal").select_option(label=f"Q{kwartaal}")
    page.get_by_role("button", name="Rapport maken").click()
    expect(page.get_by_role("status").first).to_contain_text("is aangevraagd", timeout=RAPPORT_MS)
    download_link = page.get_by_role("link", name=re.compile("^Download PDF"))
    expect(download_link).to_be_visible(timeout=RAPPORT_MS)
    axe_check(page)
    screenshot(page, "programmarapporten")
    with page.expect_download() as download:
        download_link.click()
    tekst = "\n".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert "Landelijk" in tekst and loketten.label in tekst
    rijen: dict[str, str] = {}
    for regel in tekst.splitlines():  # the first table (Klanten en contacten) comes first
        if regel.startswith("Leerwerkloket"):
            rijen.setdefault(regel.split(")")[0] + ")", regel)
    assert VERBORGEN in rijen["Leerwerkloket Alk (ALK)"]  # 3 intakes
    assert AFGESCHERMD in rijen["Leerwerkloket Mst (MST)"]  # its complement
    assert "22" in rijen["Leerwerkloket Dhd (DHD)"]
