"""Beheer of a loket's users: invitation by a single-use link, enrolment bound to that link,
role changes, deactivation that ends every session, second-factor reset, lockout."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import ProgrammingError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from beheer.models import Uitnodiging, Wijziging
from loket.constants import Rol
from loket.models import User

from ..conftest import WACHTWOORD
from ..factories import OrganisatieFactory, UserFactory
from .conftest import laatste_link

NIEUW_WACHTWOORD = "Nieuw-en-lang-wachtwoord-7"


def code_voor(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def nodig_uit(client, django_capture_on_commit_callbacks, **velden):
    data = {
        "voornaam": "Wim",
        "achternaam": "Coach",
        "email": "wim@example.nl",
        "rol": Rol.WERKCOACH,
    }
    data.update(velden)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("beheer:uitnodigen"), data)


def volg_uitnodiging(link, wachtwoord=NIEUW_WACHTWOORD):
    """A fresh browser follows the link, chooses a password and couples an app."""
    nieuw = Client()
    pagina = nieuw.get(link)
    assert pagina.status_code == 200
    response = nieuw.post(link, {"new_password1": wachtwoord, "new_password2": wachtwoord})
    assert response.status_code == 302 and response.url == reverse("account:koppelen")
    return nieuw


def koppel(client_, user):
    pagina = client_.get(reverse("account:koppelen"))
    assert "QR-code" in pagina.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client_.post(reverse("account:koppelen"), {"otp_token": code_voor(device)})
    assert response.status_code == 302 and response.url == reverse("account:herstelcodes")
    return device


def test_invitation_link_sets_password_and_enrols_once(
    beheerder_client, loket, django_capture_on_commit_callbacks
):
    response = nodig_uit(beheerder_client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    gebruiker = User.objects.get(username="wim@example.nl")
    assert gebruiker.loket == loket and gebruiker.rol == Rol.WERKCOACH
    assert not gebruiker.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["wim@example.nl"]
    assert "Uitnodiging" in mail.outbox[0].subject and "72 uur" in mail.outbox[0].body
    link = laatste_link("wim@example.nl")
    token = link.rstrip("/").rsplit("/", 1)[1]
    # Only a hash is stored: the token itself is nowhere in the table.
    uitnodiging = Uitnodiging.objects.get(gebruiker=gebruiker)
    assert token not in uitnodiging.token_hash and len(uitnodiging.token_hash) == 64

    nieuw = volg_uitnodiging(link)
    # Every display of the set-up page makes a new key: a copied key stops working.
    nieuw.get(reverse("account:koppelen"))
    eerste = TOTPDevice.objects.get(user=gebruiker, confirmed=False)
    nieuw.get(reverse("account:koppelen"))
    tweede = TOTPDevice.objects.get(user=gebruiker, confirmed=False)
    assert eerste.pk != tweede.pk and eerste.key != tweede.key
    device = koppel(nieuw, gebruiker)
    device.refresh_from_db()
    assert device.confirmed
    codes = nieuw.get(reverse("account:herstelcodes"))
    assert len(codes.context["codes"]) == 10
    # Shown once.
    assert nieuw.get(reverse("account:herstelcodes")).context["codes"] is None
    assert nieuw.get(reverse("clients:klant_list")).status_code == 200

    # The link is used up.
    assert Client().get(link).status_code == 404
    acties = list(Wijziging.objects.filter(object_id=gebruiker.pk).values_list("actie", flat=True))
    assert "Uitgenodigd" in acties
    assert "Wachtwoord ingesteld via uitnodiging" in acties
    assert "Authenticator-app gekoppeld" in acties


def test_invitation_expires_after_72_hours(beheerder_client, django_capture_on_commit_callbacks):
    nodig_uit(beheerder_client, django_capture_on_commit_callbacks)
    link = laatste_link("wim@example.nl")
    with freeze_time(timezone.now() + datetime.timedelta(hours=72, minutes=1)):
        response = Client().get(link)
    assert response.status_code == 404 and "werkt niet" in response.content.decode()


@pytest.mark.parametrize("token", ["x", "a" * 43, "..%2Fetc", "é" * 30, "a" * 500])
def test_unknown_links_are_a_dutch_404(client, token):
    response = client.get(reverse("account:uitnodiging", kwargs={"token": token}))
    assert response.status_code == 404 and "werkt niet" in response.content.decode()


def test_invitation_form_errors_are_per_field(beheerder_client, django_capture_on_commit_callbacks):
    response = nodig_uit(
        beheerder_client, django_capture_on_commit_callbacks, email="geen-adres", voornaam=""
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "email" in form.errors and "voornaam" in form.errors
    # A partner needs an organisation.
    response = nodig_uit(beheerder_client, django_capture_on_commit_callbacks, rol=Rol.PARTNER)
    assert "organisatie" in response.context["form"].errors
    # The same address twice.
    nodig_uit(beheerder_client, django_capture_on_commit_callbacks)
    response = nodig_uit(
        beheerder_client, django_capture_on_commit_callbacks, email="WIM@example.nl"
    )
    assert response.status_code == 400 and "al een account" in str(response.context["form"].errors)
    assert len(mail.outbox) == 1


def test_organisation_of_another_loket_cannot_be_chosen(
    beheerder_client, ander_loket, django_capture_on_commit_callbacks
):
    vreemd = OrganisatieFactory(loket=ander_loket)
    response = nodig_uit(
        beheerder_client, django_capture_on_commit_callbacks, rol=Rol.PARTNER, organisatie=vreemd.pk
    )
    assert response.status_code == 400 and "organisatie" in response.context["form"].errors


def test_role_change_is_logged_with_old_and_new_value(beheerder_client, werkcoach, partner):
    response = beheerder_client.post(
        reverse("beheer:gebruiker", kwargs={"pk": werkcoach.pk}),
        {"actie": "wijzigen", "voornaam": "Anna", "achternaam": "Smit", "rol": Rol.PROJECTLEIDER,
         "organisatie": partner.pk},
    )  # fmt: skip
    assert response.status_code == 302
    werkcoach.refresh_from_db()
    assert werkcoach.rol == Rol.PROJECTLEIDER and werkcoach.organisatie == partner
    rol = Wijziging.objects.get(object_id=werkcoach.pk, actie="Rol gewijzigd")
    assert rol.oude_waarde == "Werkcoach / loketadviseur" and rol.nieuwe_waarde == "Projectleider"
    assert rol.door_naam == str(User.objects.get(username="beheerder"))


def test_a_beheerder_cannot_change_own_role_or_deactivate_self(beheerder_client, beheerder):
    url = reverse("beheer:gebruiker", kwargs={"pk": beheerder.pk})
    response = beheerder_client.post(url, {"actie": "deactiveren", "deactiveren-reden": "weg"})
    assert response.status_code == 400
    beheerder.refresh_from_db()
    assert beheerder.is_active


def test_deactivation_ends_every_session_and_keeps_history(beheerder_client, loket):
    coach = UserFactory(loket=loket, rol=Rol.STUURGROEP)
    sessies = []
    for _ in range(2):
        c = Client()
        assert (
            c.post(
                reverse("login"), {"username": coach.username, "password": WACHTWOORD}
            ).status_code
            == 302
        )
        assert c.get(reverse("start")).status_code == 200
        sessies.append(c)
    url = reverse("beheer:gebruiker", kwargs={"pk": coach.pk})
    zonder_reden = beheerder_client.post(url, {"actie": "deactiveren", "deactiveren-reden": " "})
    assert zonder_reden.status_code == 400
    assert (
        beheerder_client.post(
            url, {"actie": "deactiveren", "deactiveren-reden": "uit dienst"}
        ).status_code
        == 302
    )
    coach.refresh_from_db()
    assert not coach.is_active
    for c in sessies:
        assert Session.objects.filter(session_key=c.session.session_key).count() == 0
        assert c.get(reverse("start")).status_code == 302
    rij = Wijziging.objects.get(object_id=coach.pk, actie__startswith="Gedeactiveerd")
    assert rij.reden == "uit dienst" and "2 sessie(s)" in rij.actie
    # Reactivation: the account and its history are still there.
    assert beheerder_client.post(url, {"actie": "reactiveren"}).status_code == 302
    coach.refresh_from_db()
    assert coach.is_active
    assert (
        Client()
        .post(reverse("login"), {"username": coach.username, "password": WACHTWOORD})
        .status_code
        == 302
    )


def test_second_factor_reset_needs_a_reason_and_the_new_link(
    beheerder_client, werkcoach, django_capture_on_commit_callbacks
):
    oud = TOTPDevice.objects.create(user=werkcoach, name="oud", confirmed=True)
    url = reverse("beheer:gebruiker", kwargs={"pk": werkcoach.pk})
    response = beheerder_client.post(url, {"actie": "tweede_factor", "tweede_factor-reden": ""})
    assert response.status_code == 400 and "tweede_factor-reden" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=oud.pk).exists()
    werkcoach.email = "coach@example.nl"
    werkcoach.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = beheerder_client.post(
            url, {"actie": "tweede_factor", "tweede_factor-reden": "telefoon verloren"}
        )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=werkcoach).exists()

    # The password alone does not enrol.
    alleen_wachtwoord = Client()
    alleen_wachtwoord.post(
        reverse("login"), {"username": werkcoach.username, "password": WACHTWOORD}
    )
    assert "QR-code" not in alleen_wachtwoord.get(reverse("tweestaps")).content.decode()
    assert "QR-code" not in alleen_wachtwoord.get(reverse("account:koppelen")).content.decode()

    # The link from the mail plus the password does.
    link = laatste_link("coach@example.nl")
    nieuw = Client()
    fout = nieuw.post(link, {"wachtwoord": "niet-goed"})
    assert fout.status_code == 400 and "klopt niet" in fout.content.decode()
    assert nieuw.post(link, {"wachtwoord": WACHTWOORD}).status_code == 302
    koppel(nieuw, werkcoach)
    rij = Wijziging.objects.get(
        object_id=werkcoach.pk, onderwerp="tweede_factor", reden="telefoon verloren"
    )
    assert rij.oude_waarde == "gekoppeld"


def test_lockout_is_lifted_by_the_beheerder(beheerder_client, loket):
    coach = UserFactory(loket=loket, rol=Rol.STUURGROEP)
    anders = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        anders.post(reverse("login"), {"username": coach.username, "password": "fout"})
    assert (
        anders.post(
            reverse("login"), {"username": coach.username, "password": WACHTWOORD}
        ).status_code
        == 429
    )
    lijst = beheerder_client.get(reverse("beheer:gebruikers"))
    assert "Geblokkeerd" in lijst.content.decode()
    url = reverse("beheer:gebruiker", kwargs={"pk": coach.pk})
    assert beheerder_client.post(url, {"actie": "blokkade"}).status_code == 302
    assert (
        anders.post(
            reverse("login"), {"username": coach.username, "password": WACHTWOORD}
        ).status_code
        == 302
    )
    assert Wijziging.objects.filter(object_id=coach.pk, onderwerp="blokkade").exists()


def test_user_list_filters_and_pages(beheerder_client, loket, ander_loket):
    UserFactory.create_batch(30, loket=loket, rol=Rol.WERKCOACH)
    UserFactory(loket=loket, rol=Rol.STUURGROEP, last_name="Zoekbaar", is_active=False)
    UserFactory(loket=ander_loket, rol=Rol.STUURGROEP, last_name="Zoekbaar")
    eerste = beheerder_client.get(reverse("beheer:gebruikers"))
    assert eerste.context["pagina"].paginator.count == 32
    assert len(eerste.context["pagina"].object_list) == 25
    gevonden = beheerder_client.get(reverse("beheer:gebruikers"), {"zoek": "zoekbaar"})
    assert [u.last_name for u in gevonden.context["pagina"].object_list] == ["Zoekbaar"]
    inactief = beheerder_client.get(
        reverse("beheer:gebruikers"), {"status": "inactief", "rol": "stuurgroep"}
    )
    assert inactief.context["pagina"].paginator.count == 1
    # Nonsense in the query string: no filter, no 500.
    raar = beheerder_client.get(reverse("beheer:gebruikers"), {"rol": "x", "pagina": "-1"})
    assert raar.status_code == 200
    # A NUL byte is refused before any view, with a Dutch message (loket.beveiliging).
    nul = beheerder_client.get(reverse("beheer:gebruikers"), {"rol": "x\x00"})
    assert nul.status_code == 400 and "nul-teken" in nul.content.decode()


def test_change_log_is_append_only(beheerder_client, werkcoach):
    beheerder_client.post(
        reverse("beheer:gebruiker", kwargs={"pk": werkcoach.pk}),
        {"actie": "deactiveren", "deactiveren-reden": "test"},
    )
    rij = Wijziging.objects.get(object_id=werkcoach.pk)
    with pytest.raises(ProgrammingError, match="pgtrigger"), transaction.atomic():
        Wijziging.objects.filter(pk=rij.pk).update(reden="anders")
    with pytest.raises(ProgrammingError, match="pgtrigger"), transaction.atomic():
        Wijziging.objects.filter(pk=rij.pk).delete()


@pytest.mark.parametrize(
    "pad",
    [
        "/beheer/gebruikers/99999999999999999999999/",
        "/beheer/organisaties/99999999999999999999999/",
        "/beheer/wijzigingen/?van=%00&tot=9999-12-31&onderwerp=%00",
        "/beheer/gebruikers/?zoek=%00&pagina=99999999999999999999",
        "/monitor/doelstellingen/?bewerk=99999999999999999999999",
    ],
)
def test_hostile_paths_and_queries_are_no_500(beheerder_client, pad):
    assert beheerder_client.get(pad).status_code in (200, 400, 404)


def test_user_list_queries_do_not_grow(beheerder_client, loket):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def tel():
        with CaptureQueriesContext(connection) as queries:
            assert beheerder_client.get(reverse("beheer:gebruikers")).status_code == 200
        return len(queries)

    UserFactory.create_batch(3, loket=loket, organisatie=OrganisatieFactory(loket=loket))
    weinig = tel()
    UserFactory.create_batch(20, loket=loket, organisatie=OrganisatieFactory(loket=loket))
    assert tel() == weinig


def test_reset_without_email_shows_the_link_once(beheerder_client, werkcoach):
    werkcoach.email = ""
    werkcoach.save()
    url = reverse("beheer:gebruiker", kwargs={"pk": werkcoach.pk})
    response = beheerder_client.post(
        url, {"actie": "tweede_factor", "tweede_factor-reden": "geen telefoon meer"}, follow=True
    )
    tekst = response.content.decode()
    assert "persoonlijk door" in tekst and len(mail.outbox) == 0
    link = tekst.split(settings.SITE_URL, 1)[1].split("<", 1)[0].strip()
    assert Client().get(link).status_code == 200
    assert "/account/uitnodiging/" not in beheerder_client.get(url).content.decode()
