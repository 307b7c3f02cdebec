"""A client's file closed outside a trajectory: uitstroom with a reason, in the timeline; a later
intake reopens it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import Dossierafsluiting
from clients.privacy import anonimiseer_klant
from loket.models import Verwerking

from ..conftest import login_met_tweede_factor
from ..factories import IntakeFactory, KlantFactory

pytestmark = pytest.mark.django_db
VANDAAG = timezone.localdate()


def test_closing_a_file_with_uitstroom_and_reason(client, werkcoach, loket):
    klant = KlantFactory(loket=loket)
    IntakeFactory(klant=klant, datum=VANDAAG - datetime.timedelta(days=10))
    login_met_tweede_factor(client, werkcoach)
    url = reverse("clients:dossier_sluiten", args=[klant.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"datum": VANDAAG.isoformat(), "uitstroom": "werk", "reden": "Vaste baan bij Zorggroep"},
    )
    assert response.status_code == 302
    afsluiting = Dossierafsluiting.objects.get(klant=klant)
    assert (afsluiting.uitstroom, afsluiting.door) == ("werk", werkcoach)
    pagina = client.get(klant.get_absolute_url()).content.decode()
    assert "Dossier gesloten sinds" in pagina and "Vaste baan bij Zorggroep" in pagina
    assert "Dossier sluiten</a>" not in pagina
    assert Verwerking.objects.filter(
        klant_id=klant.pk, onderwerp="dossier gesloten: uitstroom naar werk"
    ).exists()

    # A new intake afterwards reopens the file; the closing stays in the timeline.
    IntakeFactory(klant=klant, datum=VANDAAG)
    pagina = client.get(klant.get_absolute_url()).content.decode()
    assert "Dossier gesloten sinds" not in pagina and "Vaste baan bij Zorggroep" in pagina


def test_closing_needs_a_reason_and_an_uitstroom(client, werkcoach, loket):
    klant = KlantFactory(loket=loket)
    login_met_tweede_factor(client, werkcoach)
    url = reverse("clients:dossier_sluiten", args=[klant.pk])
    response = client.post(url, {"datum": VANDAAG.isoformat(), "uitstroom": "", "reden": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kies waar de klant naartoe is uitgestroomd." in html
    assert "Vul de toelichting in" in html
    assert not Dossierafsluiting.objects.exists()


def test_anonymising_clears_the_reason(client, werkcoach, loket):
    klant = KlantFactory(loket=loket)
    login_met_tweede_factor(client, werkcoach)
    client.post(
        reverse("clients:dossier_sluiten", args=[klant.pk]),
        {"datum": VANDAAG.isoformat(), "uitstroom": "anders", "reden": "Jan belde: verhuist"},
    )
    anonimiseer_klant(klant, reden="test")
    assert Dossierafsluiting.objects.get(klant=klant).reden == "Geanonimiseerd"
    url = reverse("clients:dossier_sluiten", args=[klant.pk])
    assert client.get(url).status_code == 404
