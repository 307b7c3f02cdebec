"""Issue 20, finding 1: the Django admin needs the second factor, is for superusers only, and
shows no client data (so nothing there bypasses the access log)."""

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from clients.models import Contactmoment, Intake, Klant
from trajecten.models import Traject, TrajectGebeurtenis

from ..conftest import WACHTWOORD, login_met_tweede_factor
from ..factories import KlantFactory, UserFactory

ADMIN = reverse("admin:loket_loket_changelist")


def test_password_alone_does_not_open_the_admin(client, loket):
    superuser = UserFactory(loket=loket, is_staff=True, is_superuser=True)
    client.force_login(superuser)  # password checked, no second factor
    response = client.get(ADMIN)
    assert response.status_code == 302 and "login" in response.url
    # The admin's own login form asks for the code as well.
    client.logout()
    response = client.post(
        reverse("admin:login"), {"username": superuser.username, "password": WACHTWOORD}
    )
    assert response.status_code == 200  # form shown again, not logged in
    assert client.get(ADMIN).status_code == 302


def test_staff_without_superuser_is_refused_even_with_second_factor(client, loket):
    login_met_tweede_factor(client, UserFactory(loket=loket, is_staff=True, is_superuser=False))
    assert client.get(ADMIN).status_code == 302


def test_superuser_with_second_factor_gets_in(client, loket):
    login_met_tweede_factor(client, UserFactory(loket=loket, is_staff=True, is_superuser=True))
    assert client.get(ADMIN).status_code == 200


@pytest.mark.parametrize("model", [Klant, Intake, Contactmoment, Traject, TrajectGebeurtenis])
def test_no_client_data_in_the_admin(model):
    assert not admin.site.is_registered(model)
    with pytest.raises(NoReverseMatch):
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_no_admin_page_shows_a_client_name(client, loket):
    klant = KlantFactory(loket=loket, voornaam="Zeldzaamvoornaam", achternaam="Opvallendnaam")
    login_met_tweede_factor(client, UserFactory(loket=loket, is_staff=True, is_superuser=True))
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        inhoud = client.get(url).content.decode()
        assert klant.achternaam not in inhoud and klant.voornaam not in inhoud, url
