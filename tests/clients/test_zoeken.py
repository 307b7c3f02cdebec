"""Search as people search: a full name in either order, parts of a name, and "mijn klanten"
first."""

import pytest
from django.urls import reverse

from clients import selectors

from ..conftest import login_met_tweede_factor
from ..factories import IntakeFactory, KlantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def umut(loket):
    KlantFactory(loket=loket, voornaam="Umar", achternaam="Bakkal")
    KlantFactory(loket=loket, voornaam="Jan", tussenvoegsel="de", achternaam="Bakker")
    return KlantFactory(loket=loket, voornaam="Umut", tussenvoegsel="", achternaam="Bakker")


@pytest.mark.parametrize(
    "zoekterm", ["Umut Bakker", "Bakker Umut", "bakker, umut", "umu bak", "  UMUT   BAKKER "]
)
def test_a_full_or_partial_name_in_any_order_finds_the_client(loket, umut, zoekterm):
    assert list(selectors.klantenlijst(loket, zoekterm=zoekterm)) == [umut]


def test_one_word_finds_everyone_with_it(loket, umut):
    namen = {k.voornaam for k in selectors.klantenlijst(loket, zoekterm="bakker")}
    assert namen == {"Umut", "Jan"}
    assert list(selectors.klantenlijst(loket, zoekterm="Jan de Bakker"))[0].voornaam == "Jan"


def test_client_number_and_postcode_still_find(loket, umut):
    assert list(selectors.klantenlijst(loket, zoekterm=umut.klantnummer)) == [umut]


def test_my_clients_come_first(client, loket, werkcoach, umut):
    mijn = KlantFactory(loket=loket, voornaam="Zeno", achternaam="Zwart")
    IntakeFactory(klant=mijn, werkcoach=werkcoach)
    login_met_tweede_factor(client, werkcoach)
    gewoon = client.get(reverse("clients:klant_list"))
    assert gewoon.context["pagina"].object_list[-1] == mijn
    eerst = client.get(reverse("clients:klant_list"), {"mijn_eerst": "on"})
    assert eerst.context["pagina"].object_list[0] == mijn


def test_the_search_form_finds_by_full_name(client, loket, werkcoach, umut):
    login_met_tweede_factor(client, werkcoach)
    response = client.get(reverse("clients:klant_list"), {"q": "Bakker Umut"})
    assert list(response.context["pagina"].object_list) == [umut]
