"""Partner hours: submitted hours count only after approval, approval books hours x the partner's
tariff, a confirmed quarter freezes the partner's bookings (service and database), and a partner
never sees another partner's figures."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse
from freezegun import freeze_time

from financiering import services as financiering
from financiering.constants import BoekingSoort
from financiering.models import Boeking, Kwartaalbevestiging, Urenopgave
from overdrachten import uren

from .conftest import cofinanciering_in_natura


@pytest.fixture(autouse=True)
def _begin_q4_2026():
    with freeze_time("2026-10-06 10:00:00+02:00"):
        yield


@pytest.fixture
def tarief(loket, roc):
    return cofinanciering_in_natura(loket, roc, 2026)


def test_submitted_hours_count_after_approval(loket, tarief, roc_medewerker, projectleider):
    opgave = uren.dien_uren_in(
        tarief=tarief,
        kwartaal=3,
        medewerker="Docent BBL",
        uren=Decimal("12.5"),
        door=roc_medewerker,
    )
    assert opgave.status == Urenopgave.Status.INGEDIEND
    assert not Boeking.objects.filter(uren__isnull=False).exists()
    uren.keur_goed(opgave=opgave, door=projectleider)
    boeking = Boeking.objects.get(uren__isnull=False)
    assert boeking.bedrag == Decimal("781.25") and boeking.datum == datetime.date(2026, 9, 30)
    assert (
        boeking.soort == BoekingSoort.REALISATIE and boeking.organisatie_id == tarief.organisatie_id
    )
    with pytest.raises(ValidationError, match="al beoordeeld"):
        uren.keur_goed(opgave=opgave, door=projectleider)
    with pytest.raises(DatabaseError), transaction.atomic():
        Urenopgave.objects.filter(pk=opgave.pk).update(uren=Decimal("99"))


def test_partner_uses_only_its_own_tariff(loket, tarief, gemeente_medewerker):
    with pytest.raises(ValidationError, match="eigen organisatie"):
        uren.dien_uren_in(
            tarief=tarief, kwartaal=3, medewerker="x", uren=Decimal("1"), door=gemeente_medewerker
        )


def test_confirmed_quarter_freezes_the_partners_bookings(
    loket, roc, tarief, roc_medewerker, projectleider
):
    opgave = uren.dien_uren_in(
        tarief=tarief, kwartaal=3, medewerker="Docent", uren=Decimal("10"), door=roc_medewerker
    )
    with pytest.raises(ValidationError, match="nog niet voorbij"):
        uren.bevestig_kwartaal(jaar=2026, kwartaal=4, door=roc_medewerker)
    with pytest.raises(ValidationError, match="wachten nog uren"):
        uren.bevestig_kwartaal(jaar=2026, kwartaal=3, door=roc_medewerker)
    uren.keur_goed(opgave=opgave, door=projectleider)
    uren.bevestig_kwartaal(jaar=2026, kwartaal=3, door=roc_medewerker)
    with pytest.raises(ValidationError, match="al bevestigd"):
        uren.bevestig_kwartaal(jaar=2026, kwartaal=3, door=roc_medewerker)
    # A later submission, a booking by the projectleider and a reversal dated in Q3 are refused.
    with pytest.raises(ValidationError, match="boekingen in dat kwartaal liggen vast"):
        uren.dien_uren_in(
            tarief=tarief, kwartaal=3, medewerker="Docent", uren=Decimal("2"), door=roc_medewerker
        )
    bron = Boeking.objects.get(uren__isnull=False).financieringsbron
    with pytest.raises(ValidationError, match="liggen vast"):
        financiering.boek(
            loket=loket,
            jaar=2026,
            soort=BoekingSoort.REALISATIE,
            financieringsbron=bron,
            bedrag=Decimal("100"),
            datum=datetime.date(2026, 8, 1),
        )
    origineel = Boeking.objects.get(uren__isnull=False)
    with pytest.raises(ValidationError, match="liggen vast"):
        financiering.tegenboek(origineel, reden="fout", datum=datetime.date(2026, 9, 30))
    # The correction: a reversal in a later quarter.
    financiering.tegenboek(origineel, reden="Te veel uren", door=projectleider)
    # The database refuses it too, whatever the code path.
    with pytest.raises(DatabaseError, match="bevestigd"), transaction.atomic():
        Boeking.objects.create(
            loket=loket,
            jaar=2026,
            datum=datetime.date(2026, 7, 1),
            soort=BoekingSoort.REALISATIE,
            financieringsbron=bron,
            organisatie=roc,
            bedrag=Decimal("5"),
        )
    # Other partners' bookings in Q3 are not affected.
    assert Kwartaalbevestiging.objects.count() == 1


def test_partner_never_sees_another_partners_hours(
    client_as, loket, roc, gemeente, tarief, roc_medewerker, gemeente_medewerker
):
    uren.dien_uren_in(
        tarief=tarief,
        kwartaal=3,
        medewerker="Geheime docent",
        uren=Decimal("7"),
        door=roc_medewerker,
    )
    pagina = (
        client_as(gemeente_medewerker).get(reverse("overdrachten:partner_uren")).content.decode()
    )
    assert "Geheime docent" not in pagina and "Docent (2026)" not in pagina
    # Posting another partner's tariff is refused as an invalid choice.
    response = client_as(gemeente_medewerker).post(
        reverse("overdrachten:partner_uren"),
        {"tarief": tarief.pk, "kwartaal": 3, "medewerker": "x", "uren": "1"},
    )
    assert response.status_code == 400
    assert Urenopgave.objects.filter(organisatie=gemeente).count() == 0


def test_projectleider_approves_on_the_page(
    client_as, loket, roc, tarief, roc_medewerker, projectleider
):
    opgave = uren.dien_uren_in(
        tarief=tarief, kwartaal=3, medewerker="Docent BBL", uren=Decimal("4"), door=roc_medewerker
    )
    client = client_as(projectleider)
    pagina = client.get(reverse("overdrachten:uren_goedkeuren")).content.decode()
    assert "Docent BBL" in pagina and "€ 250,00" in pagina
    assert (
        client.post(
            reverse("overdrachten:uren_goedkeuren"), {"opgave": "x", "actie": "goedkeuren"}
        ).status_code
        == 404
    )
    response = client.post(
        reverse("overdrachten:uren_goedkeuren"), {"opgave": opgave.pk, "actie": "afkeuren"}
    )
    assert response.status_code == 400
    response = client.post(
        reverse("overdrachten:uren_goedkeuren"), {"opgave": opgave.pk, "actie": "goedkeuren"}
    )
    assert response.status_code == 302
    opgave.refresh_from_db()
    assert opgave.status == Urenopgave.Status.GOEDGEKEURD


@pytest.mark.parametrize(
    "url, als", [("overdrachten:uren_goedkeuren", "projectleider"),
                 ("overdrachten:partner_uren", "roc_medewerker")],
)  # fmt: skip
def test_hours_lists_queries_do_not_grow(request, client_as, tarief, roc_medewerker, url, als):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(request.getfixturevalue(als))

    def dien_in(medewerker):
        uren.dien_uren_in(
            tarief=tarief, kwartaal=3, medewerker=medewerker, uren=Decimal("2"), door=roc_medewerker
        )

    def tel():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(url))
        assert response.status_code == 200
        return len(queries), response.content.decode()

    dien_in("Docent 0")
    weinig, _ = tel()
    for i in range(1, 6):
        dien_in(f"Docent {i}")
    veel, pagina = tel()
    assert veel == weinig and "Docent 5" in pagina
