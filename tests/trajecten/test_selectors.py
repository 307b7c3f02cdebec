"""The monitor's trajectory counts against a hand-counted history around the quarter boundary
31-03 23:59 / 01-04 00:00 (Europe/Amsterdam), built through the services at frozen moments."""

import datetime
import types
import zoneinfo

import pytest
from freezegun import freeze_time

from loket.constants import OrganisatieType
from trajecten import selectors, services
from trajecten.constants import Status, TrajectType, Uitkomst
from trajecten.models import Traject

from ..factories import GemeenteFactory, KlantFactory, OrganisatieFactory, WerkgeverFactory
from .factories import KwalificatieFactory, TrajectFactory

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
Q1 = (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
Q2 = (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))


def moment(*args):
    return datetime.datetime(*args, tzinfo=AMS)


@pytest.fixture
def geschiedenis(loket, ander_loket, werkcoach, werkcoach_elders):
    verzoek = types.SimpleNamespace(user=werkcoach)
    g1 = GemeenteFactory(regio=loket.regio, naam="Haarlem")
    g2 = GemeenteFactory(regio=loket.regio, naam="Velsen")
    evc_aanbieder = OrganisatieFactory(
        loket=loket, naam="EVC Centrum", type=OrganisatieType.EVC_AANBIEDER
    )
    roc = OrganisatieFactory(loket=loket, naam="Nova College", type=OrganisatieType.ROC)
    kwalificatie = KwalificatieFactory()
    # Turns 27 on 01-04-2026: younger than 27 on 31-03, 27-44 from 01-04.
    anna = KlantFactory(
        loket=loket, geboortedatum=datetime.date(1999, 4, 1), woongemeente=g1, doelgroep="ww"
    )
    bas = KlantFactory(
        loket=loket,
        geboortedatum=datetime.date(1970, 1, 1),
        woongemeente=None,
        doelgroep="bijstand",
    )
    chantal = KlantFactory(
        loket=loket, geboortedatum=datetime.date(1985, 6, 1), woongemeente=g2, doelgroep="werkend"
    )

    def start(wanneer, klant, soort, aanbieder, **extra):
        with freeze_time(wanneer):
            traject = Traject(
                klant=klant,
                type=soort,
                kwalificatie=kwalificatie,
                aanbieder=aanbieder,
                begeleider=werkcoach,
                **extra,
            )
            return services.start_traject(verzoek, traject)

    def stap(wanneer, traject, naam, **kwargs):
        with freeze_time(wanneer):
            return services.voer_stap_uit(verzoek, traject.pk, naam, **kwargs)

    t5 = start(moment(2025, 12, 31, 23, 59), chantal, TrajectType.EVC, evc_aanbieder)
    stap(moment(2026, 1, 1, 0, 0), t5, "naar_intake")

    t1 = start(moment(2026, 1, 10, 10, 0), anna, TrajectType.EVC, evc_aanbieder)
    stap(moment(2026, 3, 31, 23, 59), t1, "naar_intake")
    stap(moment(2026, 4, 1, 0, 0), t1, "naar_portfolio")

    bedrijf = WerkgeverFactory(loket=loket, erkend_leerbedrijf=True)
    t2 = start(moment(2026, 3, 31, 23, 59), bas, TrajectType.DUAAL, roc, leerbedrijf=bedrijf)
    stap(moment(2026, 4, 1, 0, 0), t2, "zoek_leerbaan")
    stap(moment(2026, 4, 2, 9, 0), t2, "plaats")
    stap(moment(2026, 4, 3, 9, 0), t2, "start_opleiding")
    stap(moment(2026, 6, 30, 23, 59), t2, "behaal_diploma", uitkomst=Uitkomst.STARTKWALIFICATIE)

    t3 = start(moment(2026, 4, 1, 0, 0), anna, TrajectType.EVC, evc_aanbieder)
    fout = stap(moment(2026, 5, 1, 10, 0), t3, "breek_af")
    with freeze_time(moment(2026, 5, 2, 10, 0)):
        services.corrigeer(verzoek, t3.pk, fout.pk, "Verkeerde klant aangeklikt")
    stap(moment(2026, 5, 3, 10, 0), t3, "naar_intake")
    # The first second of Q3 is outside Q2.
    stap(moment(2026, 7, 1, 0, 0), t3, "naar_portfolio")

    # Another loket's trajectory in the same period is never counted.
    with freeze_time(moment(2026, 2, 1, 12, 0)):
        elders = TrajectFactory(
            klant__loket=ander_loket, begeleider=werkcoach_elders, status_sinds=moment(2026, 2, 1)
        )
        services.voer_stap_uit(
            types.SimpleNamespace(user=werkcoach_elders), elders.pk, "naar_intake"
        )
    return types.SimpleNamespace(t1=t1, t2=t2, t3=t3, t5=t5)


