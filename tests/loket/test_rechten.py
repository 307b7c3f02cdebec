"""Named rights (loket.access): views, templates and the start page follow RECHTEN."""

import pytest
from django.urls import reverse
from django.views import View

from loket.access import RECHTEN, Recht, RolVereistMixin, mag, rollen_met
from loket.constants import Rol

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_booking_and_closing_quarters_belong_to_the_projectleider_only():
    assert rollen_met(Recht.BOEKEN) == (Rol.PROJECTLEIDER,)
    assert set(rollen_met(Recht.BEGROTING_BEHEREN)) == {Rol.PROJECTLEIDER, Rol.BEHEERDER}
    assert set(RECHTEN) == set(Rol.values)


def test_beheerder_keeps_the_budget_but_does_not_book(client_as, beheerder):
    client = client_as(beheerder)
    assert mag(beheerder, Recht.BEGROTING_BEHEREN) and not mag(beheerder, Recht.BOEKEN)
    assert client.get(reverse("financiering:kostenpost_create", args=[2026])).status_code == 200
    assert client.get(reverse("financiering:tarieven", args=[2026])).status_code == 200
    assert client.get(reverse("financiering:boeking_create", args=[2026])).status_code == 403
    assert client.get(reverse("financiering:uren_create", args=[2026])).status_code == 403
    sluiten = reverse("financiering:kwartaal_sluiten", args=[2026])
    assert client.post(sluiten, {"kwartaal": 1}).status_code == 403
    html = client.get(reverse("financiering:begroting", args=[2026])).content.decode()
    assert "Kostenpost toevoegen" in html and "Tarieven" in html
    assert reverse("financiering:boeking_create", args=[2026]) not in html
    start = client.get(reverse("start")).content.decode()
    assert "uurtarieven" in start and "uren van partners boeken" not in start


def test_projectleider_sees_the_booking_links(client_as, projectleider):
    html = client_as(projectleider).get(reverse("financiering:begroting", args=[2026]))
    html = html.content.decode()
    assert reverse("financiering:boeking_create", args=[2026]) in html
    assert reverse("financiering:kostenpost_create", args=[2026]) in html


@pytest.mark.parametrize("rol", [Rol.REGIO, Rol.LANDELIJK, Rol.FUNCTIONEEL_BEHEERDER])
def test_roles_without_a_loket_reach_their_start_page(client_as, rol):
    user = UserFactory(loket=None, rol=rol)
    response = client_as(user).get(reverse("start"))
    html = response.content.decode()
    assert response.status_code == 200 and "None" not in html
    assert "Intake registreren" not in html and "Naar financiering" not in html


def test_a_view_cannot_name_roles_by_hand():
    with pytest.raises(TypeError, match="recht = Recht.X"):

        class Eigenwijs(RolVereistMixin, View):
            rollen = (Rol.BEHEERDER,)
