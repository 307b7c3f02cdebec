"""Closed quarters: nothing is booked in them (service and database); a quarter closes only after it
has ended in Europe/Amsterdam, and only once. Corrections go into the open period."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from freezegun import freeze_time

from financiering import selectors, services
from financiering.constants import BoekingSoort
from financiering.models import Boeking, Kwartaalafsluiting

from .factories import BegrotingFactory, KostenpostFactory


@pytest.fixture
def post(loket):
    return KostenpostFactory(begroting=BegrotingFactory(loket=loket, jaar=2026))


def uitgave(post, datum=None, bedrag="10.00"):
    return services.boek(
        loket=post.begroting.loket,
        jaar=2026,
        soort=BoekingSoort.UITGAVE,
        kostenpost=post,
        bedrag=Decimal(bedrag),
        datum=datum,
    )


@pytest.mark.django_db
def test_quarter_closes_only_after_it_ended_in_amsterdam(loket):
    # 31-03-2026 23:30 in Amsterdam (CEST, UTC+2) is still Q1: it cannot be closed yet.
    with (
        freeze_time("2026-03-31 21:30:00"),
        pytest.raises(ValidationError, match="nog niet voorbij"),
    ):
        services.sluit_kwartaal(loket, 2026, 1)
    # Half an hour later it is 01-04 in Amsterdam (while still 31-03 in UTC).
    with freeze_time("2026-03-31 22:30:00"):
        services.sluit_kwartaal(loket, 2026, 1)
    with freeze_time("2026-04-02"), pytest.raises(ValidationError, match="al afgesloten"):
        services.sluit_kwartaal(loket, 2026, 1)
    assert Kwartaalafsluiting.objects.filter(loket=loket).count() == 1


@pytest.mark.django_db
def test_booking_in_closed_quarter_refused_correction_in_open_period(loket, post):
    with freeze_time("2026-03-31 12:00:00"):
        fout = uitgave(post, bedrag="250.00")  # dated today: 31-03, Q1
        assert fout.datum == datetime.date(2026, 3, 31)
    with freeze_time("2026-03-31 22:30:00"):  # 00:30 on 1 April in Amsterdam
        services.sluit_kwartaal(loket, 2026, 1)
        with pytest.raises(ValidationError, match="Kwartaal 1 van 2026 is afgesloten"):
            uitgave(post, datum=datetime.date(2026, 3, 31))
        with pytest.raises(ValidationError, match="afgesloten"):
            services.tegenboek(fout, reden="Te hoog", datum=datetime.date(2026, 3, 15))
        # Today's date is 1 April locally: booking and correction land in open Q2.
        nieuw = uitgave(post)
        assert nieuw.datum == datetime.date(2026, 4, 1)
        tegen = services.tegenboek(fout, reden="Te hoog")
        assert tegen.datum == datetime.date(2026, 4, 1)
    assert selectors.saldo(loket, 2026, BoekingSoort.UITGAVE, kostenpost=post) == Decimal("10.00")


@pytest.mark.django_db
def test_database_refuses_booking_in_closed_quarter(loket, post):
    with freeze_time("2026-07-01 10:00:00"):
        services.sluit_kwartaal(loket, 2026, 2)
    with pytest.raises(DatabaseError, match="afgesloten"), transaction.atomic():
        Boeking.objects.create(
            loket=loket,
            jaar=2026,
            datum=datetime.date(2026, 5, 5),
            soort=BoekingSoort.UITGAVE,
            kostenpost=post,
            bedrag=Decimal("1"),
        )
    # Another loket's closing does not affect this loket, and Q1/Q3 stay open.
    uitgave(post, datum=datetime.date(2026, 3, 31))
    uitgave(post, datum=datetime.date(2026, 7, 1))


@pytest.mark.django_db
def test_closing_is_append_only(loket):
    with freeze_time("2026-10-01"):
        afsluiting = services.sluit_kwartaal(loket, 2026, 3)
    with pytest.raises(DatabaseError), transaction.atomic():
        afsluiting.delete()
    with pytest.raises(ValidationError, match="kwartaal 1 tot en met 4"):
        services.sluit_kwartaal(loket, 2026, 5)


@pytest.mark.django_db(transaction=True)
def test_booking_racing_a_quarter_closing_is_refused(loket, post):
    """A booking inserted while the quarter is being closed waits for the closing and is then
    refused by the database, even though the service's own check ran before the closing committed."""
    import threading
    import time

    from django.db import connection

    gesloten, gestart = threading.Event(), threading.Event()
    uitkomst = {}

    def sluit():
        try:
            with transaction.atomic():
                services.sluit_kwartaal(loket, 2026, 1)
                gesloten.set()
                gestart.wait(5)
                time.sleep(0.5)  # the booking is now waiting for the lock
        finally:
            connection.close()

    def boek():
        gesloten.wait(5)
        gestart.set()
        try:
            uitgave(post, datum=datetime.date(2026, 3, 20))
            uitkomst["fout"] = None
        except ValidationError as exc:
            uitkomst["fout"] = " ".join(exc.messages)
        finally:
            connection.close()

    with freeze_time("2026-04-10 10:00:00"):
        draden = [threading.Thread(target=sluit), threading.Thread(target=boek)]
        for draad in draden:
            draad.start()
        for draad in draden:
            draad.join(20)
    assert uitkomst["fout"] and "afgesloten" in uitkomst["fout"]
    assert not Boeking.objects.filter(datum=datetime.date(2026, 3, 20)).exists()
