"""The co-financing norm on the seed's 2010 figures (both bases) and on a 2014-style year."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from financiering import selectors, services
from financiering.constants import BoekingSoort, Financieringssoort, NormBasis, Vorm

from ..factories import OrganisatieFactory
from .factories import TariefFactory


@pytest.mark.django_db
def test_2010_budget_totals_and_difference(loket, begroting_2010):
    overzicht = selectors.jaaroverzicht(loket, 2010)
    assert overzicht.totaal_kosten_begroot == Decimal("235000.00")
    assert overzicht.totaal_financiering_begroot == Decimal("236500.00")
    assert overzicht.verschil_begroot == Decimal("1500.00")
    assert overzicht.rijksbijdrage == Decimal("182400.00")
    assert overzicht.cofinanciering_toegezegd == Decimal("54100.00")


@pytest.mark.django_db
def test_2010_norm_on_both_bases(loket, begroting_2010):
    toetsen = {t.basis: t for t in selectors.jaaroverzicht(loket, 2010).normtoetsen}
    rijk = toetsen[NormBasis.RIJKSBIJDRAGE]
    assert rijk.geldend
    assert rijk.basisbedrag == Decimal("182400.00")
    assert rijk.toegezegd_pct == Decimal("29.66")
    assert rijk.vereist == Decimal("45600.00")
    assert rijk.toezegging_voldoet
    assert rijk.tekort_toezegging == Decimal("0.00")
    # Nothing realised yet: the whole requirement is still open.
    assert rijk.gerealiseerd == Decimal("0.00")
    assert not rijk.realisatie_voldoet
    assert rijk.tekort_realisatie == Decimal("45600.00")

    basis = toetsen[NormBasis.BASISFINANCIERING]
    assert not basis.geldend
    assert basis.basisbedrag == Decimal("235000.00")
    assert basis.toegezegd_pct == Decimal("23.02")
    assert basis.vereist == Decimal("58750.00")
    assert not basis.toezegging_voldoet
    assert basis.tekort_toezegging == Decimal("4650.00")


@pytest.mark.django_db
def test_norm_basis_is_configurable(loket, begroting_2010):
    services.stel_norm_in(
        begroting_2010, percentage=Decimal("25"), basis=NormBasis.BASISFINANCIERING
    )
    toets = selectors.jaaroverzicht(loket, 2010).normtoets
    assert toets.basis == NormBasis.BASISFINANCIERING
    assert toets.toegezegd_pct == Decimal("23.02")
    assert not toets.toezegging_voldoet


@pytest.mark.django_db
def test_2014_style_year_half_of_100000(loket, projectleider):
    begroting = services.haal_begroting(loket, 2014)
    services.stel_norm_in(begroting, percentage=Decimal("50"), basis=NormBasis.RIJKSBIJDRAGE)
    datum = datetime.date(2014, 2, 1)
    services.voeg_financieringsbron_toe(
        begroting,
        naam="Rijksbijdrage",
        soort=Financieringssoort.RIJKSBIJDRAGE,
        bedrag=Decimal("100000"),
        datum=datum,
    )
    uwv = OrganisatieFactory(loket=loket, naam="UWV")
    gemeente = OrganisatieFactory(loket=loket, naam="Gemeente")
    bron_uwv = services.voeg_financieringsbron_toe(
        begroting,
        naam="UWV uren",
        soort=Financieringssoort.COFINANCIERING,
        organisatie=uwv,
        vorm=Vorm.IN_NATURA,
        bedrag=Decimal("30000"),
        datum=datum,
    )
    services.voeg_financieringsbron_toe(
        begroting,
        naam="Gemeente cash",
        soort=Financieringssoort.COFINANCIERING,
        organisatie=gemeente,
        vorm=Vorm.CASH,
        bedrag=Decimal("15000"),
        datum=datum,
    )
    tarief = TariefFactory(loket=loket, jaar=2014, rol="Adviseur", uurtarief=Decimal("75.00"))
    services.registreer_uren(
        financieringsbron=bron_uwv,
        tarief=tarief,
        medewerker="Adviseur",
        uren=Decimal("300"),
        kwartaal=1,
        datum=datetime.date(2014, 3, 31),
    )
    toets = selectors.jaaroverzicht(loket, 2014).normtoets
    assert toets.vereist == Decimal("50000.00")
    assert toets.toegezegd == Decimal("45000.00")
    assert toets.toegezegd_pct == Decimal("45.00")
    assert not toets.toezegging_voldoet
    assert toets.tekort_toezegging == Decimal("5000.00")
    assert toets.gerealiseerd == Decimal("22500.00")
    assert toets.gerealiseerd_pct == Decimal("22.50")
    assert toets.tekort_realisatie == Decimal("27500.00")
    # A further commitment of 5.000 meets the norm exactly.
    services.boek(
        loket=loket,
        jaar=2014,
        soort=BoekingSoort.TOEZEGGING,
        financieringsbron=bron_uwv,
        bedrag=Decimal("5000"),
        datum=datum,
    )
    toets = selectors.jaaroverzicht(loket, 2014).normtoets
    assert toets.toezegging_voldoet and toets.tekort_toezegging == Decimal("0.00")


@pytest.mark.django_db
def test_selectors_run_a_constant_number_of_queries(loket, begroting_2010):
    with CaptureQueriesContext(connection) as klein:
        assert selectors.jaaroverzicht(loket, 2010).normtoetsen
        selectors.partnertotalen(loket, 2010)
    extra = OrganisatieFactory(loket=loket, naam="Extra partner")
    for i in range(5):
        services.voeg_financieringsbron_toe(
            begroting_2010,
            naam=f"Extra {i}",
            soort=Financieringssoort.COFINANCIERING,
            organisatie=extra,
            bedrag=Decimal("100"),
            datum=datetime.date(2010, 5, 1),
        )
    with CaptureQueriesContext(connection) as groot:
        assert selectors.jaaroverzicht(loket, 2010).normtoetsen
        selectors.partnertotalen(loket, 2010)
    assert len(groot) == len(klein)
