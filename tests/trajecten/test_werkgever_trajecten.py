"""An employer's page lists the dual trajectories placed there (and logs the look)."""

import pytest
from django.urls import reverse

from loket.models import Verwerking

from ..conftest import login_met_tweede_factor
from ..factories import WerkgeverFactory
from .factories import DuaalTrajectFactory, TrajectFactory

pytestmark = pytest.mark.django_db


def test_the_employer_page_lists_its_dual_trajectories(client, werkcoach, loket):
    werkgever = WerkgeverFactory(loket=loket, erkend_leerbedrijf=True)
    hier = DuaalTrajectFactory(
        klant__loket=loket, klant__achternaam="Hierwerkt", leerbedrijf=werkgever
    )
    elders = DuaalTrajectFactory(klant__loket=loket, klant__achternaam="Elderswerkt")
    TrajectFactory(klant__loket=loket, klant__achternaam="Evcklant")
    login_met_tweede_factor(client, werkcoach)
    response = client.get(reverse("werkgevers:detail", args=[werkgever.pk]))
    html = response.content.decode()
    assert "Hierwerkt" in html and hier.get_absolute_url() in html
    assert "Elderswerkt" not in html and "Evcklant" not in html and elders.pk
    assert Verwerking.objects.filter(
        klant_id=hier.klant_id, onderwerp="duale trajecten bij werkgever"
    ).exists()


def test_an_employer_without_trajectories_says_so(client, werkcoach, loket):
    werkgever = WerkgeverFactory(loket=loket)
    login_met_tweede_factor(client, werkcoach)
    html = client.get(reverse("werkgevers:detail", args=[werkgever.pk])).content.decode()
    assert "Nog geen duale trajecten geplaatst." in html
