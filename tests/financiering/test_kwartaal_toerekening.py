"""Hours count in the quarter they are for, commitments carry their own date, and closing a
quarter asks first (issue 13, points 3 and 5)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from freezegun import freeze_time
from hypothesis import given
from hypothesis import strategies as st

from financiering import selectors, services
from financiering.constants import BoekingSoort, Financieringssoort, Vorm
from financiering.models import Boeking, Kwartaalafsluiting, UrenInzet

from .factories import BegrotingFactory, FinancieringsbronFactory, TariefFactory


@pytest.fixture
def uren_bron(loket):
    return FinancieringsbronFactory(begroting=BegrotingFactory(loket=loket, jaar=2026))


@pytest.fixture
def tarief(loket, uren_bron):
    # A tariff belongs to the partner whose hours it values.
    return TariefFactory(
        loket=loket,
        jaar=2026,
        rol="Loketadviseur",
        uurtarief=Decimal("62.50"),
        organisatie=uren_bron.organisatie,
    )


def _uren_formulier(bron, tarief, kwartaal, maand=""):
    return {
        "financieringsbron": bron.pk,
        "tarief": tarief.pk,
        "medewerker": "Loketadviseur",
        "kwartaal": str(kwartaal),
        "maand": str(maand),
        "uren": "10",
    }


@pytest.mark.django_db
def test_hours_typed_on_1_december_for_q1_count_in_q1(client_as, projectleider, uren_bron, tarief):
    with freeze_time("2026-12-01 09:00:00"):
        client = client_as(projectleider)
        r = client.post(
            reverse("financiering:uren_create", args=[2026]),
            _uren_formulier(uren_bron, tarief, 1),
        )
        assert r.status_code == 302
        lijst = client.get(reverse("financiering:boeking_list") + "?jaar=2026").content.decode()
        r = client.get(reverse("financiering:partner", args=[2026, uren_bron.organisatie.pk]))
    inzet = UrenInzet.objects.select_related("boeking").get()
    # The booking is about the quarter's last day; it was recorded on 1 December.
    assert inzet.boeking.datum == datetime.date(2026, 3, 31)
    assert inzet.boeking.geboekt_op.date() == datetime.date(2026, 12, 1)
    # The ledger shows both: the date the hours are about and when they were recorded.
    assert "31-03-2026" in lijst and "01-12-2026 10:00" in lijst
    regel = r.context["regel"]
    assert regel.uren_per_kwartaal == {
        1: Decimal("10.00"),
        2: Decimal("0.00"),
        3: Decimal("0.00"),
        4: Decimal("0.00"),
    }
    assert regel.per_kwartaal[1] == Decimal("625.00") and regel.per_kwartaal[4] == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("nu", "kwartaal", "maand", "verwacht"),
    [
        ("2026-02-10 12:00:00", 1, None, datetime.date(2026, 2, 10)),  # quarter still running
        ("2026-03-31 21:30:00", 1, None, datetime.date(2026, 3, 31)),  # 23:30 in Amsterdam
        ("2026-03-31 22:30:00", 1, None, datetime.date(2026, 3, 31)),  # 00:30 on 1 April
        ("2026-12-01 09:00:00", 1, 2, datetime.date(2026, 2, 28)),  # a month: its last day
        ("2026-12-31 22:59:00", 4, None, datetime.date(2026, 12, 31)),
    ],
)
def test_hours_are_dated_in_their_period(uren_bron, tarief, nu, kwartaal, maand, verwacht):
    with freeze_time(nu):
        inzet = services.registreer_uren(
            financieringsbron=uren_bron,
            tarief=tarief,
            medewerker="X",
            uren=Decimal("1"),
            kwartaal=kwartaal,
            maand=maand,
        )
    assert inzet.boeking.datum == verwacht
    assert services.kwartaal_van(inzet.boeking.datum) == kwartaal


@pytest.mark.django_db
def test_hours_for_a_future_or_closed_quarter_are_refused(loket, uren_bron, tarief):
    with freeze_time("2026-05-10"), pytest.raises(ValidationError, match="nog niet begonnen"):
        services.registreer_uren(
            financieringsbron=uren_bron,
            tarief=tarief,
            medewerker="X",
            uren=Decimal("1"),
            kwartaal=3,
        )
    with freeze_time("2026-04-02"):
        services.sluit_kwartaal(loket, 2026, 1)
    with freeze_time("2026-05-10"), pytest.raises(ValidationError, match="afgesloten"):
        services.registreer_uren(
            financieringsbron=uren_bron,
            tarief=tarief,
            medewerker="X",
            uren=Decimal("1"),
            kwartaal=1,
        )
    with pytest.raises(ValidationError, match="valt niet in de periode"):
        services.registreer_uren(
            financieringsbron=uren_bron,
            tarief=tarief,
            medewerker="X",
            uren=Decimal("1"),
            kwartaal=2,
            datum=datetime.date(2026, 7, 1),
        )
    assert not UrenInzet.objects.exists() and not Boeking.objects.exists()


@pytest.mark.django_db
def test_commitment_carries_its_own_date(client_as, projectleider, partner):
    url = reverse("financiering:financieringsbron_create", args=[2026])
    gegevens = {
        "naam": "UWV uren",
        "soort": Financieringssoort.COFINANCIERING,
        "organisatie": partner.pk,
        "vorm": Vorm.IN_NATURA,
        "bedrag": "12.500",
    }
    with freeze_time("2026-03-20 10:00:00"):
        client = client_as(projectleider)
        r = client.post(url, {**gegevens, "datum": "2026-03-21"})
        assert r.status_code == 400 and "niet in de toekomst" in r.content.decode()
        r = client.post(url, gegevens)
        assert r.status_code == 400 and "datum van de toezegging" in r.content.decode()
        assert client.post(url, {**gegevens, "datum": "2026-01-12"}).status_code == 302
    toezegging = Boeking.objects.get(soort=BoekingSoort.TOEZEGGING)
    assert toezegging.datum == datetime.date(2026, 1, 12)
    assert toezegging.geboekt_op.date() == datetime.date(2026, 3, 20)


@pytest.mark.django_db
def test_closing_a_quarter_shows_what_happens_and_asks_first(
    client_as, projectleider, loket, uren_bron, tarief
):
    with freeze_time("2026-02-10"):
        services.registreer_uren(
            financieringsbron=uren_bron,
            tarief=tarief,
            medewerker="X",
            uren=Decimal("4"),
            kwartaal=1,
        )
    url = reverse("financiering:kwartaal_sluiten", args=[2026])
    with freeze_time("2026-04-02 09:00:00"):
        client = client_as(projectleider)
        r = client.get(url, {"kwartaal": "1"})
        html = r.content.decode()
        assert r.status_code == 200
        assert "01-01-2026 t/m 31-03-2026" in html and "€ 250,00" in html
        assert "niet ongedaan" in html and "definitief" in html
        assert not Kwartaalafsluiting.objects.exists()  # looking closes nothing
        r = client.post(url, {"kwartaal": "1"})
        assert r.status_code == 400 and not Kwartaalafsluiting.objects.exists()
        r = client.post(url, {"kwartaal": "1", "bevestig": "on"})
        assert r.status_code == 302
        assert Kwartaalafsluiting.objects.filter(kwartaal=1, afgesloten_door=projectleider)
        r = client.get(url, {"kwartaal": "1"})
        assert "al afgesloten" in r.content.decode() and "definitief afsluiten" not in (
            r.content.decode()
        )
        r = client.get(url, {"kwartaal": "2"})
        assert "nog niet voorbij" in r.content.decode()
        assert client.get(url, {"kwartaal": "9"}).status_code == 400
    samenvatting = selectors.kwartaalsamenvatting(loket, 2026, 1)
    assert samenvatting.aantal == 1


@given(
    jaar=st.integers(2000, 2100),
    kwartaal=st.integers(1, 4),
    maand_in_kwartaal=st.one_of(st.none(), st.integers(0, 2)),
    vandaag=st.dates(datetime.date(2000, 1, 1), datetime.date(2101, 12, 31)),
)
def test_hours_date_lies_in_their_period_and_never_after_today(
    jaar, kwartaal, maand_in_kwartaal, vandaag
):
    maand = None if maand_in_kwartaal is None else (kwartaal - 1) * 3 + 1 + maand_in_kwartaal
    begin = datetime.date(jaar, maand or (kwartaal - 1) * 3 + 1, 1)
    if vandaag < begin:
        with pytest.raises(ValidationError, match="nog niet begonnen"):
            services.datum_voor_periode(jaar, kwartaal, maand, vandaag)
        return
    datum = services.datum_voor_periode(jaar, kwartaal, maand, vandaag)
    assert datum.year == jaar and services.kwartaal_van(datum) == kwartaal
    assert maand is None or datum.month == maand
    assert begin <= datum <= vandaag
    # The last day of the period once it is over.
    volgende = services.datum_voor_periode(jaar, kwartaal, maand, datetime.date(2102, 1, 1))
    assert (volgende + datetime.timedelta(days=1)).month != volgende.month
