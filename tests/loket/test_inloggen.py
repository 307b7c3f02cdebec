"""Login hardening: second factor (TOTP) for roles that see personal data, lockout, session expiry."""

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..conftest import WACHTWOORD


def inloggen(client, user, wachtwoord=WACHTWOORD):
    return client.post(reverse("login"), {"username": user.username, "password": wachtwoord})


def huidige_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_password_alone_never_enrols_a_second_factor(client, werkcoach):
    """Issue 20, finding 2: without the invitation link there is no QR code and no key."""
    inloggen(client, werkcoach)
    response = client.get(reverse("clients:klant_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("tweestaps"))
    pagina = client.get(response.url)
    inhoud = pagina.content.decode()
    assert pagina.status_code == 200 and pagina.context["zonder_app"]
    assert "QR-code" not in inhoud and "sleutel" not in inhoud
    assert not TOTPDevice.objects.filter(user=werkcoach).exists()
    koppelen = client.get(reverse("account:koppelen"))
    assert "QR-code" not in koppelen.content.decode()
    assert not TOTPDevice.objects.filter(user=werkcoach).exists()
    # Guessing codes gets nowhere either.
    assert client.post(reverse("tweestaps"), {"otp_token": "123456"}).status_code == 400
    assert client.get(reverse("clients:klant_list")).status_code == 302


def test_second_login_asks_only_for_the_code(client, projectleider):
    device = TOTPDevice.objects.create(user=projectleider, name="app", confirmed=True)
    inloggen(client, projectleider)
    pagina = client.get(reverse("tweestaps"))
    assert "QR-code" not in pagina.content.decode()
    assert client.post(reverse("tweestaps"), {"otp_token": huidige_code(device)}).status_code == 302
    assert client.get(reverse("start")).status_code == 200


def test_wrong_code_is_refused_and_throttled(client, werkcoach):
    device = TOTPDevice.objects.create(user=werkcoach, name="app", confirmed=True)
    inloggen(client, werkcoach)
    fout = "000000" if huidige_code(device) != "000000" else "111111"
    response = client.post(reverse("tweestaps"), {"otp_token": fout})
    assert response.status_code == 400 and "klopt niet" in response.content.decode()
    # django-otp throttles after a failure: even the right code is refused straight away.
    assert client.post(reverse("tweestaps"), {"otp_token": huidige_code(device)}).status_code == 400
    assert client.get(reverse("clients:klant_list")).status_code == 302


@pytest.mark.parametrize("code", ["", "12345", "abcdef", "1234567", "<script>"])
def test_malformed_code_gets_a_dutch_error(client, werkcoach, code):
    inloggen(client, werkcoach)
    response = client.post(reverse("tweestaps"), {"otp_token": code})
    assert response.status_code == 400 and "code" in response.content.decode()


def test_open_redirect_after_second_factor_is_refused(client, werkcoach):
    device = TOTPDevice.objects.create(user=werkcoach, name="app", confirmed=True)
    inloggen(client, werkcoach)
    response = client.post(
        reverse("tweestaps") + "?next=https://kwaadwillend.example/",
        {"otp_token": huidige_code(device)},
    )
    assert response.url == "/"


def test_stuurgroep_does_not_need_second_factor(client, stuurgroeplid):
    inloggen(client, stuurgroeplid)
    assert client.get(reverse("start")).status_code == 200


def test_lockout_after_repeated_failures(client, werkcoach):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = inloggen(client, werkcoach, wachtwoord="fout-wachtwoord")
        assert response.status_code == 200
        assert "onjuist" in response.content.decode()
    assert inloggen(client, werkcoach, wachtwoord="fout-wachtwoord").status_code == 429
    geblokkeerd = inloggen(client, werkcoach)  # even the right password is refused now
    assert geblokkeerd.status_code == 429
    assert "tijdelijk geblokkeerd" in geblokkeerd.content.decode()
    assert "_auth_user_id" not in client.session


def test_session_expires_after_inactivity():
    assert settings.SESSION_COOKIE_AGE <= 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST  # inactivity, not absolute time


@pytest.mark.parametrize("wachtwoord", ["kort", "123456789012", "werkcoach"])
def test_weak_passwords_are_refused(wachtwoord, werkcoach):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password(wachtwoord, werkcoach)
