"""A mistaken contact is corrected or withdrawn: a new row with a reason, the old row untouched,
both visible in the timeline, only the right one counted."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import Contactmoment
from clients.selectors import geldige_contacten
from loket.models import Verwerking

from ..conftest import login_met_tweede_factor
from ..factories import ContactmomentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fout(loket, werkcoach):
    return ContactmomentFactory(
        klant__loket=loket, medewerker=werkcoach, dienst="informatie", duur_minuten=300
    )


def url(contact):
    return reverse("clients:contact_correctie", args=[contact.klant_id, contact.pk])


def correctie_post(**anders):
    data = {
        "datum": timezone.localdate().isoformat(),
        "dienst": "loopbaanadvies",
        "duur_minuten": "30",
        "notitie": "",
        "warme_overdracht_naar": "",
        "reden": "Duur verkeerd getypt (300 in plaats van 30).",
    }
    return data | anders


def test_a_correction_replaces_the_contact_and_keeps_the_old_row(client, werkcoach, fout):
    login_met_tweede_factor(client, werkcoach)
    assert client.get(url(fout)).status_code == 200
    response = client.post(url(fout), correctie_post())
    assert response.status_code == 302
    nieuw = Contactmoment.objects.get(corrigeert=fout)
    assert (nieuw.dienst, nieuw.duur_minuten, nieuw.ingetrokken) == ("loopbaanadvies", 30, False)
    fout.refresh_from_db()
    assert fout.duur_minuten == 300  # recorded as it was
    assert list(geldige_contacten(Contactmoment.objects.filter(klant=fout.klant))) == [nieuw]
    pagina = client.get(fout.klant.get_absolute_url()).content.decode()
    assert "Duur verkeerd getypt" in pagina and "Vervangen" in pagina
    assert Verwerking.objects.filter(
        klant_id=fout.klant_id, onderwerp="contactmoment gecorrigeerd"
    ).exists()


def test_a_withdrawal_needs_only_a_reason_and_counts_nothing(client, werkcoach, fout):
    login_met_tweede_factor(client, werkcoach)
    data = {"intrekken": "on", "reden": "Dubbel vastgelegd.", "dienst": "", "duur_minuten": ""}
    response = client.post(url(fout), data)
    assert response.status_code == 302
    intrekking = Contactmoment.objects.get(corrigeert=fout)
    assert intrekking.ingetrokken
    assert not geldige_contacten(Contactmoment.objects.filter(klant=fout.klant)).exists()
    pagina = client.get(fout.klant.get_absolute_url()).content.decode()
    assert "Ingetrokken:" in pagina and "Dubbel vastgelegd." in pagina


def test_a_correction_without_reason_is_refused_in_dutch(client, werkcoach, fout):
    login_met_tweede_factor(client, werkcoach)
    response = client.post(url(fout), correctie_post(reden=""))
    assert response.status_code == 400
    assert "Vul de reden van de correctie in." in response.content.decode()
    assert not Contactmoment.objects.filter(corrigeert=fout).exists()


def test_a_contact_is_corrected_once(client, werkcoach, fout):
    login_met_tweede_factor(client, werkcoach)
    client.post(url(fout), correctie_post())
    response = client.post(url(fout), correctie_post(reden="Nog eens"))
    assert response.status_code == 409
    assert "al gecorrigeerd" in response.content.decode()
    assert Contactmoment.objects.filter(corrigeert=fout).count() == 1


def test_a_withdrawal_cannot_be_corrected(client, werkcoach, fout):
    login_met_tweede_factor(client, werkcoach)
    client.post(url(fout), {"intrekken": "on", "reden": "Dubbel"})
    intrekking = Contactmoment.objects.get(corrigeert=fout)
    assert client.get(url(intrekking)).status_code == 404


def test_the_monitor_counts_the_corrected_contact_only(client, werkcoach, fout, loket):
    from loket.perioden import Periode
    from monitor.meting import _contacten

    login_met_tweede_factor(client, werkcoach)
    client.post(url(fout), correctie_post())
    vandaag = timezone.localdate()
    periode = Periode("kwartaal", vandaag - datetime.timedelta(days=1), vandaag, "test")
    contacten, _warm = _contacten(loket, periode)
    assert contacten.totaal == 1
    assert contacten.uitsplitsing["dienst"] == {"loopbaanadvies": 1}


def test_an_anonymised_clients_contact_is_not_corrected(client, werkcoach, fout):
    from clients.privacy import anonimiseer_klant

    anonimiseer_klant(fout.klant, reden="test")
    login_met_tweede_factor(client, werkcoach)
    assert client.get(url(fout)).status_code == 404
    assert client.post(url(fout), correctie_post()).status_code == 404
    assert (
        "Corrigeren of intrekken" not in client.get(fout.klant.get_absolute_url()).content.decode()
    )
