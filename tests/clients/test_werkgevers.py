"""Employer pages: search and filters, KvK validation and uniqueness per loket (a Dutch form error,
never a 500), detail with contact history, recording a werkgeverscontact, scoping and roles."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from clients.models import Werkgever, Werkgeverscontact
from clients.validators import validate_kvk

from ..factories import GemeenteFactory, WerkgeverFactory, WerkgeverscontactFactory


def werkgever_post(**overrides):
    data = {
        "naam": "Installatiebedrijf De Spaarne BV",
        "kvk_nummer": "34123456",
        "sector": "Techniek",
        "gemeente": "",
        "erkend_leerbedrijf": "on",
        "contactpersoon": "P. Jansen",
        "contact_telefoon": "023-5123456",
        "contact_email": "Info@Example.org",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("kvk", ["34123456", "00000001"])
def test_valid_kvk(kvk):
    validate_kvk(kvk)


@pytest.mark.parametrize("kvk", ["", "1234567", "123456789", "1234567a", "12 345 678", "-1234567"])
def test_invalid_kvk(kvk):
    with pytest.raises(ValidationError, match="precies 8 cijfers"):
        validate_kvk(kvk)


@given(st.text(max_size=12))
@settings(max_examples=200)
def test_kvk_accepts_exactly_eight_digits(tekst):
    geldig = len(tekst) == 8 and all(c in "0123456789" for c in tekst)
    try:
        validate_kvk(tekst)
    except ValidationError:
        assert not geldig
    else:
        assert geldig


@pytest.mark.django_db
def test_create_employer(client_as, werkcoach, loket):
    client = client_as(werkcoach)
    response = client.post(reverse("werkgevers:create"), werkgever_post(kvk_nummer="34 123 456"))
    werkgever = Werkgever.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("werkgevers:detail", args=[werkgever.pk])
    assert werkgever.loket == loket and werkgever.kvk_nummer == "34123456"
    assert werkgever.erkend_leerbedrijf and werkgever.contact_telefoon == "0235123456"
    assert werkgever.contact_email == "info@example.org"


@pytest.mark.django_db
@pytest.mark.parametrize("kvk", ["1234567", "ABCDEFGH", "123456789"])
def test_invalid_kvk_is_a_dutch_400(client_as, werkcoach, kvk):
    response = client_as(werkcoach).post(
        reverse("werkgevers:create"), werkgever_post(kvk_nummer=kvk)
    )
    assert response.status_code == 400
    assert "Een KvK-nummer bestaat uit precies 8 cijfers." in response.content.decode()
    assert not Werkgever.objects.exists()


@pytest.mark.django_db
def test_duplicate_kvk_in_same_loket_is_a_dutch_400(client_as, werkcoach, loket):
    WerkgeverFactory(loket=loket, kvk_nummer="34123456", naam="Bestaande BV")
    response = client_as(werkcoach).post(reverse("werkgevers:create"), werkgever_post())
    assert response.status_code == 400
    assert "Er staat al een werkgever met dit KvK-nummer in uw loket: Bestaande BV." in (
        response.content.decode()
    )
    assert Werkgever.objects.count() == 1


@pytest.mark.django_db
def test_same_kvk_in_another_loket_is_allowed(client_as, werkcoach, ander_loket):
    WerkgeverFactory(loket=ander_loket, kvk_nummer="34123456")
    response = client_as(werkcoach).post(reverse("werkgevers:create"), werkgever_post())
    assert response.status_code == 302
    assert Werkgever.objects.filter(kvk_nummer="34123456").count() == 2


@pytest.mark.django_db
def test_database_enforces_kvk_unique_per_loket(loket):
    WerkgeverFactory(loket=loket, kvk_nummer="34123456")
    with pytest.raises(IntegrityError), transaction.atomic():
        WerkgeverFactory(loket=loket, kvk_nummer="34123456")


@pytest.mark.django_db
def test_edit_keeps_own_kvk(client_as, werkcoach, loket):
    werkgever = WerkgeverFactory(loket=loket, kvk_nummer="34123456")
    response = client_as(werkcoach).post(
        reverse("werkgevers:update", args=[werkgever.pk]), werkgever_post(naam="Nieuwe naam")
    )
    assert response.status_code == 302
    werkgever.refresh_from_db()
    assert werkgever.naam == "Nieuwe naam"


@pytest.mark.django_db
def test_search_filters_and_paging(client_as, werkcoach, loket):
    haarlem = GemeenteFactory(regio=loket.regio, naam="Haarlem")
    WerkgeverFactory(loket=loket, naam="Zorggroep Kennemerland", kvk_nummer="11111111")
    WerkgeverFactory(
        loket=loket, naam="Garage Spaarne", kvk_nummer="22222222", erkend_leerbedrijf=False
    )
    WerkgeverFactory(loket=loket, naam="Bakkerij Haarlem", gemeente=haarlem)
    client = client_as(werkcoach)
    url = reverse("werkgevers:list")

    def namen(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return [w.naam for w in response.context["pagina"].object_list]

    assert namen(q="zorg") == ["Zorggroep Kennemerland"]
    assert namen(q="22222222") == ["Garage Spaarne"]
    assert namen(erkend="nee") == ["Garage Spaarne"]
    assert namen(gemeente=haarlem.pk) == ["Bakkerij Haarlem"]
    WerkgeverFactory.create_batch(30, loket=loket)
    assert len(namen()) == 25
    assert client.get(url, {"pagina": 2}).context["pagina"].number == 2


@pytest.mark.django_db
def test_detail_shows_contact_history_and_records_contact(client_as, werkcoach, loket, partner):
    werkgever = WerkgeverFactory(loket=loket)
    WerkgeverscontactFactory(werkgever=werkgever, afspraken="Twee BBL-plekken in september")
    client = client_as(werkcoach)
    detail = client.get(reverse("werkgevers:detail", args=[werkgever.pk]))
    assert "Twee BBL-plekken in september" in detail.content.decode()
    response = client.post(
        reverse("werkgevers:contact_create", args=[werkgever.pk]),
        {
            "datum": "2026-01-05",
            "soort": "telefoon",
            "organisatie": partner.pk,
            "afspraken": "Terugbellen over vacature monteur",
            "leerbanen": "1",
            "vacatures": "2",
        },
    )
    assert response.status_code == 302
    contact = Werkgeverscontact.objects.get(soort="telefoon")
    assert contact.loket == loket and contact.medewerker == werkcoach
    assert (contact.leerbanen, contact.vacatures) == (1, 2)
    tekst = client.get(reverse("werkgevers:detail", args=[werkgever.pk])).content.decode()
    assert "Terugbellen over vacature monteur" in tekst and "05-01-2026" in tekst


@pytest.mark.django_db
def test_bad_contact_is_a_dutch_400(client_as, werkcoach, loket):
    werkgever = WerkgeverFactory(loket=loket)
    response = client_as(werkcoach).post(
        reverse("werkgevers:contact_create", args=[werkgever.pk]),
        {"datum": "2099-01-01", "soort": "fax", "leerbanen": "-1", "vacatures": "x"},
    )
    assert response.status_code == 400
    tekst = response.content.decode()
    assert "kan niet in de toekomst liggen" in tekst
    assert "Selecteer een geldige keuze" in tekst
    assert not Werkgeverscontact.objects.exists()


@pytest.mark.django_db
def test_other_lokets_werkcoach_gets_404(client_as, werkcoach_elders, loket):
    werkgever = WerkgeverFactory(loket=loket)
    client = client_as(werkcoach_elders)
    for naam in ["werkgevers:detail", "werkgevers:update", "werkgevers:contact_create"]:
        assert client.get(reverse(naam, args=[werkgever.pk])).status_code == 404
    assert client.get(reverse("werkgevers:list")).context["pagina"].paginator.count == 0


@pytest.mark.django_db
def test_stuurgroep_gets_403(client_as, stuurgroeplid, loket):
    werkgever = WerkgeverFactory(loket=loket)
    client = client_as(stuurgroeplid)
    assert client.get(reverse("werkgevers:list")).status_code == 403
    assert client.get(reverse("werkgevers:detail", args=[werkgever.pk])).status_code == 403
    assert client.post(reverse("werkgevers:create"), werkgever_post()).status_code == 403


@pytest.mark.django_db
def test_list_query_count_does_not_grow(client_as, werkcoach, loket):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(werkcoach)

    def tel():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("werkgevers:list")).status_code == 200
        return len(queries)

    for werkgever in WerkgeverFactory.create_batch(3, loket=loket):
        WerkgeverscontactFactory(werkgever=werkgever)
    klein = tel()
    for werkgever in WerkgeverFactory.create_batch(40, loket=loket):
        WerkgeverscontactFactory.create_batch(2, werkgever=werkgever)
    assert tel() == klein
