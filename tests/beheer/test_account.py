"""Self-service: a forgotten password by mail (same answer for every address, rate limited),
recovery codes (each works once), the session's keep-alive."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from beheer import account_views
from beheer.models import Wijziging
from beheer.services import maak_herstelcodes
from loket.constants import Rol

from ..conftest import WACHTWOORD
from ..factories import UserFactory
from .conftest import laatste_link


def vraag_herstel(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("account:wachtwoord_vergeten"), {"email": email})


def test_same_answer_for_known_and_unknown_addresses(
    client, werkcoach, django_capture_on_commit_callbacks
):
    werkcoach.email = "coach@example.nl"
    werkcoach.save()
    bekend = vraag_herstel(client, "coach@example.nl", django_capture_on_commit_callbacks)
    onbekend = vraag_herstel(client, "niemand@example.nl", django_capture_on_commit_callbacks)
    assert bekend.status_code == onbekend.status_code == 302
    assert bekend.url == onbekend.url == reverse("account:wachtwoord_verstuurd")
    assert [m.to for m in mail.outbox] == [["coach@example.nl"]]
    assert "Wachtwoord herstellen" in mail.outbox[0].subject and "2 uur" in mail.outbox[0].body


def test_reset_link_sets_a_new_password_once(client, werkcoach, django_capture_on_commit_callbacks):
    werkcoach.email = "coach@example.nl"
    werkcoach.save()
    vraag_herstel(client, "coach@example.nl", django_capture_on_commit_callbacks)
    link = laatste_link("coach@example.nl")
    browser = Client()
    formulier = browser.get(link, follow=True)
    assert formulier.context["validlink"]
    url = formulier.redirect_chain[-1][0]
    te_kort = browser.post(url, {"new_password1": "kort", "new_password2": "kort"})
    assert te_kort.status_code == 200 and te_kort.context["form"].errors
    nieuw = "Een-heel-nieuw-wachtwoord-9"
    klaar = browser.post(url, {"new_password1": nieuw, "new_password2": nieuw})
    assert klaar.status_code == 302
    werkcoach.refresh_from_db()
    assert werkcoach.check_password(nieuw)
    assert Wijziging.objects.filter(
        object_id=werkcoach.pk, actie="Wachtwoord hersteld via e-mail"
    ).exists()
    assert not Client().get(link, follow=True).context["validlink"]


def test_rate_limited_per_email_and_per_address(
    client, werkcoach, django_capture_on_commit_callbacks
):
    werkcoach.email = "coach@example.nl"
    werkcoach.save()
    for _ in range(account_views.HERSTEL_PER_EMAIL + 2):
        antwoord = vraag_herstel(client, "coach@example.nl", django_capture_on_commit_callbacks)
        assert antwoord.status_code == 302  # the same answer, but no more mail
    assert len(mail.outbox) == account_views.HERSTEL_PER_EMAIL
    for i in range(account_views.HERSTEL_PER_ADRES):
        vraag_herstel(client, f"iemand{i}@example.nl", django_capture_on_commit_callbacks)
    te_veel = vraag_herstel(client, "nog-een@example.nl", django_capture_on_commit_callbacks)
    assert te_veel.status_code == 429 and "Te veel aanvragen" in te_veel.content.decode()


def test_recovery_code_works_once(client, werkcoach):
    TOTPDevice.objects.create(user=werkcoach, name="app", confirmed=True)
    codes = maak_herstelcodes(gebruiker=werkcoach)
    client.post(reverse("login"), {"username": werkcoach.username, "password": WACHTWOORD})
    response = client.post(reverse("tweestaps"), {"otp_token": codes[0].upper()})
    assert response.status_code == 302
    assert client.get(reverse("clients:klant_list")).status_code == 200
    assert Wijziging.objects.filter(
        object_id=werkcoach.pk, actie="Ingelogd met een herstelcode"
    ).exists()
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": werkcoach.username, "password": WACHTWOORD})
    assert client.post(reverse("tweestaps"), {"otp_token": codes[0]}).status_code == 400


def test_new_recovery_codes_replace_the_old(client_as, werkcoach):
    c = client_as(werkcoach)
    oud = maak_herstelcodes(gebruiker=werkcoach)
    assert c.post(reverse("account:herstelcodes")).status_code == 302
    nieuw = c.get(reverse("account:herstelcodes")).context["codes"]
    assert len(nieuw) == 10 and not set(oud) & set(nieuw)
    assert c.get(reverse("account:herstelcodes")).context["aantal_over"] == 10


def test_session_keep_alive(client_as, werkcoach):
    assert client_as(werkcoach).get(reverse("account:sessie")).json()["seconden"] > 0


def test_a_form_sent_after_the_session_ended_says_so(client, werkcoach):
    from django.contrib.messages import get_messages

    client.force_login(werkcoach)
    client.cookies["sessionid"] = "verlopen-sessie"  # the server no longer knows it
    response = client.post(reverse("clients:intake"), {"voornaam": "Sanne"})
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={reverse('clients:intake')}"
    assert any("sessie is verlopen" in str(m) for m in get_messages(response.wsgi_request))
    assert "sessie is verlopen" in client.get(response.url).content.decode()  # shown once
    uitloggen = client.post(reverse("logout"))
    assert not any("sessie" in str(m) for m in get_messages(uitloggen.wsgi_request))


@pytest.mark.parametrize("met", ["app", "herstelcode"])
def test_a_functioneel_beheerder_without_loket_passes_the_second_step(client, met):
    """The installation's administrator has no loket: the second step (app code or recovery
    code), then the installation pages and the reference data, without a scope error."""
    from ..loket.test_inloggen import huidige_code

    beheerder = UserFactory(loket=None, rol=Rol.FUNCTIONEEL_BEHEERDER)
    device = TOTPDevice.objects.create(user=beheerder, name="app", confirmed=True)
    codes = maak_herstelcodes(gebruiker=beheerder)
    client.post(reverse("login"), {"username": beheerder.username, "password": WACHTWOORD})
    assert client.get(reverse("installatie:index")).status_code == 302  # to the second step
    code = huidige_code(device) if met == "app" else codes[0]
    assert client.post(reverse("tweestaps"), {"otp_token": code}).status_code == 302
    assert client.get(reverse("start")).status_code == 200
    assert client.get(reverse("installatie:index")).status_code == 200
    assert client.get(reverse("trajecten:kwalificaties")).status_code == 200
    # Installation-level changes are in its change log (every loket, and none).
    assert client.get(reverse("installatie:wijzigingen")).status_code == 200
