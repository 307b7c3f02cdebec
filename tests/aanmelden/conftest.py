import datetime

import pytest
from django.utils import timezone

from aanmelden.models import Tijdslot

from .smtp import smtp  # noqa: F401 - fixture


@pytest.fixture
def tijdslot(loket, werkcoach):
    morgen = timezone.localdate() + datetime.timedelta(days=2)
    return Tijdslot.objects.create(
        loket=loket,
        werkcoach=werkcoach,
        start=timezone.make_aware(datetime.datetime.combine(morgen, datetime.time(10, 0))),
        duur_minuten=30,
    )


def aanmeld_post(**extra):
    data = {
        "voornaam": "Fatima",
        "tussenvoegsel": "",
        "achternaam": "El Amrani",
        "geboortedatum": "1988-06-01",
        "email": "fatima@example.org",
        "telefoon": "06-12345678",
        "postcode": "2011ab",
        "hoofddoel": "erkenning",
        "vraag": "Ik wil mijn ervaring in de zorg laten erkennen.",
        "tijdslot": "",
        "toestemming": "on",
        "website": "",
    }
    data.update(extra)
    return data
