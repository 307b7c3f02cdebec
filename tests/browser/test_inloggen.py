"""Logging in in the browser: a wrong password is reported, and at the first login a werkcoach
sets up the authenticator app from the key on the page (axe scans each state)."""

import base64
import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from ..conftest import WACHTWOORD
from .conftest import axe_check, screenshot

pytestmark = pytest.mark.browser


def test_wrong_password_is_announced(page, live_server, werkcoach):
    page.goto(f"{live_server.url}/klanten/")
    page.wait_for_url(re.compile(r"/inloggen/\?next=/klanten/"))
    page.get_by_label("Gebruikersnaam").fill(werkcoach.username)
    page.get_by_label("Wachtwoord").fill("niet-het-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Gebruikersnaam of wachtwoord is onjuist")
    expect(page.get_by_label("Gebruikersnaam")).to_have_value(werkcoach.username)
    axe_check(page)


def test_first_login_sets_up_the_authenticator_app(page, live_server, werkcoach):
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(werkcoach.username)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/inloggen/tweestaps/"))
    expect(page.get_by_role("img", name=re.compile("QR-code"))).to_be_visible()
    axe_check(page)
    screenshot(page, "tweestaps-instellen")

    # What a user types into the app when scanning does not work: the key shown on the page.
    sleutel = page.locator("code.sleutel").inner_text().replace(" ", "")
    code = f"{totp(base64.b32decode(sleutel)):06d}"
    page.get_by_label("Code uit de authenticator-app").fill(code)
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goedendag")
    assert TOTPDevice.objects.get(user=werkcoach).confirmed
