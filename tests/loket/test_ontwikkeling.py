"""Under `make run` (DEBUG) a wrong address shows the production 404 page, not Django's debug page."""

import pytest

from ..conftest import login_met_tweede_factor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("pad", ["/bestaat-niet/", "/klanten/999999/"])
def test_development_shows_the_production_404_page(client, settings, werkcoach, pad):
    settings.DEBUG = True
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "loket.ontwikkeling.Productie404Middleware"]
    login_met_tweede_factor(client, werkcoach)
    response = client.get(pad)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html and "Uitloggen" in html
    assert "URLconf" not in html and "Traceback" not in html


def test_the_dev_settings_use_it():
    import importlib

    dev = importlib.import_module("loket.settings.dev")
    assert dev.MIDDLEWARE[-1] == "loket.ontwikkeling.Productie404Middleware"
