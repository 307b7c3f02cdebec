"""Logging in in the browser: a wrong password is reported, and at the first login a werkcoach
sets up the authenticator app from the key on the page (axe scans each state)."""

import re

import pytest
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


def test_first_login_without_the_link_couples_no_app(page, live_server, werkcoach):
    """The password alone never couples an authenticator (issue 20): the page explains the way
    in (the link from the invitation mail); the coupling itself is in tests/browser/test_beheer.py."""
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(werkcoach.username)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/inloggen/tweestaps/"))
    expect(page.get_by_role("alert")).to_contain_text("nog geen authenticator-app gekoppeld")
    expect(page.get_by_role("img", name=re.compile("QR-code"))).to_have_count(0)
    axe_check(page)
    screenshot(page, "tweestaps-zonder-app")
    assert not TOTPDevice.objects.filter(user=werkcoach).exists()
