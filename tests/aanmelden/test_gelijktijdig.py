"""Two citizens book the same slot at the same moment, each in its own database session: exactly
one gets it, the other is told the slot is taken. And the queue's query count does not grow with
the number of sign-ups."""

import datetime
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aanmelden import services
from aanmelden.models import Aanmelding, Tijdslot

from ..factories import LoketFactory, UserFactory
from .test_aanmelden import aanmelding_van


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_of_one_slot():
    loket = LoketFactory(code="GELIJK")
    slot = Tijdslot.objects.create(
        loket=loket,
        werkcoach=UserFactory(loket=loket),
        start=timezone.now() + datetime.timedelta(days=1),
    )
    start = threading.Barrier(2)
    uitkomsten = []

    def boek(n):
        from django.db import connections

        try:
            start.wait()
            services.meld_aan(
                loket=loket,
                gegevens={
                    "voornaam": f"Persoon{n}",
                    "tussenvoegsel": "",
                    "achternaam": "Test",
                    "geboortedatum": datetime.date(1990, 1, 1),
                    "email": f"p{n}@example.org",
                    "telefoon": "",
                    "postcode": "",
                    "hoofddoel": "scholing",
                    "vraag": "",
                },
                tijdslot_id=slot.pk,
            )
            uitkomsten.append("geboekt")
        except services.TijdslotBezet:
            uitkomsten.append("bezet")
        finally:
            connections.close_all()

    draden = [threading.Thread(target=boek, args=(n,)) for n in range(2)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(30)
    assert sorted(uitkomsten) == ["bezet", "geboekt"]
    assert Aanmelding.objects.filter(tijdslot=slot).count() == 1


def test_queue_query_count_does_not_grow(client_as, werkcoach, loket):
    client = client_as(werkcoach)
    aanmelding_van(loket)
    client.get(reverse("aanmeldingen:list"))
    with CaptureQueriesContext(connection) as een:
        client.get(reverse("aanmeldingen:list"))
    for n in range(20):
        # each with an appointment at its own werkcoach: the row shows both
        slot = Tijdslot.objects.create(
            loket=loket,
            werkcoach=UserFactory(loket=loket),
            start=timezone.now() + datetime.timedelta(days=1, minutes=n),
        )
        aanmelding_van(loket, email=f"n{n}@example.org", tijdslot=slot)
    with CaptureQueriesContext(connection) as twintig:
        client.get(reverse("aanmeldingen:list"))
    assert len(twintig) == len(een)
