"""The ledger's invariants: append-only in the database, reversals net to zero exactly once,
balances are the sum of their rows, in natura = hours x tariff."""

import datetime
from collections import defaultdict
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
from loket.geld import rond_af

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
    tarief = TariefFactory(
        loket=loket,
        jaar=2026,
        organisatie=bron.organisatie,
        rol="RMC-consulent",
        uurtarief=Decimal("57.35"),
    )
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
uren_st = st.decimals(min_value=Decimal("0.25"), max_value=Decimal("500"), places=2)
tarieven_st = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("250"), places=2)
# A step: book an amount of a kind on cost line i, commit or realise on financing line i, book
# hours x tariff, or reverse booking j (possibly again).
stappen = st.lists(
    st.one_of(
        st.tuples(
            st.just("kosten"),
            st.sampled_from([BoekingSoort.BEGROOT, BoekingSoort.UITGAVE]),
            st.integers(0, 2),
            bedragen,
        ),
        st.tuples(
            st.just("financiering"),
            st.sampled_from([BoekingSoort.TOEZEGGING, BoekingSoort.REALISATIE]),
            st.integers(0, 1),
            bedragen,
        ),
        st.tuples(st.just("uren"), st.integers(0, 1), uren_st, tarieven_st),
        st.tuples(st.just("tegen"), st.integers(0, 30)),
    ),
    min_size=1,
    max_size=25,
)


class TestLedgerProperties(HypothesisTestCase):
    @settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(stappen=stappen)
    def test_balances_equal_rows_and_reversals_net_to_zero(self, stappen):
        loket = LoketFactory()
        begroting = BegrotingFactory(loket=loket, jaar=2026)
        posten = [KostenpostFactory(begroting=begroting) for _ in range(3)]
        bronnen = [FinancieringsbronFactory(begroting=begroting) for _ in range(2)]
        geboekt: list[Boeking] = []
        tegengeboekt: set[int] = set()
        verwacht: dict[tuple, Decimal] = defaultdict(Decimal)
        verwachte_uren: dict[int, Decimal] = defaultdict(Decimal)
        for stap in stappen:
            if stap[0] == "kosten":
                _, soort, i, bedrag = stap
                regel = {"kostenpost": posten[i]}
            elif stap[0] == "financiering":
                _, soort, i, bedrag = stap
                regel = {"financieringsbron": bronnen[i]}
            elif stap[0] == "uren":
                _, i, uren, tarief = stap
                if rond_af(uren * tarief) <= 0:
                    continue
                boeking = services.boek(
                    loket=loket,
                    jaar=2026,
                    soort=BoekingSoort.REALISATIE,
                    financieringsbron=bronnen[i],
                    uren=uren,
                    tarief=tarief,
                    datum=DATUM,
                )
                assert boeking.bedrag == rond_af(uren * tarief)
                geboekt.append(boeking)
                verwacht[(BoekingSoort.REALISATIE, bronnen[i].pk)] += boeking.bedrag
                verwachte_uren[bronnen[i].pk] += uren
                continue
            else:
                if not geboekt:
                    continue
                origineel = geboekt[stap[1] % len(geboekt)]
                if origineel.pk in tegengeboekt:
                    with self.assertRaises(ValidationError):
                        services.tegenboek(origineel, reden="Opnieuw", datum=DATUM)
                    continue
                tegen = services.tegenboek(origineel, reden="Correctie", datum=DATUM)
                tegengeboekt.add(origineel.pk)
                assert tegen.bedrag + origineel.bedrag == 0
                regel_pk = origineel.kostenpost_id or origineel.financieringsbron_id
                verwacht[(origineel.soort, regel_pk)] -= origineel.bedrag
                if origineel.uren is not None:
                    verwachte_uren[regel_pk] -= origineel.uren
                continue
            geboekt.append(
                services.boek(
                    loket=loket, jaar=2026, soort=soort, bedrag=bedrag, datum=DATUM, **regel
                )
            )
            verwacht[(soort, next(iter(regel.values())).pk)] += bedrag

        overzicht = selectors.jaaroverzicht(loket, 2026)
        rijen = list(Boeking.objects.filter(loket=loket))

        def som(soorten, **regel):
            return sum(
                (
                    b.bedrag
                    for b in rijen
                    if b.soort in soorten
                    and all(getattr(b, f"{k}_id") == v.pk for k, v in regel.items())
                ),
                Decimal("0"),
            )

        for r in overzicht.kosten:
            assert r.begroot == som({BoekingSoort.BEGROOT}, kostenpost=r.post)
            assert r.uitgegeven == som({BoekingSoort.UITGAVE}, kostenpost=r.post)
            assert r.begroot == verwacht[(BoekingSoort.BEGROOT, r.post.pk)]
            assert r.uitgegeven == verwacht[(BoekingSoort.UITGAVE, r.post.pk)]
        for r in overzicht.financiering:
            assert r.begroot == som({BoekingSoort.TOEZEGGING}, financieringsbron=r.bron)
            assert r.gerealiseerd == som({BoekingSoort.REALISATIE}, financieringsbron=r.bron)
            assert r.begroot == verwacht[(BoekingSoort.TOEZEGGING, r.bron.pk)]
            assert r.gerealiseerd == verwacht[(BoekingSoort.REALISATIE, r.bron.pk)]
            assert r.uren == verwachte_uren[r.bron.pk]
        # Partner totals and the norm agree with the lines.
        partners = {p.organisatie.pk: p for p in selectors.partnertotalen(loket, 2026)}
        for r in overzicht.financiering:
            if r.bron.organisatie_id in partners:
                p = partners[r.bron.organisatie_id]
                assert (p.toegezegd, p.gerealiseerd, p.uren) == (r.begroot, r.gerealiseerd, r.uren)
                assert sum(p.per_kwartaal.values()) == p.gerealiseerd
        assert overzicht.normtoets.toegezegd == overzicht.cofinanciering_toegezegd
        assert sum((r.bedrag for r in rijen), Decimal("0")) == (
            overzicht.totaal_kosten_begroot
            + overzicht.totaal_kosten_uitgegeven
            + overzicht.totaal_financiering_begroot
            + overzicht.totaal_financiering_gerealiseerd
        )
        # Every reversed original and its reversal together are zero; each at most once.
        tegens = [b for b in rijen if b.tegenboeking_van_id]
        originelen = {b.pk: b for b in rijen}
        for tegen in tegens:
            origineel = originelen[tegen.tegenboeking_van_id]
            assert tegen.bedrag + origineel.bedrag == 0
            if origineel.uren is not None:
                assert tegen.uren + origineel.uren == 0
        assert len(tegens) == len(tegengeboekt) == len({t.tegenboeking_van_id for t in tegens})
        assert not Kwartaalafsluiting.objects.filter(loket=loket).exists()
