"""A short version of the load test (bench/intake.py last) in the suite: werkcoaches submit
intakes, open the new client's page and search the list at the same time, through gunicorn with
the project's config and locust. Nothing may fail, and the database must hold exactly one client
per successful submission: nothing lost, nothing doubled. The national run (100 users, 2 minutes)
is in docs/performance.md."""

import pytest
from django.conf import settings

from bench.lasttest import Gunicorn, locust, maak_sessies
from clients.models import Intake, Klant
from loket.models import Verwerking

from ..fouten.werkers import database_url

GEBRUIKERS = 12
DUUR_S = 10


@pytest.mark.last
@pytest.mark.django_db(transaction=True)
def test_concurrent_intakes_lose_nothing_and_double_nothing(loket, tmp_path):
    sessies = tmp_path / "sessies.json"
    gegevens = maak_sessies(loket, GEBRUIKERS, sessies)
    server_env = {
        "DJANGO_SETTINGS_MODULE": "loket.settings.dev",
        "DEBUG": "0",
        "LOKET_2FA_VERPLICHT": "1",  # the sessions carry a passed second factor
        "SECRET_KEY": settings.SECRET_KEY,  # the sessions were signed with it
        "DATABASE_URL": database_url(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_WORKERS": "3",
        "REDIS_URL": "",
    }
    with Gunicorn(tmp_path, env=server_env) as server:
        metingen = locust(server.url, "last", sessies, GEBRUIKERS, DUUR_S, tmp_path)

    assert metingen["Totaal"].fout == 0, (metingen, (tmp_path / "gunicorn.log").read_text()[-3000:])
    gelukt = metingen["intake versturen"].gelukt
    assert gelukt >= GEBRUIKERS  # every user got through at least once
    werkcoaches = [s["werkcoach"] for s in gegevens["sessies"]]
    klanten = Klant.objects.filter(aangemaakt_door_id__in=werkcoaches)
    assert klanten.count() == gelukt
    assert Intake.objects.filter(klant__in=klanten).count() == gelukt
    assert klanten.values("klantnummer").distinct().count() == gelukt
    # Every submission left its audit row.
    assert Verwerking.objects.filter(actie=Verwerking.Actie.AANGEMAAKT).count() == gelukt
