"""Issue 20, finding 8 (login): a new session key after the second factor, wrong codes logged and
counted toward the lockout, and a limit per address over all usernames (password spraying)."""

import logging

from axes.models import AccessAttempt
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..conftest import WACHTWOORD
from ..factories import UserFactory
from ..loket.test_inloggen import huidige_code, inloggen


def verkeerde_code(device):
    return "000000" if huidige_code(device) != "000000" else "111111"


def test_session_key_is_renewed_after_the_second_factor(client, projectleider):
    device = TOTPDevice.objects.create(user=projectleider, name="app", confirmed=True)
    inloggen(client, projectleider)
    voor = client.session.session_key
    response = client.post(reverse("tweestaps"), {"otp_token": huidige_code(device)})
    assert response.status_code == 302
    assert client.session.session_key != voor
    assert client.get(reverse("start")).status_code == 200


def test_wrong_codes_are_logged_and_lock_the_account(client, werkcoach, caplog):
    device = TOTPDevice.objects.create(user=werkcoach, name="app", confirmed=True)
    inloggen(client, werkcoach)
    caplog.set_level(logging.WARNING, logger="loket.inloggen")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        device.refresh_from_db()
        device.throttling_failure_count = 0  # django-otp's own slow-down is not the point here
        device.throttling_failure_timestamp = None
        device.save()
        response = client.post(reverse("tweestaps"), {"otp_token": verkeerde_code(device)})
        assert response.status_code == 400
    assert sum("onjuiste code" in r.getMessage() for r in caplog.records) == (
        settings.AXES_FAILURE_LIMIT - 1
    )
    assert AccessAttempt.objects.get(username=werkcoach.username).failures_since_start == (
        settings.AXES_FAILURE_LIMIT - 1
    )
    # The last allowed failure locks the account and ends the half-logged-in session.
    response = client.post(reverse("tweestaps"), {"otp_token": verkeerde_code(device)})
    assert response.status_code in {403, 429}
    assert "_auth_user_id" not in client.session
    # The right password no longer opens anything until the cool-off has passed.
    response = inloggen(client, werkcoach)
    assert response.status_code in {403, 429}
    assert "_auth_user_id" not in client.session


@override_settings(LOKET_LOGIN_ADRES_LIMIET=6)
def test_password_spray_from_one_address_is_stopped(client, loket):
    slachtoffers = [UserFactory(loket=loket) for _ in range(8)]
    for user in slachtoffers[:6]:  # one try per username: the per-username lockout never fires
        response = inloggen(client, user, wachtwoord="Zomer2026!Zomer")
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    # Now even the right password of another user is refused from this address.
    response = inloggen(client, slachtoffers[7])
    assert "_auth_user_id" not in client.session
    assert "Vanaf dit adres is te vaak verkeerd ingelogd" in response.content.decode()
    # Another address is not affected.
    response = client.post(
        reverse("login"),
        {"username": slachtoffers[7].username, "password": WACHTWOORD},
        REMOTE_ADDR="10.9.8.7",
    )
    assert response.status_code == 302


def test_username_longer_than_the_lockout_column_is_a_dutch_error(client):
    response = client.post(reverse("login"), {"username": "x" * 1000, "password": "y"})
    assert response.status_code == 200
    assert "hoogstens 150 tekens" in response.content.decode()
    assert not AccessAttempt.objects.exists()