@pytest.mark.django_db
def test_first_quarter(loket, geschiedenis, django_assert_num_queries):
    with django_assert_num_queries(1):
        telling = selectors.traject_telling(loket, *Q1)
    assert telling.totaal.gestart == 2  # t1 (10-01) and t2 (31-03 23:59); t5 was 31-12
    assert dict(telling.totaal.bereikt) == {"aangemeld": 2, "intake": 2}  # intake: t5 01-01, t1
    assert telling.totaal.totaal_beeindigd == 0
    type_ = telling.uitsplitsing["type"]
    assert (type_["evc"].gestart, type_["evc"].bereikt["intake"]) == (1, 2)
    assert (type_["duaal"].gestart, type_["duaal"].bereikt["intake"]) == (1, 0)
    leeftijd = telling.uitsplitsing["leeftijdsgroep"]
    assert dict(leeftijd["<27"].bereikt) == {"aangemeld": 1, "intake": 1}  # anna, 26
    assert dict(leeftijd["27-44"].bereikt) == {"intake": 1}  # chantal
    assert dict(leeftijd["45+"].bereikt) == {"aangemeld": 1}  # bas
    gemeente = telling.uitsplitsing["gemeente"]
    assert set(gemeente) == {"Haarlem", "Velsen", selectors.ONBEKEND}
    assert gemeente[selectors.ONBEKEND].gestart == 1
    assert telling.uitsplitsing["aanbieder"]["Nova College"].gestart == 1
    assert telling.uitsplitsing["doelgroep"]["werkend"].bereikt["intake"] == 1


@pytest.mark.django_db
def test_second_quarter(loket, geschiedenis):
    telling = selectors.traject_telling(loket, *Q2)
    assert telling.totaal.gestart == 1  # t3 at 01-04 00:00
    assert dict(telling.totaal.bereikt) == {
        "aangemeld": 1,
        "portfolio": 1,  # t1 at 01-04 00:00; t3's portfolio is on 01-07
        "leerbaan_gezocht": 1,
        "geplaatst": 1,
        "gestart": 1,
        "diploma": 1,
        "intake": 1,  # t3; its corrected 'afgebroken' and the correction do not count
    }
    assert dict(telling.totaal.beeindigd) == {Uitkomst.STARTKWALIFICATIE: 1}
    leeftijd = telling.uitsplitsing["leeftijdsgroep"]
    # Anna turned 27 on 01-04: her portfolio step and t3 count as 27-44.
    assert "<27" not in leeftijd
    assert dict(leeftijd["27-44"].bereikt) == {"aangemeld": 1, "portfolio": 1, "intake": 1}
    assert leeftijd["45+"].beeindigd[Uitkomst.STARTKWALIFICATIE] == 1


@pytest.mark.django_db
def test_whole_half_year_is_the_sum_of_both_quarters(loket, geschiedenis):
    q1 = selectors.traject_telling(loket, *Q1).totaal
    q2 = selectors.traject_telling(loket, *Q2).totaal
    half = selectors.traject_telling(loket, Q1[0], Q2[1]).totaal
    assert half.gestart == q1.gestart + q2.gestart == 3
    assert half.bereikt == q1.bereikt + q2.bereikt


@pytest.mark.django_db
def test_counts_ignore_the_current_status(loket, geschiedenis, werkcoach):
    """t1 moves on after Q1; Q1's counts do not change."""
    voor = selectors.traject_telling(loket, *Q1)
    with freeze_time(moment(2026, 6, 1, 12, 0)):
        services.voer_stap_uit(
            types.SimpleNamespace(user=werkcoach), geschiedenis.t1.pk, "naar_assessment"
        )
    assert selectors.traject_telling(loket, *Q1) == voor


@pytest.mark.django_db
def test_other_loket_counts_only_its_own(ander_loket, geschiedenis):
    telling = selectors.traject_telling(ander_loket, *Q1)
    assert telling.totaal.gestart == 1
    assert dict(telling.totaal.bereikt) == {"aangemeld": 1, "intake": 1}


@pytest.mark.django_db
def test_drill_down_returns_the_trajectories_behind_a_count(loket, geschiedenis):
    g = geschiedenis
    assert set(selectors.trajecten_achter_telling(loket, *Q1, stadium="intake")) == {g.t1, g.t5}
    assert list(selectors.trajecten_achter_telling(loket, *Q2, gestart=True)) == [g.t3]
    assert list(
        selectors.trajecten_achter_telling(loket, *Q2, uitkomst=Uitkomst.STARTKWALIFICATIE)
    ) == [g.t2]
    assert list(
        selectors.trajecten_achter_telling(
            loket, *Q2, stadium=Status.PORTFOLIO, leeftijdsgroep="27-44", gemeente="Haarlem"
        )
    ) == [g.t1]
    assert not selectors.trajecten_achter_telling(loket, *Q2, stadium=Status.AFGEBROKEN).exists()
    with pytest.raises(ValueError, match="Onbekende uitsplitsing"):
        selectors.trajecten_achter_telling(loket, *Q2, postcode="2011")


@pytest.mark.django_db
def test_count_is_one_query_whatever_the_data(loket, werkcoach, django_assert_num_queries):
    for _ in range(30):
        TrajectFactory(klant__loket=loket, begeleider=werkcoach)
    vandaag = datetime.date.today()
    with django_assert_num_queries(1):
        telling = selectors.traject_telling(loket, vandaag, vandaag)
    assert telling.totaal.gestart == 30
