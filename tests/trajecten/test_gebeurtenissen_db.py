"""The database itself keeps the event history append-only, and two sessions advancing the same
trajectory at once leave exactly one event."""

import threading
import types

import pytest
from django.db import DatabaseError, connection, connections, transaction

from trajecten import services
from trajecten.constants import Status
from trajecten.models import TrajectGebeurtenis

from .factories import TrajectFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE trajecten_trajectgebeurtenis SET naar_status = 'certificaat' WHERE id = %s",
        "DELETE FROM trajecten_trajectgebeurtenis WHERE id = %s",
    ],
)
def test_database_refuses_update_and_delete(sql, loket):
    traject = TrajectFactory(klant__loket=loket)
    gebeurtenis = traject.gebeurtenissen.get()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [gebeurtenis.pk])
    gebeurtenis.refresh_from_db()
    assert gebeurtenis.naar_status == Status.AANGEMELD


@pytest.mark.django_db
def test_orm_update_is_refused_too(loket):
    traject = TrajectFactory(klant__loket=loket)
    with pytest.raises(DatabaseError), transaction.atomic():
        TrajectGebeurtenis.objects.filter(traject=traject).update(reden="achteraf aangepast")


@pytest.mark.django_db
def test_database_refuses_truncate(loket):
    TrajectFactory(klant__loket=loket)
    # Fire the deferred foreign-key checks of the inserts above first, so TRUNCATE reaches the
    # trigger instead of failing on "pending trigger events".
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL leerwerkloket.test_flush = off")
        cursor.execute("TRUNCATE trajecten_trajectgebeurtenis CASCADE")
    assert TrajectGebeurtenis.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_transitions_leave_one_event(loket, werkcoach, projectleider):
    traject = TrajectFactory(klant__loket=loket)
    start = threading.Barrier(2)
    uitkomsten: list[str] = []

    def stap(user):
        try:
            start.wait(timeout=10)
            services.voer_stap_uit(
                types.SimpleNamespace(user=user),
                traject.pk,
                "naar_intake",
                verwacht=Status.AANGEMELD,
            )
            uitkomsten.append("gelukt")
        except services.TrajectFout as fout:
            uitkomsten.append(str(fout))
        finally:
            connections.close_all()

    draden = [threading.Thread(target=stap, args=(u,)) for u in (werkcoach, projectleider)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=30)
    assert sorted(uitkomsten)[1] == "gelukt"
    assert uitkomsten.count("gelukt") == 1
    assert any("intussen door iemand anders gewijzigd" in u for u in uitkomsten)
    assert traject.gebeurtenissen.filter(naar_status=Status.INTAKE).count() == 1
    traject.refresh_from_db()
    assert traject.status == Status.INTAKE


@pytest.mark.django_db(transaction=True)
def test_row_lock_makes_second_session_wait(loket, werkcoach):
    """While one session holds the trajectory, another session's step waits and then sees the
    new stage instead of applying the same step a second time."""
    traject = TrajectFactory(klant__loket=loket)
    vergrendeld = threading.Event()
    loslaten = threading.Event()
    uitkomst: list[str] = []

    def eerste():
        try:
            with transaction.atomic():
                services.voer_stap_uit(
                    types.SimpleNamespace(user=werkcoach), traject.pk, "naar_intake"
                )
                vergrendeld.set()
                loslaten.wait(timeout=10)
        finally:
            connections.close_all()

    def tweede():
        try:
            vergrendeld.wait(timeout=10)
            services.voer_stap_uit(types.SimpleNamespace(user=werkcoach), traject.pk, "naar_intake")
            uitkomst.append("gelukt")
        except services.TrajectFout as fout:
            uitkomst.append(str(fout))
        finally:
            connections.close_all()

    a, b = threading.Thread(target=eerste), threading.Thread(target=tweede)
    a.start()
    b.start()
    vergrendeld.wait(timeout=10)
    b.join(timeout=1)
    assert b.is_alive()  # waiting for the row lock
    loslaten.set()
    a.join(timeout=10)
    b.join(timeout=10)
    assert len(uitkomst) == 1 and "kan niet vanuit het stadium 'Intake'" in uitkomst[0]
    assert traject.gebeurtenissen.count() == 2
