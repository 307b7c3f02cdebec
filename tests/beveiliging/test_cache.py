"""Issue 20, finding 6: nothing a logged-in user receives may be stored by a browser or a shared
cache (client pages, exports, the access-log CSV, the quarterly PDF); every page carries a
Permissions-Policy. Checked on every URL of the permission matrix."""

import pytest
from django.urls import reverse

from loket.constants import Rol

from ..conftest import login_met_tweede_factor
from ..factories import UserFactory
from ..overdrachten.fabriek import matrix_partner
from ..test_permissiematrix import URL_ARGUMENTEN, URLS, heeft_get, regel


def _niet_opslaan(response):
    cache = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= cache and "public" not in cache


def _urls():
    return [n for n, p in sorted(URLS.items()) if isinstance(regel(p), set) and heeft_get(p)]


@pytest.mark.parametrize("naam", _urls())
def test_every_page_of_a_logged_in_user_is_private_no_store(naam, client, loket):
    pattern = URLS[naam]
    rol = next(r for r in Rol.values if r in regel(pattern))
    # A partner user works for the partner the hand-over URLs are addressed to (as in the matrix).
    extra = {"organisatie": matrix_partner(loket)} if rol == Rol.PARTNER else {}
    login_met_tweede_factor(client, UserFactory(loket=loket, rol=rol, **extra))
    bouw = URL_ARGUMENTEN.get(naam)
    url = reverse(naam, kwargs=bouw(loket) if callable(bouw) else bouw)
    response = client.get(url)
    assert response.status_code < 400, (naam, response.status_code)
    assert _niet_opslaan(response), (naam, response.get("Cache-Control"))
    assert "camera=()" in response["Permissions-Policy"], naam


def test_downloads_with_personal_data_are_no_store(client_as, loket, projectleider, beheerder):
    client = client_as(projectleider)
    for url in [
        reverse("monitor:export"),
        reverse("financiering:export", args=[2026]),
    ]:
        response = client.get(url)
        assert response.status_code == 200 and _niet_opslaan(response), url
    client = client_as(beheerder)
    response = client.get(reverse("privacy:verwerkingen"), {"export": "csv"})
    assert response.status_code == 200 and _niet_opslaan(response)


def test_anonymous_pages_get_the_permissions_policy(client):
    response = client.get(reverse("toegankelijkheid"))
    assert "microphone=()" in response["Permissions-Policy"]
    assert "private" not in response.get("Cache-Control", "")  # public text stays cacheable
