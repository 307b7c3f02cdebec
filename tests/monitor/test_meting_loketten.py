"""The national view (issue 17): meet_loketten measures many loketten at once. Every indicator of
the registry must give the same value, breakdowns and base for each loket as Meting(loket) alone
(now and at a peilmoment), and the number of queries must not grow with the number of loketten or
with the data: each part is fetched for all loketten in one grouped query."""

import datetime
import itertools
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from aanmelden.constants import ZES_MAANDEN_DAGEN, Aanleiding, EnqueteSoort, Situatie
from aanmelden.models import Enqueteantwoord, Enquetemoment, Enqueteverzoek
from clients.constants import (
    Dienst,
    Doelgroep,
    Hoofddoel,
    Kanaal,
    Verwijzer,
    WerkgeverscontactSoort,
)
from financiering import selectors as fin_selectors
from financiering import services as fin
from financiering.constants import (
    BoekingSoort,
    Financieringssoort,
    Kostencategorie,
    NormBasis,
    Vorm,
)
from loket import perioden
from loket.constants import OrganisatieType, Rol
from monitor.indicatoren import REGISTER
from monitor.meting import Meting, meet_loketten
from monitor.models import Tevredenheidsmeting
from overdrachten import services as overdracht_services
from overdrachten.constants import Uitkomst as OverdrachtUitkomst
from trajecten.constants import STADIA, UITKOMSTEN_PER_EINDSTADIUM, Status, TrajectType
from trajecten.models import TrajectGebeurtenis

from ..factories import (
    ContactmomentFactory,
    GemeenteFactory,
    IntakeFactory,
    KlantFactory,
    LoketFactory,
    OrganisatieFactory,
    UserFactory,
    WerkgeverFactory,
    WerkgeverscontactFactory,
)
from ..financiering.factories import BegrotingFactory
from ..overdrachten.fabriek import maak_overdracht, partner_gebruiker
from ..trajecten.factories import DuaalTrajectFactory, TrajectFactory

AANTAL_LOKETTEN = 6
ENQUETE_INDICATOREN = (
    "enquete_antwoorden",
    "respons_klanten",
    "respons_werkgevers",
    "situatie_zes_maanden",
)
_volgnummer = itertools.count()


def _periode():
    return perioden.jaar(timezone.localdate().year)


def _dag(rng: random.Random) -> datetime.date:
    """A day of this year up to today (hand-overs are dated by when they are made: now)."""
    vandaag = timezone.localdate()
    begin = datetime.date(vandaag.year, 1, 1)
    return begin + datetime.timedelta(days=rng.randrange((vandaag - begin).days + 1))


def _moment(rng: random.Random) -> datetime.datetime:
    dag = _dag(rng)
    return timezone.make_aware(datetime.datetime.combine(dag, datetime.time(rng.randrange(8, 18))))


def _begroting(loket, rng, door):
    """A budget with its norm on a random base, costs, the national contribution and partners'
    co-financing, some of it realised."""
    jaar = timezone.localdate().year
    begroting = BegrotingFactory(
        loket=loket,
        jaar=jaar,
        norm_percentage=Decimal(rng.choice(["20.00", "25.00", "30.00"])),
        norm_basis=rng.choice([NormBasis.RIJKSBIJDRAGE, NormBasis.BASISFINANCIERING]),
    )
    post = fin.voeg_kostenpost_toe(
        begroting,
        naam="Loonkosten",
        categorie=Kostencategorie.LOONKOSTEN,
        bedrag=Decimal(rng.randrange(20_000, 90_000)),
        datum=datetime.date(jaar, 1, 2),
        door=door,
    )
    fin.voeg_financieringsbron_toe(
        begroting,
        naam="Rijksbijdrage",
        soort=Financieringssoort.RIJKSBIJDRAGE,
        bedrag=Decimal(rng.randrange(40_000, 120_000)),
        datum=datetime.date(jaar, 1, 2),
        door=door,
    )
    bron = fin.voeg_financieringsbron_toe(
        begroting,
        naam="Cofinanciering",
        soort=Financieringssoort.COFINANCIERING,
        organisatie=OrganisatieFactory(loket=loket),
        vorm=Vorm.CASH,
        bedrag=Decimal(rng.randrange(5_000, 30_000)),
        datum=datetime.date(jaar, 1, 3),
        door=door,
    )
    return post, bron


def _boek(loket, rng, post, bron, door):
    jaar = timezone.localdate().year
    fin.boek(
        loket=loket,
        jaar=jaar,
        soort=BoekingSoort.UITGAVE,
        kostenpost=post,
        bedrag=Decimal(rng.randrange(100, 5_000)),
        datum=_dag(rng),
        door=door,
    )
    fin.boek(
        loket=loket,
        jaar=jaar,
        soort=BoekingSoort.REALISATIE,
        financieringsbron=bron,
        bedrag=Decimal(rng.randrange(100, 3_000)),
        datum=_dag(rng),
        door=door,
    )


