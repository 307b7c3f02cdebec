import datetime

import pytest
from django.urls import reverse

from clients.models import Intake, Klant
from loket.models import Verwerking

from ..factories import IntakeFactory, KlantFactory


def intake_post(**overrides):
    data = {
        "voornaam": "Jan",
        "tussenvoegsel": "de",
        "achternaam": "Vries",
        "geboortedatum": "1985-03-14",
        "postcode": "2011ab",
        "woongemeente": "",
        "telefoon": "023-5123456",
        "email": "Jan.de.Vries@Example.org",
        "doelgroep": "ww",
        "opleidingsniveau": "vmbo",
        "datum": datetime.date.today().isoformat(),
        "kanaal": "bezoek",
        "hoofddoel": "scholing",
        "verwijzer": "uwv",
        "toestemming_delen": "on",
        "notities": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_intake_creates_client_with_number_and_normalised_fields(client_as, werkcoach):
    client = client_as(werkcoach)
    response = client.post(reverse("clients:intake"), intake_post(werkcoach=werkcoach.pk))
    klant = Klant.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("clients:klant_detail", args=[klant.pk])
    assert klant.klantnummer == f"TEST-{datetime.date.today().year}-000001"
    assert klant.postcode == "2011 AB"
    assert klant.telefoon == "0235123456"
    assert klant.email == "jan.de.vries@example.org"
    intake = Intake.objects.get()
    assert intake.klant == klant and intake.loket == werkcoach.loket
    assert intake.toestemming_datum == intake.datum
    assert Verwerking.objects.filter(klant_id=klant.pk, actie="aangemaakt").exists()
