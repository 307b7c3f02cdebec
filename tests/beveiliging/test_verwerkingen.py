"""Issue 20, finding 8: the four pages that showed a client's name without an access-log row now
write one (who, which client, what)."""

import pytest
from django.urls import reverse

from loket.models import Verwerking

from ..factories import KlantFactory
from ..trajecten.factories import TrajectFactory


@pytest.mark.parametrize(
    ("naam", "soort"),
    [
        ("clients:contact_create", "klant"),
        ("clients:vervolgintake", "klant"),
        ("trajecten:start", "klant"),
        ("trajecten:wijzig", "traject"),
    ],
)
def test_form_pages_about_a_client_log_the_look(client_as, werkcoach, loket, naam, soort):
    if soort == "klant":
        klant = KlantFactory(loket=loket, achternaam="Zichtbaarnaam")
        kwargs = {"klant_pk": klant.pk} if naam == "trajecten:start" else {"pk": klant.pk}
    else:
        traject = TrajectFactory(klant__loket=loket, klant__achternaam="Zichtbaarnaam")
        klant, kwargs = traject.klant, {"pk": traject.pk}
    response = client_as(werkcoach).get(reverse(naam, kwargs=kwargs))
    assert response.status_code == 200
    assert "Zichtbaarnaam" in response.content.decode()
    rij = Verwerking.objects.get(klant_id=klant.pk)
    assert rij.gebruiker == werkcoach and rij.actie == Verwerking.Actie.BEKEKEN
    assert rij.loket_id == loket.pk


def test_update_page_logs_once(client_as, werkcoach, loket):
    klant = KlantFactory(loket=loket)
    client_as(werkcoach).get(reverse("clients:klant_update", args=[klant.pk]))
    assert Verwerking.objects.filter(klant_id=klant.pk).count() == 1