def _trajecten(loket, rng, door, gemeenten, aanbieders):
    """Trajectories signed up in the year that move on through their stages, some to an end."""
    for _ in range(rng.randrange(3, 7)):
        type_ = rng.choice([TrajectType.EVC, TrajectType.DUAAL])
        fabriek = TrajectFactory if type_ == TrajectType.EVC else DuaalTrajectFactory
        klant = KlantFactory(
            loket=loket,
            doelgroep=rng.choice(Doelgroep.values),
            woongemeente=rng.choice(gemeenten),
            geboortedatum=datetime.date(rng.randrange(1965, 2005), 3, 1),
        )
        begin = _moment(rng)
        traject = fabriek(
            klant=klant,
            begeleider=door,
            aanbieder=rng.choice(aanbieders),
            status_sinds=begin,
        )
        stadia = STADIA[type_]
        van = Status.AANGEMELD
        # Walk some of the open stages, then (often) end in one of the type's end stages.
        stappen = [s for s in stadia[1:] if s not in UITKOMSTEN_PER_EINDSTADIUM]
        stappen = stappen[: rng.randrange(len(stappen) + 1)]
        if rng.random() < 0.6:
            stappen.append(rng.choice([s for s in stadia if s in UITKOMSTEN_PER_EINDSTADIUM]))
        for naar in stappen:
            uitkomst = ""
            if naar in UITKOMSTEN_PER_EINDSTADIUM:
                uitkomst = rng.choice(UITKOMSTEN_PER_EINDSTADIUM[naar])
            TrajectGebeurtenis.objects.create(
                loket=loket,
                traject=traject,
                van_status=van,
                naar_status=naar,
                uitkomst=uitkomst,
                datum=begin,
                geregistreerd_door=door,
            )
            van = naar


def _enquetes(loket, rng, momenten):
    for soort, moment in momenten.items():
        for _ in range(rng.randrange(2, 6)):
            verzoek = Enqueteverzoek.objects.create(
                loket=loket,
                moment=moment,
                soort=soort,
                aanleiding_id=next(_volgnummer),
                aanleiding_datum=_dag(rng),
                verstuurd_op=_moment(rng),
            )
            if rng.random() < 0.7:
                Enqueteantwoord.objects.create(
                    loket=loket,
                    verzoek=verzoek,
                    moment=moment,
                    aanleiding=moment.aanleiding,
                    dagen_na=moment.dagen_na,
                    soort=soort,
                    score=rng.randrange(1, 11),
                    situatie=rng.choice(Situatie.values) if soort == EnqueteSoort.KLANT else "",
                    datum=_dag(rng),
                )


def _overdrachten(loket, rng, partners, eerder: bool):
    """Hand-overs, some refused, most reported back now; `eerder`: sent some days ago (so their
    deadline can have passed and a report-back takes days), else sent now."""
    for _ in range(rng.randrange(1, 4)):
        organisatie, gebruiker = rng.choice(partners)
        verstuurd = timezone.now() - datetime.timedelta(days=rng.randrange(1, 30) if eerder else 0)
        with freeze_time(verstuurd):
            overdracht = maak_overdracht(loket, organisatie)
        lot = rng.random()
        if lot < 0.25:
            overdracht_services.wijs_af(overdracht=overdracht, reden="Vol", door=gebruiker)
        elif lot < 0.8:
            overdracht_services.accepteer(overdracht=overdracht, door=gebruiker)
            overdracht_services.meld_terug(
                overdracht=overdracht,
                uitkomst=rng.choice(
                    [u for u in OverdrachtUitkomst.values if u != OverdrachtUitkomst.ANDERS]
                ),
                door=gebruiker,
            )


