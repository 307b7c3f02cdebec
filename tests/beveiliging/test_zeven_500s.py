"""The seven requests that gave a 500 in the attack of issue 20 (finding 7). Each answers with a
Dutch refusal or a normal page now, and writes nothing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from financiering.models import Boeking, Kostenpost
from loket.constants import Rol
from monitor.models import Actie
from trajecten.models import Kwalificatie

from ..conftest import WACHTWOORD
from ..factories import UserFactory


@pytest.fixture
def functioneel_beheerder(db):
    return UserFactory(loket=None, rol=Rol.FUNCTIONEEL_BEHEERDER)


@pytest.fixture
def client_zonder_exceptions(client):
    client.raise_request_exception = False  # a 500 is a status to assert on, not an exception
    return client


def test_username_over_255_characters_at_login(client_zonder_exceptions, werkcoach):
    response = client_zonder_exceptions.post(
        reverse("login"), {"username": "a" * 300, "password": WACHTWOORD}
    )
    assert response.status_code in {200, 400}
    assert "gebruikersnaam" in response.content.decode().lower()


def test_afwerken_abc_on_the_action_list(client_as, projectleider, loket):
    client = client_as(projectleider)
    client.raise_request_exception = False
    actie = Actie.objects.create(
        loket=loket, actie="Bellen", wie="PL", wanneer=datetime.date.today()
    )
    for waarde in ["abc", "²", "99999999999999999999999", "-1"]:
        response = client.post(reverse("monitor:actielijst"), {"afwerken": waarde})
        assert response.status_code == 404, waarde
    actie.refresh_from_db()
    assert actie.afgewerkt_op is None


def test_bewerk_superscript_on_the_qualifications_page(client_as, functioneel_beheerder):
    client = client_as(functioneel_beheerder)
    client.raise_request_exception = False
    for waarde in ["²", "٣", "99999999999999999999999"]:
        response = client.get(reverse("trajecten:kwalificaties"), {"bewerk": waarde})
        assert response.status_code == 200, waarde
    response = client.post(reverse("trajecten:kwalificaties"), {"pk": "²", "crebo": "x"})
    assert response.status_code == 400
    assert not Kwalificatie.objects.filter(crebo="x").exists()


@pytest.mark.parametrize("code", ["nieuwe_klanten", "evc_gestart", "warme_overdrachten"])
def test_unknown_dimensie_on_the_drill_down(client_as, projectleider, code):
    client = client_as(projectleider)
    client.raise_request_exception = False
    response = client.get(
        reverse("monitor:records", args=[code]), {"dimensie": "bestaat_niet", "waarde": "x"}
    )
    assert response.status_code == 404


def test_nul_byte_in_waarde_on_the_drill_down(client_as, projectleider):
    client = client_as(projectleider)
    client.raise_request_exception = False
    response = client.get(
        reverse("monitor:records", args=["nieuwe_klanten"]),
        {"dimensie": "gemeente", "waarde": "Haarlem\x00"},
    )
    assert response.status_code == 400
    assert "ongeldig teken" in response.content.decode()


def test_trajecten_tot_9999_12_31(client_as, werkcoach):
    client = client_as(werkcoach)
    client.raise_request_exception = False
    for params in [{"tot": "9999-12-31"}, {"van": "0001-01-01"}, {"van": "9999-12-31"}]:
        response = client.get(reverse("trajecten:list"), params)
        assert response.status_code == 400, params
        assert "Vul een datum tussen 01-01-1900 en 31-12-2100 in." in response.content.decode()


def test_nul_byte_in_the_budget_csv_import(client_as, projectleider):
    client = client_as(projectleider)
    client.raise_request_exception = False
    csv = (
        "Kant;Naam;Categorie of soort;Partner;Vorm;Bedrag\n"
        "kosten;Materi\x00le kosten;materiële kosten;;;35.000\n"
    ).encode()
    response = client.post(
        reverse("financiering:import", args=[2026]),
        {"bestand": SimpleUploadedFile("b.csv", csv), "datum": "2026-01-10"},
    )
    assert response.status_code == 400
    assert "nul-teken" in response.content.decode()
    assert not Boeking.objects.exists() and not Kostenpost.objects.exists()
