"""The ledger's invariants: append-only in the database, reversals net to zero exactly once,
balances are the sum of their rows, in natura = hours x tariff."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from financiering import selectors, services
from financiering.constants import BoekingSoort, Financieringssoort, Kostencategorie
from financiering.models import Boeking, Kwartaalafsluiting, UrenInzet

from ..factories import LoketFactory, OrganisatieFactory
from .factories import BegrotingFactory, FinancieringsbronFactory, KostenpostFactory, TariefFactory

DATUM = datetime.date(2026, 2, 10)


@pytest.fixture
def boeking(loket):
    post = KostenpostFactory(begroting=BegrotingFactory(loket=loket, jaar=2026))
    return services.boek(
        loket=loket,
        jaar=2026,
        soort=BoekingSoort.UITGAVE,
        kostenpost=post,
        bedrag=Decimal("100.00"),
        datum=DATUM,
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE financiering_boeking SET bedrag = 1 WHERE id = %s",
        "DELETE FROM financiering_boeking WHERE id = %s",
    ],
)
def test_database_refuses_update_and_delete(boeking, sql):
    with pytest.raises(DatabaseError), connection.cursor() as cursor:
        cursor.execute(sql, [boeking.pk])
    assert Boeking.objects.get(pk=boeking.pk).bedrag == Decimal("100.00")


@pytest.mark.django_db(transaction=True)
def test_database_refuses_truncate(boeking):
    with pytest.raises(DatabaseError, match="append-only"), connection.cursor() as cursor:
        cursor.execute("SET leerwerkloket.test_flush = off")
        try:
            cursor.execute("TRUNCATE financiering_boeking CASCADE")
        finally:
            cursor.execute("SET leerwerkloket.test_flush = on")
    assert Boeking.objects.filter(pk=boeking.pk).exists()


@pytest.mark.django_db
def test_orm_update_refused(boeking):
    boeking.bedrag = Decimal("1.00")
    with pytest.raises(DatabaseError), transaction.atomic():
        boeking.save()


@pytest.mark.django_db
def test_reversal_nets_to_zero_and_only_once(loket, boeking, projectleider):
    tegen = services.tegenboek(boeking, reden="Dubbel geboekt", datum=DATUM, door=projectleider)
    assert tegen.bedrag == Decimal("-100.00")
    assert tegen.tegenboeking_van == boeking and tegen.reden == "Dubbel geboekt"
    assert selectors.saldo(loket, 2026, BoekingSoort.UITGAVE, kostenpost=boeking.kostenpost) == 0
    with pytest.raises(ValidationError, match="al tegengeboekt"):
        services.tegenboek(boeking, reden="Nog eens", datum=DATUM)
    with pytest.raises(ValidationError, match="zelf niet"):
        services.tegenboek(tegen, reden="Terug", datum=DATUM)


@pytest.mark.django_db
def test_reversal_requires_reason(boeking):
    with pytest.raises(ValidationError, match="reden"):
        services.tegenboek(boeking, reden="  ")
    assert not Boeking.objects.filter(tegenboeking_van=boeking).exists()


@pytest.mark.django_db
def test_database_allows_one_reversal_only_and_only_an_exact_one(boeking):
    def rij(bedrag, reden="Fout"):
        return Boeking(
            loket=boeking.loket,
            jaar=2026,
            datum=DATUM,
            soort=boeking.soort,
            kostenpost=boeking.kostenpost,
            bedrag=bedrag,
            tegenboeking_van=boeking,
            reden=reden,
        )

    with pytest.raises(DatabaseError, match="exacte tegendeel"), transaction.atomic():
        rij(Decimal("-90.00")).save()
    with pytest.raises(IntegrityError, match="tegenboeking_heeft_reden"), transaction.atomic():
        rij(Decimal("-100.00"), reden="").save()
    rij(Decimal("-100.00")).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        rij(Decimal("-100.00")).save()


@pytest.mark.django_db
def test_negative_original_refused_by_service_and_database(loket, boeking):
    with pytest.raises(ValidationError, match="tegenboeking"):
        services.boek(
            loket=loket,
            jaar=2026,
            soort=BoekingSoort.UITGAVE,
            kostenpost=boeking.kostenpost,
            bedrag=Decimal("-5"),
            datum=DATUM,
        )
    with pytest.raises(IntegrityError, match="boeking_teken_klopt"), transaction.atomic():
        Boeking.objects.create(
            loket=loket,
            jaar=2026,
            datum=DATUM,
            soort=BoekingSoort.UITGAVE,
            kostenpost=boeking.kostenpost,
            bedrag=Decimal("-5"),
        )


@pytest.mark.django_db
def test_line_of_another_loket_refused(loket, boeking):
    elders = LoketFactory()
    with pytest.raises(ValidationError, match="niet bij dit loket"):
        services.boek(
            loket=elders,
            jaar=2026,
            soort=BoekingSoort.UITGAVE,
            kostenpost=boeking.kostenpost,
            bedrag=Decimal("5"),
            datum=DATUM,
        )
    with pytest.raises(DatabaseError, match="niet bij dit loket"), transaction.atomic():
        Boeking.objects.create(
            loket=elders,
            jaar=2026,
            datum=DATUM,
            soort=BoekingSoort.UITGAVE,
            kostenpost=boeking.kostenpost,
            bedrag=Decimal("5"),
        )


@pytest.mark.django_db
def test_in_natura_amount_is_hours_times_tariff(loket, projectleider):
    bron = FinancieringsbronFactory(begroting=BegrotingFactory(loket=loket, jaar=2026))
    tarief = TariefFactory(loket=loket, jaar=2026, rol="RMC-consulent", uurtarief=Decimal("57.35"))
    inzet = services.registreer_uren(
        financieringsbron=bron,
        tarief=tarief,
        medewerker="RMC-consulent",
        uren=Decimal("12.5"),
        kwartaal=1,
        maand=2,
        datum=DATUM,
        door=projectleider,
    )
    # 12,5 x 57,35 = 716,875 -> half-up 716,88
    assert inzet.boeking.bedrag == Decimal("716.88")
    assert inzet.boeking.uren == Decimal("12.50") and inzet.boeking.tarief == Decimal("57.35")
    assert inzet.boeking.soort == BoekingSoort.REALISATIE
    assert inzet.boeking.organisatie == bron.organisatie
    with pytest.raises(ValidationError, match="uren × tarief"):
        services.boek(
            loket=loket,
            jaar=2026,
            soort=BoekingSoort.REALISATIE,
            financieringsbron=bron,
            uren=Decimal("10"),
            tarief=Decimal("50"),
            bedrag=Decimal("499.99"),
            datum=DATUM,
        )
    with pytest.raises(ValidationError, match="niet in kwartaal"):
        services.registreer_uren(
            financieringsbron=bron,
            tarief=tarief,
            medewerker="X",
            uren=Decimal("1"),
            kwartaal=2,
            maand=1,
            datum=DATUM,
        )
    # A reversal of hours negates hours and amount: still hours x tariff.
    tegen = services.tegenboek(inzet.boeking, reden="Verkeerde maand", datum=DATUM)
    assert tegen.uren == Decimal("-12.50") and tegen.bedrag == Decimal("-716.88")
    assert UrenInzet.objects.count() == 1


@pytest.mark.django_db
def test_database_enforces_hours_times_tariff(loket):
    bron = FinancieringsbronFactory(begroting=BegrotingFactory(loket=loket, jaar=2026))
    velden = {
        "loket": loket,
        "jaar": 2026,
        "datum": DATUM,
        "soort": BoekingSoort.REALISATIE,
        "financieringsbron": bron,
        "organisatie": bron.organisatie,
    }
    with pytest.raises(IntegrityError, match="boeking_uren_maal_tarief"), transaction.atomic():
        Boeking.objects.create(
            **velden, uren=Decimal("10"), tarief=Decimal("50"), bedrag=Decimal("501")
        )
    with pytest.raises(IntegrityError, match="boeking_uren_maal_tarief"), transaction.atomic():
        Boeking.objects.create(**velden, uren=Decimal("10"), bedrag=Decimal("500"))
    # The database rounds half-up like rond_af: 2,5 x 0,15 = 0,375 -> 0,38
    Boeking.objects.create(
        **velden, uren=Decimal("3"), tarief=Decimal("0.13"), bedrag=Decimal("0.39")
    )
    Boeking.objects.create(
        **velden, uren=Decimal("2.5"), tarief=Decimal("0.15"), bedrag=Decimal("0.38")
    )


@pytest.mark.django_db
def test_cofinancing_budget_is_a_commitment(loket):
    begroting = BegrotingFactory(loket=loket, jaar=2026)
    partner = OrganisatieFactory(loket=loket)
    bron = services.voeg_financieringsbron_toe(
        begroting,
        naam="Partner",
        soort=Financieringssoort.COFINANCIERING,
        organisatie=partner,
        bedrag=Decimal("1000"),
        datum=DATUM,
    )
    assert bron.boekingen.get().soort == BoekingSoort.TOEZEGGING
    with pytest.raises(ValidationError, match="toezegging"):
        services.boek(
            loket=loket,
            jaar=2026,
            soort=BoekingSoort.BEGROOT,
            financieringsbron=bron,
            bedrag=Decimal("1"),
            datum=DATUM,
        )
    services.voeg_kostenpost_toe(
        begroting, naam="A", categorie=Kostencategorie.OVERIG, bedrag=Decimal("1"), datum=DATUM
    )
    with pytest.raises(ValidationError, match="al een kostenpost"):
        services.voeg_kostenpost_toe(
            begroting, naam="a", categorie=Kostencategorie.OVERIG, bedrag=Decimal("1"), datum=DATUM
        )


bedragen = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2, allow_nan=False
)
# A step: book an amount of a kind on line i, or reverse booking j (possibly again).
stappen = st.lists(
    st.one_of(
        st.tuples(
            st.just("boek"),
            st.sampled_from([BoekingSoort.BEGROOT, BoekingSoort.UITGAVE]),
            st.integers(0, 2),
            bedragen,
        ),
        st.tuples(st.just("tegen"), st.integers(0, 30)),
    ),
    min_size=1,
    max_size=25,
)


class TestLedgerProperties(HypothesisTestCase):
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(stappen=stappen)
    def test_balances_equal_rows_and_reversals_net_to_zero(self, stappen):
        loket = LoketFactory()
        begroting = BegrotingFactory(loket=loket, jaar=2026)
        posten = [KostenpostFactory(begroting=begroting) for _ in range(3)]
        geboekt: list[Boeking] = []
        tegengeboekt: set[int] = set()
        verwacht: dict[tuple, Decimal] = {}
        for stap in stappen:
            if stap[0] == "boek":
                _, soort, i, bedrag = stap
                geboekt.append(
                    services.boek(
                        loket=loket,
                        jaar=2026,
                        soort=soort,
                        kostenpost=posten[i],
                        bedrag=bedrag,
                        datum=DATUM,
                    )
                )
                sleutel = (soort, posten[i].pk)
                verwacht[sleutel] = verwacht.get(sleutel, Decimal("0")) + bedrag
            elif geboekt:
                origineel = geboekt[stap[1] % len(geboekt)]
                if origineel.pk in tegengeboekt:
                    with self.assertRaises(ValidationError):
                        services.tegenboek(origineel, reden="Opnieuw", datum=DATUM)
                    continue
                tegen = services.tegenboek(origineel, reden="Correctie", datum=DATUM)
                tegengeboekt.add(origineel.pk)
                assert tegen.bedrag + origineel.bedrag == 0
                sleutel = (origineel.soort, origineel.kostenpost_id)
                verwacht[sleutel] -= origineel.bedrag
        overzicht = selectors.jaaroverzicht(loket, 2026)
        for regel in overzicht.kosten:
            rijen = Boeking.objects.filter(kostenpost=regel.post)
            assert regel.begroot == sum(
                (b.bedrag for b in rijen if b.soort == BoekingSoort.BEGROOT), Decimal("0")
            )
            assert regel.uitgegeven == sum(
                (b.bedrag for b in rijen if b.soort == BoekingSoort.UITGAVE), Decimal("0")
            )
            assert regel.begroot == verwacht.get((BoekingSoort.BEGROOT, regel.post.pk), 0)
            assert regel.uitgegeven == verwacht.get((BoekingSoort.UITGAVE, regel.post.pk), 0)
        assert overzicht.totaal_kosten_begroot + overzicht.totaal_kosten_uitgegeven == sum(
            (b.bedrag for b in Boeking.objects.filter(loket=loket)), Decimal("0")
        )
        # Every reversed original and its reversal together are zero.
        for tegen in Boeking.objects.filter(loket=loket, tegenboeking_van__isnull=False):
            assert tegen.bedrag + tegen.tegenboeking_van.bedrag == 0
        assert Boeking.objects.filter(loket=loket, tegenboeking_van__isnull=False).count() == len(
            tegengeboekt
        )
        assert not Kwartaalafsluiting.objects.filter(loket=loket).exists()