class Landelijk:
    """Random data over several loketten, added in rounds (so a peilmoment can fall between)."""

    def __init__(self, aantal: int, zaad: int = 17):
        self.rng = random.Random(zaad)
        self.loketten = [LoketFactory() for _ in range(aantal)]
        self.per_loket = {}
        self.rondes = 0
        for loket in self.loketten:
            door = UserFactory(loket=loket, rol=Rol.PROJECTLEIDER)
            gemeenten = [GemeenteFactory() for _ in range(2)]
            aanbieders = [
                OrganisatieFactory(loket=loket, type=OrganisatieType.ROC) for _ in range(2)
            ]
            partners = [(o, partner_gebruiker(o)) for o in aanbieders]
            momenten = {
                EnqueteSoort.KLANT: Enquetemoment.objects.create(
                    loket=loket,
                    naam="Zes maanden na intake",
                    aanleiding=Aanleiding.INTAKE,
                    dagen_na=self.rng.choice([30, ZES_MAANDEN_DAGEN]),
                ),
                EnqueteSoort.WERKGEVER: Enquetemoment.objects.create(
                    loket=loket,
                    naam="Na werkgeverscontact",
                    aanleiding=Aanleiding.WERKGEVERSCONTACT,
                    dagen_na=14,
                ),
            }
            post, bron = _begroting(loket, self.rng, door)
            self.per_loket[loket.pk] = (door, gemeenten, aanbieders, partners, momenten, post, bron)

    def ronde(self) -> None:
        rng = self.rng
        eerste = not self.rondes
        self.rondes += 1
        for loket in self.loketten:
            door, gemeenten, aanbieders, partners, momenten, post, bron = self.per_loket[loket.pk]
            for _ in range(rng.randrange(3, 8)):
                klant = KlantFactory(
                    loket=loket,
                    doelgroep=rng.choice(Doelgroep.values),
                    woongemeente=rng.choice([*gemeenten, None]),
                    geboortedatum=datetime.date(rng.randrange(1960, 2008), 6, 1),
                )
                IntakeFactory(
                    klant=klant,
                    datum=_dag(rng),
                    kanaal=rng.choice(Kanaal.values),
                    hoofddoel=rng.choice(Hoofddoel.values),
                    verwijzer=rng.choice(Verwijzer.values),
                    werkcoach=door,
                )
                ContactmomentFactory(
                    klant=klant,
                    datum=_dag(rng),
                    dienst=rng.choice(Dienst.values),
                    medewerker=door,
                    warme_overdracht_naar=rng.choice([*aanbieders, None]),
                )
            for _ in range(rng.randrange(1, 4)):
                WerkgeverscontactFactory(
                    werkgever=WerkgeverFactory(loket=loket),
                    datum=_dag(rng),
                    soort=rng.choice(WerkgeverscontactSoort.values),
                    organisatie=rng.choice([*aanbieders, None]),
                    leerbanen=rng.randrange(0, 4),
                    vacatures=rng.randrange(0, 3),
                    medewerker=door,
                )
            for soort in ("klant", "werkgever"):
                Tevredenheidsmeting.objects.create(
                    loket=loket,
                    soort=soort,
                    datum=_dag(rng),
                    score=Decimal(rng.randrange(40, 100)) / 10,
                    respondenten=rng.randrange(1, 30),
                    vastgelegd_door=door,
                )
            _trajecten(loket, rng, door, gemeenten, aanbieders)
            _enquetes(loket, rng, momenten)
            _overdrachten(loket, rng, partners, eerder=eerste)
            _boek(loket, rng, post, bron, door)


@pytest.fixture
def landelijk(db):
    data = Landelijk(AANTAL_LOKETTEN)
    data.ronde()
    return data


def _alles(meting: Meting) -> dict:
    """Every indicator's value, breakdowns and base, and the ledger's norm on both bases."""
    uit = {}
    for code, indicator in REGISTER.items():
        uit[code] = (
            indicator.waarde(meting),
            {d: dict(+c) for d, c in indicator.uitsplitsing(meting).items()},
            indicator.basis(meting) if indicator.basis else None,
        )
    uit["normtoetsen"] = meting.financiering.normtoetsen
    uit["kostenregels"] = [(r.post.pk, r.begroot, r.uitgegeven) for r in meting.financiering.kosten]
    uit["dekkingsregels"] = [
        (r.bron.pk, r.begroot, r.gerealiseerd, r.uren) for r in meting.financiering.financiering
    ]
    uit["afgesloten"] = meting.financiering.afgesloten_kwartalen
    return uit


def _vergelijk(loketten, periode, peilmoment) -> list[dict]:
    metingen = meet_loketten(loketten, periode, peilmoment)
    assert list(metingen) == [loket.pk for loket in loketten]
    cijfers = []
    for loket in loketten:
        samen = _alles(metingen[loket.pk])
        alleen = _alles(Meting(loket, periode, peilmoment))
        assert samen == alleen, loket
        cijfers.append(samen)
    return cijfers


