"""The database is away (restart, failover): the user gets a 503 page that says whether the input
was saved, never a 500; /healthz answers 503 JSON. Unit level: the failures are simulated by
patching; tests/fouten/test_postgres_herstart.py restarts a real PostgreSQL under gunicorn."""

import logging
from unittest import mock

import psycopg
import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import IntegrityError, InterfaceError, OperationalError
from django.urls import reverse
from django.utils import timezone

from clients.models import Klant
from loket.middleware import RETRY_AFTER, database_onbereikbaar

NIET_OPGESLAGEN = "Wat u net invoerde is niet opgeslagen"
MISSCHIEN_OPGESLAGEN = "Wat u net invoerde is misschien toch opgeslagen"


def verbinding_weg(*args, **kwargs):
    """What Django raises when psycopg cannot reach the server (client side: no SQLSTATE)."""
    raise OperationalError("connection failed: server closed the connection unexpectedly") from (
        psycopg.OperationalError("server closed the connection unexpectedly")
    )


def intake_gegevens(coach, achternaam="Weggeweest"):
    return {
        "voornaam": "Dirk",
        "tussenvoegsel": "",
        "achternaam": achternaam,
        "geboortedatum": "1979-06-02",
        "postcode": "2011 AB",
        "woongemeente": "",
        "telefoon": "023-5123456",
        "email": "",
        "doelgroep": "ww",
        "opleidingsniveau": "vmbo",
        "datum": timezone.localdate().isoformat(),
        "kanaal": "bezoek",
        "hoofddoel": "scholing",
        "verwijzer": "uwv",
        "werkcoach": coach.pk,
        "notities": "",
    }


@pytest.fixture
def coach_client(client_as, werkcoach):
    client = client_as(werkcoach)
    # Errors raised outside the view reach the test client's got_request_exception hook too;
    # the point here is the response the user gets, not the re-raised exception.
    client.raise_request_exception = False
    return client


def assert_503_pagina(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER)
    assert "no-store" in response["Cache-Control"]
    inhoud = response.content.decode()
    assert "De database is even niet bereikbaar" in inhoud
    assert "Probeer het over een paar seconden opnieuw" in inhoud
    return inhoud


def test_middleware_sits_outside_the_session_middleware():
    middleware = settings.MIDDLEWARE
    assert middleware.index("loket.middleware.DatabaseOnbereikbaarMiddleware") < middleware.index(
        "loket.middleware.SessionMiddleware"
    )
    assert "django.contrib.sessions.middleware.SessionMiddleware" not in middleware


def test_view_losing_the_database_gives_503_and_a_log_line(coach_client, caplog):
    with (
        mock.patch("clients.selectors.klantenlijst", side_effect=verbinding_weg),
        caplog.at_level(logging.WARNING, logger="loket.database"),
    ):
        response = coach_client.get(reverse("clients:klant_list"), {"q": "Jansen"})
    inhoud = assert_503_pagina(response)
    assert "opgeslagen" not in inhoud  # a page view: nothing was being saved
    [regel] = [r.getMessage() for r in caplog.records if r.name == "loket.database"]
    assert "GET /klanten/ -> 503" in regel
    assert "Jansen" not in regel  # no query string: search terms can be names


def test_failed_intake_says_nothing_was_saved_and_nothing_is(coach_client, werkcoach):
    with mock.patch("clients.services.volgend_klantnummer", side_effect=verbinding_weg):
        response = coach_client.post(reverse("clients:intake"), intake_gegevens(werkcoach))
    inhoud = assert_503_pagina(response)
    assert NIET_OPGESLAGEN in inhoud
    assert "Weggeweest" not in inhoud  # the page repeats no personal data
    assert not Klant.objects.exists()


