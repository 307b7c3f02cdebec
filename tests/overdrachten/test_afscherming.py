"""A partner never reaches a client that was not handed to its own organisation, nor another
partner's hours, on any URL: another organisation's objects answer 404, client and ledger pages
403, and every URL a partner may open shows nothing of another organisation."""

from decimal import Decimal

import pytest
from django.urls import reverse

from overdrachten import uren

from ..test_permissiematrix import URL_ARGUMENTEN, URLS
from .conftest import cofinanciering_in_natura
from .fabriek import maak_overdracht, matrix_partner, partner_gebruiker

PARTNER_URLS = sorted(
    naam
    for naam, pattern in URLS.items()
    if "partner" in (getattr(getattr(pattern.callback, "view_class", None), "rollen", None) or ())
)


def test_partner_urls_are_found():
    assert {"overdrachten:partner_list", "overdrachten:partner_detail"} <= set(PARTNER_URLS)


def test_other_organisations_handover_answers_404(client_as, loket, gemeente):
    eigen = partner_gebruiker(matrix_partner(loket))
    andere = maak_overdracht(loket, gemeente)
    client = client_as(eigen)
    url = reverse("overdrachten:partner_detail", args=[andere.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"actie": "accepteren"}).status_code == 404
    assert not andere.gebeurtenissen.exclude(soort="verstuurd").exists()


def test_partner_without_organisation_sees_nothing(client_as, loket):
    from loket.constants import Rol

    from ..factories import UserFactory

    overdracht = maak_overdracht(loket)
    client = client_as(UserFactory(loket=loket, rol=Rol.PARTNER))
    assert (
        client.get(reverse("overdrachten:partner_detail", args=[overdracht.pk])).status_code == 404
    )
    assert (
        overdracht.klant.volledige_naam
        not in client.get(reverse("overdrachten:partner_list")).content.decode()
    )


@pytest.mark.parametrize("naam", sorted(URLS))
def test_no_url_shows_another_organisations_client_or_hours(naam, client_as, loket, gemeente):
    """Every URL, opened by a roc user, with another organisation's hand-over and hours in the
    loket: the other client's name and the other partner's hours never appear."""
    andere = maak_overdracht(loket, gemeente)
    tarief = cofinanciering_in_natura(loket, gemeente, 2026)
    gemeente_user = partner_gebruiker(gemeente)
    from freezegun import freeze_time

    with freeze_time("2026-10-06 10:00:00+02:00"):
        uren.dien_uren_in(
            tarief=tarief,
            kwartaal=3,
            medewerker="Wijkconsulent Geheim",
            uren=Decimal("9"),
            door=gemeente_user,
        )
    roc_user = partner_gebruiker(matrix_partner(loket))
    client = client_as(roc_user)
    bouw = URL_ARGUMENTEN.get(naam)
    if callable(bouw):
        kwargs = bouw(loket)
        if naam == "overdrachten:partner_detail":
            kwargs = {"pk": andere.pk}
    else:
        kwargs = bouw
    response = client.get(reverse(naam, kwargs=kwargs))
    if response.status_code == 200 and hasattr(response, "content"):
        tekst = response.content.decode(errors="ignore")
        assert andere.klant.volledige_naam not in tekst, naam
        assert andere.klant.email not in tekst, naam
        assert "Wijkconsulent Geheim" not in tekst, naam
    if naam == "overdrachten:partner_detail":
        assert response.status_code == 404
