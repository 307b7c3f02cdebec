"""The co-financing norm on the seed's 2010 figures (both bases) and on a 2014-style year."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from financiering import selectors, services
from financiering.constants import BoekingSoort, Financieringssoort, NormBasis, Vorm
from financiering.models import Begroting

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
    tarief = TariefFactory(
        loket=loket, jaar=2014, organisatie=uwv, rol="Adviseur", uurtarief=Decimal("75.00")
    )
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


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("jaar", "percentage"),
    [(2010, "25.00"), (2012, "25.00"), (2013, "50.00"), (2016, "50.00"), (2026, "50.00")],
)
def test_a_new_years_norm_follows_the_year(loket, jaar, percentage):
    """Never a silent 25 %: from 2013 the regulation asks 50 % of the rijksbijdrage."""
    begroting = services.haal_begroting(loket, jaar)
    begroting.refresh_from_db()
    assert begroting.norm_percentage == Decimal(percentage)
    assert begroting.norm_basis == NormBasis.RIJKSBIJDRAGE
    assert begroting.norm_volgt_jaar and begroting.norm_ingesteld_door is None


@pytest.mark.django_db
def test_the_projectleider_sets_another_norm_and_the_page_says_so(client_as, loket, projectleider):
    client = client_as(projectleider)
    jaaroverzicht = reverse("financiering:jaaroverzicht", args=[2014])
    # The norm form is a tab of the financiering pages, for a year without a budget too.
    pagina = client.get(reverse("financiering:boeking_create", args=[2014])).content.decode()
    assert f'href="{reverse("financiering:norm", args=[2014])}"' in pagina
    formulier = client.get(reverse("financiering:norm", args=[2014]))
    assert formulier.status_code == 200 and 'value="50"' in formulier.content.decode()
    assert not Begroting.objects.exists()  # looking at the form creates no budget
    services.voeg_financieringsbron_toe(
        services.haal_begroting(loket, 2014),
        naam="Rijksbijdrage",
        soort=Financieringssoort.RIJKSBIJDRAGE,
        bedrag=Decimal("100000"),
        datum=datetime.date(2014, 1, 2),
    )
    assert "De norm van 2014 volgens de regeling" in client.get(jaaroverzicht).content.decode()
    response = client.post(
        reverse("financiering:norm", args=[2014]),
        {"norm_percentage": "37,5", "norm_basis": NormBasis.RIJKSBIJDRAGE},
    )
    assert response.status_code == 302
    begroting = Begroting.objects.get(loket=loket, jaar=2014)
    assert begroting.norm_percentage == Decimal("37.50")
    assert begroting.norm_ingesteld_door == projectleider and not begroting.norm_volgt_jaar
    tekst = client.get(jaaroverzicht).content.decode()
    assert "Cofinancieringsnorm: 37,5 %" in tekst
    assert "Ingesteld door" in tekst and "volgens de regeling is 50 %" in tekst
    response = client.post(
        reverse("financiering:norm", args=[2014]),
        {"norm_percentage": "37.5", "norm_basis": NormBasis.RIJKSBIJDRAGE},
    )
    assert response.status_code == 400 and "Gebruik een komma" in response.content.decode()


@pytest.mark.django_db
def test_an_unset_norm_that_differs_from_the_year_is_flagged(client_as, loket, projectleider):
    """A budget from before the rule, silently at 25 % in 2015: the page says it deviates."""
    begroting = Begroting.objects.create(loket=loket, jaar=2015, norm_percentage=Decimal("25"))
    assert not begroting.norm_volgt_jaar
    tekst = client_as(projectleider).get(reverse("financiering:jaaroverzicht", args=[2015]))
    assert "wijkt af van de norm van 2015 volgens de regeling (50 %)" in tekst.content.decode()


@pytest.mark.django_db
def test_a_norm_on_a_base_of_zero_is_not_applicable(client_as, loket, projectleider):
    """No rijksbijdrage budgeted: the norm asks nothing, so it is "n.v.t.", never a green
    "voldoet", on the ledger page, the dashboard and in the report."""
    begroting = services.haal_begroting(loket, 2026)
    services.voeg_kostenpost_toe(
        begroting, naam="Loonkosten", categorie="loonkosten", bedrag=Decimal("1000")
    )
    toets = selectors.jaaroverzicht(loket, 2026).normtoets
    assert toets.basisbedrag == Decimal("0") and toets.vereist == Decimal("0.00")
    assert not toets.van_toepassing
    assert not toets.toezegging_voldoet and not toets.realisatie_voldoet
    tekst = client_as(projectleider).get(reverse("financiering:jaaroverzicht", args=[2026]))
    rij = re.search(r"<tr class=\"table-active\">.*?</tr>", tekst.content.decode(), re.S).group(0)
    assert rij.count("n.v.t.") == 2 and "voldoet" not in rij and "stoplicht-groen" not in rij
    # The other base (budgeted costs) does ask something: a shortfall, not n.v.t.
    toetsen = {t.basis: t for t in selectors.jaaroverzicht(loket, 2026).normtoetsen}
    assert toetsen[NormBasis.BASISFINANCIERING].van_toepassing
    dashboard = client_as(projectleider).get(
        reverse("monitor:dashboard"), {"periode": "jaar", "jaar": 2026}
    )
    assert dashboard.status_code == 200
    assert "Norm n.v.t." in dashboard.content.decode()
    assert "De norm is gehaald" not in dashboard.content.decode()