@pytest.mark.django_db
def test_every_indicator_is_the_same_as_measuring_each_loket_alone(landelijk):
    periode = _periode()
    peilmoment = timezone.now()
    voor = _vergelijk(landelijk.loketten, periode, None)
    landelijk.ronde()  # facts recorded after the peilmoment
    # A closed quarter (as known now, not at the peilmoment) for one loket.
    fin.sluit_kwartaal(landelijk.loketten[0], periode.jaar, 1, door=None)
    nu = _vergelijk(landelijk.loketten, periode, None)
    toen = _vergelijk(landelijk.loketten, periode, peilmoment)
    # At the peilmoment: the figures as they were then. The survey figures (Meting.enquetes)
    # take no peilmoment, in Meting alone as well: they are left out here.
    for cijfers in (toen, voor):
        for c in cijfers:
            for code in ENQUETE_INDICATOREN:
                del c[code]
    assert toen == voor
    assert nu != voor
    assert nu[0]["afgesloten"] == [1] and toen[0]["afgesloten"] == []

    # Not a vacuous comparison: every indicator has a value for some loket, and the loketten
    # differ (a batch that handed one loket's figures to all would not pass).
    for code in REGISTER:
        assert any(c[code][0] not in (None, 0) for c in nu), code
        assert len({repr(c[code]) for c in nu}) > 1, code
    assert len({repr(c["normtoetsen"]) for c in nu}) == AANTAL_LOKETTEN
    assert {t.basis for c in nu for t in c["normtoetsen"] if t.geldend} == set(NormBasis.values)


@pytest.mark.django_db
def test_a_loket_without_data_or_budget_gets_empty_figures(landelijk):
    leeg = LoketFactory()
    periode = _periode()
    metingen = meet_loketten([landelijk.loketten[0], leeg], periode)
    assert _alles(metingen[leeg.pk]) == _alles(Meting(leeg, periode))
    assert metingen[leeg.pk].intakes.totaal == 0
    assert metingen[leeg.pk].financiering.normtoets is None
    assert meet_loketten([], periode) == {}


def _queries(loketten, peilmoment) -> int:
    """Queries of meet_loketten plus evaluating every indicator for every loket."""
    with CaptureQueriesContext(connection) as vastgelegd:
        for meting in meet_loketten(loketten, _periode(), peilmoment).values():
            _alles(meting)
    return len(vastgelegd)


@pytest.mark.django_db
@pytest.mark.parametrize("met_peilmoment", [False, True])
def test_queries_do_not_grow_with_loketten_or_data(landelijk, met_peilmoment):
    peilmoment = timezone.now() if met_peilmoment else None
    twee = _queries(landelijk.loketten[:2], peilmoment)
    zes = _queries(landelijk.loketten, peilmoment)
    assert twee == zes
    landelijk.ronde()
    landelijk.ronde()
    assert _queries(landelijk.loketten, peilmoment) == zes
    # One loket measured alone costs as many: the parts are the same queries, grouped by loket.
    assert _queries(landelijk.loketten[:1], peilmoment) == zes


def _jaaroverzicht(o) -> tuple:
    return (
        o.loket.pk,
        o.jaar,
        o.begroting.pk if o.begroting else None,
        [(r.post.pk, r.begroot, r.uitgegeven) for r in o.kosten],
        [(r.bron.pk, r.begroot, r.gerealiseerd, r.uren) for r in o.financiering],
        o.afgesloten_kwartalen,
        o.normtoetsen,
    )


@pytest.mark.django_db
def test_jaaroverzichten_equal_each_lokets_jaaroverzicht_with_its_own_norm(
    landelijk, django_assert_num_queries
):
    jaar = timezone.localdate().year
    peilmoment = timezone.now()
    landelijk.ronde()
    # Another year's budget of one loket, with another norm: it does not leak into this year.
    anders = landelijk.loketten[1]
    BegrotingFactory(
        loket=anders,
        jaar=jaar - 1,
        norm_percentage=Decimal("50.00"),
        norm_basis=NormBasis.RIJKSBIJDRAGE,
    )
    zonder = LoketFactory()
    loketten = [*landelijk.loketten, zonder]
    for moment in (None, peilmoment):
        with django_assert_num_queries(5):
            samen = fin_selectors.jaaroverzichten(loketten, jaar, moment)
        for loket in loketten:
            alleen = fin_selectors.jaaroverzicht(loket, jaar, moment)
            assert _jaaroverzicht(samen[loket.pk]) == _jaaroverzicht(alleen)
            if loket is not zonder:
                toets = samen[loket.pk].normtoets
                assert toets.norm_percentage == alleen.begroting.norm_percentage != Decimal("50")
                assert toets.basis == alleen.begroting.norm_basis
        assert samen[zonder.pk].normtoetsen == [] and samen[zonder.pk].begroting is None
    vorig = fin_selectors.jaaroverzichten(loketten, jaar - 1)
    assert vorig[anders.pk].normtoets.norm_percentage == Decimal("50.00")
    assert vorig[landelijk.loketten[0].pk].begroting is None
