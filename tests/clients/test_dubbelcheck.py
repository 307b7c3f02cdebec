"""The duplicate check while typing, and "nieuwe intake voor deze klant" keeping what was typed."""

import datetime

import pytest
from django.urls import reverse

from clients.models import Intake
from loket.models import Verwerking

from ..conftest import login_met_tweede_factor
from ..factories import KlantFactory
from .test_intake import VANDAAG, intake_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def jan(loket):
    return KlantFactory(
        loket=loket,
        voornaam="Jan",
        tussenvoegsel="de",
        achternaam="Vries",
        geboortedatum=datetime.date(1985, 3, 14),
        telefoon="023-5123456",
        email="jan@example.org",
    )


@pytest.mark.parametrize(
    "vraag",
    [
        {
            "voornaam": "jan",
            "tussenvoegsel": "De",
            "achternaam": "vries",
            "geboortedatum": "14-03-1985",
        },
        {"email": "JAN@example.org"},
        {"voornaam": "x", "email": "jan@example.org", "geboortedatum": "14-03-19"},
    ],
)
def test_name_and_birth_date_or_email_find_the_client_while_typing(client, werkcoach, jan, vraag):
    login_met_tweede_factor(client, werkcoach)
    response = client.get(reverse("clients:dubbelcheck"), vraag)
    assert response.status_code == 200
    assert jan.klantnummer in response.content.decode()
    assert Verwerking.objects.filter(klant_id=jan.pk, actie=Verwerking.Actie.GEZOCHT).exists()


@pytest.mark.parametrize(
    "vraag",
    [
        {"voornaam": "Jan", "achternaam": "Vries"},  # no birth date yet
        {"voornaam": "Jan", "achternaam": "Vries", "geboortedatum": "14-03"},  # half typed
        {"email": "jan@exam"},
        {"geboortedatum": "31-13-2020", "email": "<script>"},
    ],
)
def test_too_little_or_unreadable_input_finds_nobody_and_never_fails(client, werkcoach, jan, vraag):
    login_met_tweede_factor(client, werkcoach)
    response = client.get(reverse("clients:dubbelcheck"), vraag)
    assert response.status_code == 200
    assert jan.klantnummer not in response.content.decode()


def test_another_lokets_client_is_never_shown(client, werkcoach_elders, jan):
    login_met_tweede_factor(client, werkcoach_elders)
    response = client.get(reverse("clients:dubbelcheck"), {"email": "jan@example.org"})
    assert jan.klantnummer not in response.content.decode()


def test_new_intake_for_the_existing_client_keeps_what_was_typed(client, werkcoach, jan):
    login_met_tweede_factor(client, werkcoach)
    url = reverse("clients:vervolgintake", args=[jan.pk])
    getypt = intake_post(
        werkcoach,
        kanaal="telefoon",
        hoofddoel="erkenning",
        verwijzer="gemeente",
        datum=(VANDAAG - datetime.timedelta(days=2)).isoformat(),
        telefoon="06-12345678",
        email="jan@example.org",
        notities="Belt terug",
        overnemen="1",
    )
    response = client.post(url, getypt)
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound
    assert form["kanaal"].value() == "telefoon"
    assert form["hoofddoel"].value() == "erkenning"
    assert form["verwijzer"].value() == "gemeente"
    assert form["datum"].value() == VANDAAG - datetime.timedelta(days=2)
    bijwerken = response.context["bijwerken"]
    assert bijwerken.zichtbare_velden() == ["telefoon"]  # the e-mail is the same
    assert "Nieuw telefoonnummer 0612345678 opslaan" in response.content.decode()
    assert not Intake.objects.filter(klant=jan).exists()

    # Submitting with the new number ticked: one intake, the client's phone updated.
    data = {naam: form[naam].value() or "" for naam in form.fields}
    data |= {"werkcoach": werkcoach.pk, "telefoon": "06-12345678", "telefoon_overnemen": "on"}
    data["datum"] = data["datum"].isoformat()
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    jan.refresh_from_db()
    assert jan.telefoon == "0612345678" and jan.email == "jan@example.org"
    intake = Intake.objects.get(klant=jan)
    assert (intake.kanaal, intake.hoofddoel, intake.verwijzer) == (
        "telefoon",
        "erkenning",
        "gemeente",
    )


def test_the_new_phone_is_kept_only_when_ticked(client, werkcoach, jan):
    login_met_tweede_factor(client, werkcoach)
    url = reverse("clients:vervolgintake", args=[jan.pk])
    data = intake_post(werkcoach, telefoon="06-12345678")
    response = client.post(url, data)
    assert response.status_code == 302
    jan.refresh_from_db()
    assert jan.telefoon == "023-5123456"