def test_session_lost_before_the_view_gives_503_not_500(coach_client, werkcoach):
    # LoginRequiredMiddleware loads the session before the view: not in process_exception's reach.
    with mock.patch.object(SessionStore, "load", side_effect=verbinding_weg):
        pagina = coach_client.get(reverse("clients:klant_list"))
        formulier = coach_client.post(reverse("clients:intake"), intake_gegevens(werkcoach))
    assert "opgeslagen" not in assert_503_pagina(pagina)
    assert NIET_OPGESLAGEN in assert_503_pagina(formulier)
    assert not Klant.objects.exists()


def test_session_save_failing_after_the_commit_says_the_intake_may_be_saved(
    coach_client, werkcoach
):
    # The intake is committed, then SessionMiddleware saves the session on the way out and the
    # database is gone: "not saved" would be untrue, so the page asks to check first. (Django
    # itself would answer 400 "session interrupted": SessionStore.save hides the cause.)
    with mock.patch.object(Session, "save", side_effect=verbinding_weg):
        response = coach_client.post(reverse("clients:intake"), intake_gegevens(werkcoach))
    assert MISSCHIEN_OPGESLAGEN in assert_503_pagina(response)
    assert Klant.objects.filter(achternaam="Weggeweest").count() == 1


def test_commit_without_answer_says_the_intake_may_be_saved(transactional_db, client_as, werkcoach):
    # COMMIT sent, connection dropped before the answer: the outcome is unknown to the app.
    client = client_as(werkcoach)
    client.raise_request_exception = False
    with mock.patch.object(
        psycopg.Connection,
        "commit",
        side_effect=psycopg.OperationalError("server closed the connection unexpectedly"),
    ):
        response = client.post(reverse("clients:intake"), intake_gegevens(werkcoach))
    assert MISSCHIEN_OPGESLAGEN in assert_503_pagina(response)


def deadlock(*args, **kwargs):
    raise OperationalError("deadlock detected") from psycopg.errors.DeadlockDetected("deadlock")


def test_a_session_save_failing_for_another_reason_stays_djangos_400(coach_client):
    with mock.patch.object(Session, "save", side_effect=deadlock):
        response = coach_client.get(reverse("clients:klant_list"))
    assert response.status_code == 400


@pytest.mark.parametrize(
    "fout",
    [
        ValueError("een programmeerfout"),
        IntegrityError("duplicate key"),
        # A deadlock is an OperationalError too, but the database was there: a real error.
        deadlock,
    ],
    ids=["valueerror", "integrityerror", "deadlock"],
)
def test_other_errors_are_not_swallowed(coach_client, fout):
    with mock.patch("clients.selectors.klantenlijst", side_effect=fout):
        response = coach_client.get(reverse("clients:klant_list"))
    assert response.status_code == 500


def test_which_errors_mean_the_database_is_away():
    def gewikkeld(driverfout):
        fout = OperationalError(str(driverfout))
        fout.__cause__ = driverfout
        return fout

    assert database_onbereikbaar(InterfaceError("connection already closed"))
    assert database_onbereikbaar(gewikkeld(psycopg.OperationalError("connection refused")))
    assert database_onbereikbaar(gewikkeld(psycopg.errors.AdminShutdown("terminating")))
    assert database_onbereikbaar(gewikkeld(psycopg.errors.CannotConnectNow("starting up")))
    assert database_onbereikbaar(gewikkeld(psycopg.errors.TooManyConnections("too many")))
    assert not database_onbereikbaar(gewikkeld(psycopg.errors.QueryCanceled("timeout")))
    assert not database_onbereikbaar(gewikkeld(psycopg.errors.LockNotAvailable("lock")))
    assert not database_onbereikbaar(IntegrityError("duplicate key"))


def test_healthz_answers_503_json_without_the_database(client):
    with mock.patch("loket.views.connection.cursor", side_effect=verbinding_weg):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "database onbereikbaar"}
    assert response["Retry-After"] == str(RETRY_AFTER)
    assert client.get(reverse("healthz")).json() == {"status": "ok"}
