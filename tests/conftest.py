"""Fixtures shared by every test: a loket with one user per role, and a second loket whose data
must never be reachable from the first."""

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.constants import Rol

from .factories import LoketFactory, OrganisatieFactory, UserFactory

WACHTWOORD = "Een-lang-testwachtwoord-1"


@pytest.fixture
def loket(db):
    return LoketFactory(naam="Leerwerkloket Test", code="TEST")


@pytest.fixture
def ander_loket(db):
    return LoketFactory(naam="Leerwerkloket Elders", code="ELDERS")


@pytest.fixture
def partner(loket):
    return OrganisatieFactory(loket=loket, naam="UWV Testregio")


def _user(loket, rol, username):
    return UserFactory(loket=loket, rol=rol, username=username)


@pytest.fixture
def werkcoach(loket):
    return _user(loket, Rol.WERKCOACH, "werkcoach")


@pytest.fixture
def projectleider(loket):
    return _user(loket, Rol.PROJECTLEIDER, "projectleider")


@pytest.fixture
def stuurgroeplid(loket):
    return _user(loket, Rol.STUURGROEP, "stuurgroep")


@pytest.fixture
def beheerder(loket):
    return _user(loket, Rol.BEHEERDER, "beheerder")


@pytest.fixture
def werkcoach_elders(ander_loket):
    return _user(ander_loket, Rol.WERKCOACH, "werkcoach-elders")


def login_met_tweede_factor(client, user):
    """Log in as a user who has also passed 2FA with a confirmed authenticator (TOTP) device."""
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def client_as(client):
    """client_as(user): the test client logged in as that user, second factor included."""

    def login(user):
        return login_met_tweede_factor(client, user)

    return login


@pytest.fixture(autouse=True)
def _db_for_all(db):
    """Every test here uses the database; saves a marker on each."""


@pytest.fixture(autouse=True)
def _lege_cache():
    """Every test starts with an empty cache (in tests the per-process LocMemCache): the rate
    limits (password reset per address, sign-up) count per address, and every test client and
    live server is 127.0.0.1, so counts left by earlier tests of the same worker would decide
    a later test's outcome by the order the tests happen to run in."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _verse_medianen():
    """The dashboard keeps the regional and national medians per process for a few minutes
    (monitor/benchmark.py); every test starts without them, so it sees its own data."""
    from monitor.benchmark import vergeet_bewaarde_medianen

    vergeet_bewaarde_medianen()
    yield
    vergeet_bewaarde_medianen()
