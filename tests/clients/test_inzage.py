"""The right of access: the beheerder exports everything stored about one client, logged."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.inzage import gegevens_van
from loket.models import Verwerking

from ..conftest import login_met_tweede_factor
from ..factories import ContactmomentFactory, IntakeFactory, KlantFactory
from ..trajecten.factories import TrajectFactory

pytestmark = pytest.mark.django_db


def test_the_export_holds_everything_about_the_client(client, beheerder, loket):
    klant = KlantFactory(loket=loket, voornaam="Umut", achternaam="Bakker")
    IntakeFactory(klant=klant, notities="Wil de zorg in")
    ContactmomentFactory(klant=klant, notitie="Gebeld")
    TrajectFactory(klant=klant)
    ander = KlantFactory(loket=loket, voornaam="Niet", achternaam="Deze")
    IntakeFactory(klant=ander, notities="Van een ander")
    login_met_tweede_factor(client, beheerder)
    assert client.get(reverse("privacy:inzageverzoek")).status_code == 200
    response = client.post(
        reverse("privacy:inzageverzoek"), {"klantnummer": klant.klantnummer, "reden": "AVG-15"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'inzage-{klant.klantnummer}.json"')
    inhoud = json.loads(response.content)
    assert inhoud["klant"]["voornaam"] == "Umut"
    gegevens = inhoud["gegevens"]
    assert [i["notities"] for i in gegevens["clients.intake"]] == ["Wil de zorg in"]
    assert [c["notitie"] for c in gegevens["clients.contactmoment"]] == ["Gebeld"]
    assert len(gegevens["trajecten.traject"]) == 1
    assert gegevens["trajecten.trajectgebeurtenis"]  # the trajectory's events, one level down
    assert "Van een ander" not in response.content.decode()
    assert Verwerking.objects.filter(
        klant_id=klant.pk, actie=Verwerking.Actie.GEEXPORTEERD, onderwerp="inzageverzoek: AVG-15"
    ).exists()


def test_an_unknown_or_other_lokets_number_is_refused(client, beheerder, ander_loket):
    elders = KlantFactory(loket=ander_loket)
    login_met_tweede_factor(client, beheerder)
    response = client.post(
        reverse("privacy:inzageverzoek"), {"klantnummer": elders.klantnummer, "reden": "x"}
    )
    assert response.status_code == 400
    assert "Geen klant met dit klantnummer in uw loket." in response.content.decode()


def test_only_the_privacy_right_may_export(client, werkcoach):
    login_met_tweede_factor(client, werkcoach)
    assert client.get(reverse("privacy:inzageverzoek")).status_code == 403


def test_the_export_queries_per_table_not_per_row(loket):
    def tellen(klant):
        with CaptureQueriesContext(connection) as queries:
            gegevens = gegevens_van(klant)
        return len(queries), gegevens

    een = KlantFactory(loket=loket)
    IntakeFactory(klant=een)
    ContactmomentFactory(klant=een)
    TrajectFactory(klant=een)
    veel = KlantFactory(loket=loket)
    IntakeFactory.create_batch(4, klant=veel)
    ContactmomentFactory.create_batch(6, klant=veel)
    TrajectFactory.create_batch(5, klant=veel)
    weinig_queries, _ = tellen(een)
    veel_queries, gegevens = tellen(veel)
    assert len(gegevens["gegevens"]["trajecten.traject"]) == 5  # the rows are there
    assert veel_queries == weinig_queries
