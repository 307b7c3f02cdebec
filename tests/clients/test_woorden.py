"""Words a werkcoach reads: a message per field, no dashes for an empty choice, no internal
names in the access log, no client name in a page title, 'Fout:' before the title of a page
whose form has errors."""

import re

import pytest
from django.urls import reverse

from loket.models import Verwerking

from ..conftest import login_met_tweede_factor
from ..factories import KlantFactory

pytestmark = pytest.mark.django_db


def titel(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


def test_an_empty_intake_names_every_missing_field_in_dutch(client, werkcoach):
    login_met_tweede_factor(client, werkcoach)
    response = client.post(reverse("clients:intake"), {})
    assert response.status_code == 400
    html = response.content.decode()
    for melding in ["Vul de voornaam in.", "Vul de achternaam in.", "Kies het kanaal."]:
        assert melding in html
    assert "Dit veld is verplicht" not in html
    assert titel(response).startswith("Fout: ")


def test_a_form_without_errors_has_a_plain_title(client, werkcoach):
    login_met_tweede_factor(client, werkcoach)
    response = client.get(reverse("clients:intake"))
    assert not titel(response).startswith("Fout")


def test_no_select_offers_a_row_of_dashes(client, werkcoach, loket):
    klant = KlantFactory(loket=loket)
    login_met_tweede_factor(client, werkcoach)
    for url in [
        reverse("clients:intake"),
        reverse("clients:contact_create", args=[klant.pk]),
        reverse("trajecten:start", args=[klant.pk]),
        reverse("werkgevers:create"),
    ]:
        assert "---------" not in client.get(url).content.decode(), url


def test_the_client_page_title_carries_no_name(client, werkcoach, loket):
    klant = KlantFactory(loket=loket, voornaam="Umut", achternaam="Bakker")
    login_met_tweede_factor(client, werkcoach)
    response = client.get(klant.get_absolute_url())
    assert "Bakker" not in titel(response) and klant.klantnummer in titel(response)
    assert "Bakker" in response.content.decode()


def test_the_access_log_names_changed_fields_as_users_know_them(client, werkcoach, loket):
    klant = KlantFactory(loket=loket, telefoon="06-12345678")
    login_met_tweede_factor(client, werkcoach)
    form = client.get(reverse("clients:klant_update", args=[klant.pk])).context["form"]
    data = {naam: form[naam].value() or "" for naam in form.fields}
    data["geboortedatum"] = klant.geboortedatum.strftime("%d-%m-%Y")
    data["startkwalificatie"] = "on" if klant.startkwalificatie else ""
    data["woongemeente"] = klant.woongemeente_id or ""
    data["opleidingsniveau"] = klant.opleidingsniveau
    data["telefoon"] = "06-87654321"
    response = client.post(reverse("clients:klant_update", args=[klant.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    onderwerp = Verwerking.objects.filter(actie=Verwerking.Actie.GEWIJZIGD).latest("pk").onderwerp
    assert onderwerp == "klantgegevens: telefoonnummer"
