"""monitor/programma.py: the figures across loketten (issue 17), protected per quarter over every
loket, the medians over shown values, the sort that never ranks hidden cells, the query count."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket import perioden
from monitor.models import Doelstelling
from monitor.programma import AFLOPEND, OPLOPEND, medianen, programma
from monitor.stoplicht import AFGESCHERMD_KLEUR

from ..factories import IntakeFactory, KlantFactory, LoketFactory, RegioFactory

Q1 = perioden.kwartaal(2025, 1)
Q2 = perioden.kwartaal(2025, 2)
JAAR = perioden.jaar(2025)


def intakes(loket, aantal, datum):
    klant = KlantFactory(loket=loket)
    for _ in range(aantal):
        IntakeFactory(klant=klant, datum=datum)


@pytest.fixture
def regios(db):
    return RegioFactory(naam="Noord", code="N"), RegioFactory(naam="Zuid", code="Z")


@pytest.fixture
def vier(regios):
    noord, zuid = regios
    loketten = [
        LoketFactory(code="AA", regio=noord),
        LoketFactory(code="BB", regio=noord),
        LoketFactory(code="CC", regio=zuid),
        LoketFactory(code="DD", regio=zuid),
    ]
    for lk, n in zip(loketten, (3, 20, 12, 7), strict=True):
        intakes(lk, n, datetime.date(2025, 2, 10))
    return loketten


def test_a_small_loket_is_hidden_with_one_complement_and_the_total_shown(vier):
    p = programma(vier, Q1)
    cellen = {r.loket.code: r.waarden["nieuwe_klanten"] for r in p.rijen}
    assert cellen == {"AA": "< 5", "BB": 20, "CC": 12, "DD": "•"}
    assert p.landelijk and p.totaal["nieuwe_klanten"] == 42
    assert p.trend["nieuwe_klanten"] == [42]
    # the median is over the shown values only (20 and 12)
    assert p.mediaan["nieuwe_klanten"] == Decimal(16)


def test_a_region_sees_the_same_cells_and_a_derived_total(vier, regios):
    noord = [lk for lk in vier if lk.regio == regios[0]]
    zuid = [lk for lk in vier if lk.regio == regios[1]]
    assert programma(noord, Q1).totaal["nieuwe_klanten"] == "•"  # AA is hidden
    p = programma(zuid, Q1)
    assert not p.landelijk
    assert [r.waarden["nieuwe_klanten"] for r in p.rijen] == [12, "•"]
    assert p.totaal["nieuwe_klanten"] == "•"
    assert p.mediaan["nieuwe_klanten"] == Decimal(12)


def test_a_year_is_the_sum_of_shown_quarters(vier):
    intakes(vier[1], 6, datetime.date(2025, 5, 1))
    p = programma(vier, JAAR)
    cellen = {r.loket.code: r.waarden["nieuwe_klanten"] for r in p.rijen}
    # AA: "< 5" in Q1 and 0 in Q2 sum to "•"; its quarters are still in the trend's cells
    assert cellen == {"AA": "•", "BB": 26, "CC": 12, "DD": "•"}
    assert p.trend["nieuwe_klanten"] == [42, 6, 0, 0]
    assert p.totaal["nieuwe_klanten"] == 48


def test_a_small_total_hides_every_loket(regios):
    a, b = LoketFactory(code="AA", regio=regios[0]), LoketFactory(code="BB", regio=regios[0])
    intakes(a, 2, datetime.date(2025, 1, 5))
    intakes(b, 1, datetime.date(2025, 1, 5))
    p = programma([a, b], Q1)
    assert p.totaal["nieuwe_klanten"] == "< 5"
    assert [r.waarden["nieuwe_klanten"] for r in p.rijen] == ["•", "•"]
    assert p.mediaan["nieuwe_klanten"] is None


def test_sorting_puts_hidden_cells_last_in_code_order_both_ways(vier):
    p = programma(vier, Q1)
    codes = [r.loket.code for r in p.gesorteerd("nieuwe_klanten", OPLOPEND)]
    assert codes == ["CC", "BB", "AA", "DD"]
    codes = [r.loket.code for r in p.gesorteerd("nieuwe_klanten", AFLOPEND)]
    assert codes == ["BB", "CC", "AA", "DD"]
    assert [r.loket.code for r in p.gesorteerd("bestaat-niet")] == ["AA", "BB", "CC", "DD"]


def test_stoplights_are_judged_on_the_shown_stand(vier):
    for lk in vier[:2]:
        Doelstelling.objects.create(
            loket=lk,
            indicator="nieuwe_klanten",
            startdatum=datetime.date(2025, 1, 1),
            einddatum=datetime.date(2025, 3, 31),
            streefwaarde=Decimal(10),
        )
    p = programma(vier, Q1)
    aa, bb = p.rijen[0].doelen[0], p.rijen[1].doelen[0]
    assert aa.afgeschermd and aa.beoordeling.kleur == AFGESCHERMD_KLEUR
    assert aa.beoordeling.prognose is None
    assert bb.stand == 20 and bb.beoordeling.kleur == "groen"
    assert p.rijen[2].doelen == []


def test_only_whole_quarters():
    with pytest.raises(ValueError):
        programma([], perioden.vrij(datetime.date(2025, 1, 1), datetime.date(2025, 1, 2)))


def test_medianen_for_the_benchmark(vier):
    uit = medianen(vier[2], Q1)
    assert uit["nieuwe_klanten"] == (Decimal(12), Decimal(16))
    assert set(uit) >= {"nieuwe_klanten", "tevredenheid_klanten", "cofinanciering_pct"}


def _queries(loketten, periode) -> int:
    with CaptureQueriesContext(connection) as ctx:
        programma(loketten, periode)
    return len(ctx.captured_queries)


def _met_doel(loket):
    Doelstelling.objects.create(
        loket=loket,
        indicator="nieuwe_klanten",
        startdatum=datetime.date(2025, 1, 1),
        einddatum=datetime.date(2025, 12, 31),
        streefwaarde=Decimal(10),
    )
    return loket


def test_query_count_does_not_grow_with_the_loketten_or_the_data(regios):
    """The protection always measures every loket: 2 loketten in the installation, then 6."""
    loketten = [_met_doel(LoketFactory(regio=regios[i % 2])) for i in range(2)]
    twee = _queries(loketten, JAAR)
    loketten += [_met_doel(LoketFactory(regio=regios[i % 2])) for i in range(4)]
    for lk in loketten:
        intakes(lk, 7, datetime.date(2025, 8, 1))
    zes = _queries(loketten, JAAR)
    assert zes <= twee, (twee, zes)
