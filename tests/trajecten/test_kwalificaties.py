"""The reference table of qualifications (opleidingscode/crebo, naam, niveau 1-4): shared by every
loket, so kept by the installation's functioneel beheerder only (issue 20, finding 8)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from loket.constants import Rol
from trajecten.models import Kwalificatie

from ..factories import UserFactory
from .factories import KwalificatieFactory

URL = reverse("trajecten:kwalificaties")


@pytest.fixture
def functioneel_beheerder(db):
    return UserFactory(loket=None, rol=Rol.FUNCTIONEEL_BEHEERDER)


@pytest.mark.django_db
def test_a_loket_beheerder_cannot_rename_shared_qualifications(client_as, beheerder):
    kwalificatie = KwalificatieFactory(crebo="25491", naam="Verzorgende-IG")
    client = client_as(beheerder)
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"pk": kwalificatie.pk, "crebo": "25491", "naam": "Hack"})
    assert response.status_code == 403
    kwalificatie.refresh_from_db()
    assert kwalificatie.naam == "Verzorgende-IG"


@pytest.mark.django_db
def test_functioneel_beheerder_adds_and_edits(client_as, functioneel_beheerder):
    client = client_as(functioneel_beheerder)
    assert client.get(URL).status_code == 200
    response = client.post(
        URL, {"crebo": "25491", "naam": "Verzorgende-IG", "niveau": "3", "actief": "on"}
    )
    assert response.status_code == 302
    kwalificatie = Kwalificatie.objects.get(crebo="25491")
    assert client.get(URL, {"bewerk": kwalificatie.pk}).context["form"].instance == kwalificatie
    response = client.post(
        URL, {"pk": kwalificatie.pk, "crebo": "25491", "naam": "Verzorgende-IG", "niveau": "3"}
    )
    assert response.status_code == 302
    kwalificatie.refresh_from_db()
    assert kwalificatie.actief is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "melding"),
    [
        ({"crebo": "2549", "naam": "X", "niveau": "3"}, "5 cijfers"),
        ({"crebo": "2549a", "naam": "X", "niveau": "3"}, "5 cijfers"),
        ({"crebo": "25491", "naam": "X", "niveau": "5"}, "Selecteer een geldige keuze"),
        ({"crebo": "25491", "naam": "X", "niveau": "0"}, "Selecteer een geldige keuze"),
        ({"crebo": "11111", "naam": "X", "niveau": "2"}, "bestaat al een kwalificatie"),
    ],
)
def test_bad_input_is_a_dutch_400(client_as, functioneel_beheerder, data, melding):
    KwalificatieFactory(crebo="11111")
    response = client_as(functioneel_beheerder).post(URL, data)
    assert response.status_code == 400
    assert melding in response.content.decode()


@pytest.mark.django_db
def test_database_refuses_a_level_outside_1_to_4():
    with pytest.raises(IntegrityError), transaction.atomic():
        Kwalificatie.objects.create(crebo="12345", naam="Te hoog", niveau=5)
    with pytest.raises(ValidationError):
        Kwalificatie(crebo="1234", naam="Kort", niveau=2).full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["werkcoach", "projectleider", "stuurgroeplid"])
def test_other_roles_get_403(client_as, request, rol):
    client = client_as(request.getfixturevalue(rol))
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"crebo": "25491", "naam": "X", "niveau": "3"})
    assert response.status_code == 403
    assert not Kwalificatie.objects.exists()
