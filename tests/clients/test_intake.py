"""The intake journey: registering a client, the duplicate check, and bad input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import Intake, Klant
from loket.models import Verwerking

from ..factories import KlantFactory

VANDAAG = timezone.localdate()


def intake_post(coach, **overrides):
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
        "datum": VANDAAG.isoformat(),
        "kanaal": "bezoek",
        "hoofddoel": "scholing",
        "verwijzer": "uwv",
        "werkcoach": coach.pk,
        "toestemming_delen": "on",
        "notities": "",
    }
    data.update(overrides)
    return data


def test_intake_creates_client_with_number_and_normalised_fields(client_as, werkcoach):
    response = client_as(werkcoach).post(reverse("clients:intake"), intake_post(werkcoach))
    klant = Klant.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("clients:klant_detail", args=[klant.pk])
    assert klant.klantnummer == f"TEST-{VANDAAG.year}-000001"
    assert (klant.postcode, klant.telefoon) == ("2011 AB", "0235123456")
    assert klant.email == "jan.de.vries@example.org"
    assert klant.startkwalificatie is False
    intake = Intake.objects.get()
    assert intake.klant == klant and intake.loket == werkcoach.loket
    assert intake.toestemming_datum == intake.datum
    assert Verwerking.objects.filter(klant_id=klant.pk, actie="aangemaakt").exists()


def test_client_numbers_count_up_per_loket(client_as, werkcoach):
    client = client_as(werkcoach)
    client.post(reverse("clients:intake"), intake_post(werkcoach))
    client.post(
        reverse("clients:intake"),
        intake_post(
            werkcoach, voornaam="Piet", email="piet@example.org", geboortedatum="1970-01-02"
        ),
    )
    nummers = sorted(Klant.objects.values_list("klantnummer", flat=True))
    assert nummers == [f"TEST-{VANDAAG.year}-000001", f"TEST-{VANDAAG.year}-000002"]


def test_mbo2_gives_startkwalificatie_automatically(client_as, werkcoach):
    client_as(werkcoach).post(
        reverse("clients:intake"), intake_post(werkcoach, opleidingsniveau="mbo2")
    )
    assert Klant.objects.get().startkwalificatie is True


class TestDuplicateCheck:
    @pytest.fixture
    def bestaande(self, loket):
        return KlantFactory(
            loket=loket,
            voornaam="Jan",
            tussenvoegsel="de",
            achternaam="Vries",
            geboortedatum=datetime.date(1985, 3, 14),
            email="ander@example.org",
        )

    def test_same_name_and_birth_date_shows_existing_client(self, client_as, werkcoach, bestaande):
        # Written differently: capitals, tussenvoegsel typed into the surname field.
        response = client_as(werkcoach).post(
            reverse("clients:intake"),
            intake_post(werkcoach, voornaam="JAN", tussenvoegsel="", achternaam="De Vries"),
        )
        assert response.status_code == 200
        assert "Deze klant bestaat mogelijk al" in response.content.decode()
        assert reverse("clients:klant_detail", args=[bestaande.pk]) in response.content.decode()
        assert Klant.objects.count() == 1  # nothing created yet
        assert Verwerking.objects.filter(
            klant_id=bestaande.pk, actie="gezocht", onderwerp="dubbelcheck intake"
        ).exists()

    def test_same_email_shows_existing_client(self, client_as, werkcoach, bestaande):
        response = client_as(werkcoach).post(
            reverse("clients:intake"),
            intake_post(
                werkcoach, voornaam="Anders", achternaam="Iemand", email="ANDER@example.org"
            ),
        )
        assert bestaande.klantnummer in response.content.decode()
        assert Klant.objects.count() == 1

    def test_confirmed_different_person_is_registered(self, client_as, werkcoach, bestaande):
        response = client_as(werkcoach).post(
            reverse("clients:intake"), intake_post(werkcoach, toch_nieuw="on")
        )
        assert response.status_code == 302
        assert Klant.objects.count() == 2

    def test_client_of_another_loket_is_not_a_duplicate(self, client_as, werkcoach, ander_loket):
        KlantFactory(
            loket=ander_loket,
            voornaam="Jan",
            tussenvoegsel="de",
            achternaam="Vries",
            geboortedatum=datetime.date(1985, 3, 14),
        )
        response = client_as(werkcoach).post(reverse("clients:intake"), intake_post(werkcoach))
        assert response.status_code == 302


@pytest.mark.parametrize(
    ("veld", "waarde", "melding"),
    [
        ("postcode", "12345", "geldige Nederlandse postcode"),
        ("postcode", "0123 AB", "geldige Nederlandse postcode"),
        ("postcode", "1234 SS", "geldige Nederlandse postcode"),
        ("email", "geen-email", "geldig e-mailadres"),
        ("telefoon", "12", "geldig telefoonnummer"),
        ("telefoon", "06123456789", "10 cijfers"),
        ("geboortedatum", (VANDAAG + datetime.timedelta(days=1)).isoformat(), "toekomst"),
        ("geboortedatum", "2023-02-30", "geldige datum"),
        ("geboortedatum", "1850-01-01", "na 1900"),
        ("geboortedatum", (VANDAAG - datetime.timedelta(days=365 * 5)).isoformat(), "minstens 12"),
        ("datum", (VANDAAG + datetime.timedelta(days=3)).isoformat(), "toekomst"),
        ("datum", "2001-01-01", "hoogstens een jaar"),
        ("kanaal", "fax", "geldige keuze"),
        ("voornaam", "", "verplicht"),
        ("voornaam", "x" * 200, "niet meer dan 80 tekens"),
        ("notities", "Klant gaf BSN 111222333 op", "Dit lijkt een BSN"),
    ],
)
def test_bad_input_gives_dutch_error_and_keeps_input(client_as, werkcoach, veld, waarde, melding):
    response = client_as(werkcoach).post(
        reverse("clients:intake"), intake_post(werkcoach, **{veld: waarde})
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert melding in html
    assert 'id="foutoverzicht"' in html and f'href="#id_{veld}"' in html
    assert 'value="Vries"' in html  # what the user typed is kept
    assert Klant.objects.count() == 0 and Intake.objects.count() == 0


def test_phone_or_email_required(client_as, werkcoach):
    response = client_as(werkcoach).post(
        reverse("clients:intake"), intake_post(werkcoach, telefoon="", email="")
    )
    assert response.status_code == 400
    assert "telefoonnummer of een e-mailadres" in response.content.decode()


def test_werkcoach_of_another_loket_cannot_be_chosen(client_as, werkcoach, werkcoach_elders):
    response = client_as(werkcoach).post(
        reverse("clients:intake"), intake_post(werkcoach, werkcoach=werkcoach_elders.pk)
    )
    assert response.status_code == 400
    assert Klant.objects.count() == 0
