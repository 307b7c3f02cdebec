"""One measurement of a loket over a period: everything the indicators need, in a fixed number of
queries (eight, plus the ledger's five), whatever the amount of data.

Each query groups its records by every breakdown dimension in the database; Python then adds up
those groups, whose number is bounded by the vocabularies, not by the data.
"""

import datetime
import zoneinfo
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Case, CharField, Count, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from clients.constants import Leeftijdsgroep
from clients.models import Contactmoment, Intake, Werkgeverscontact
from financiering.selectors import Jaaroverzicht, jaaroverzicht
from loket.models import Loket
from trajecten.selectors import (
    TrajectTelling,
    _Leeftijd,
    _met_dimensies,
    effectieve_gebeurtenissen,
    traject_telling,
)

from .models import Tevredenheidsmeting
from .perioden import Periode

ONBEKEND = ""
INTAKE_DIMENSIES = ("doelgroep", "leeftijdsgroep", "gemeente", "verwijzer", "kanaal", "hoofddoel")
AMSTERDAM = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def leeftijdsgroep(leeftijd_expr, geboortedatum_veld: str):
    return Case(
        When(**{f"{geboortedatum_veld}__isnull": True}, then=Value(ONBEKEND)),
        When(Q(leeftijd__lt=27), then=Value(Leeftijdsgroep.JONGEREN.value)),
        When(Q(leeftijd__lt=45), then=Value(Leeftijdsgroep.MIDDEN.value)),
        default=Value(Leeftijdsgroep.OUDEREN.value),
        output_field=CharField(),
    )


@dataclass
class Telling:
    """A total with its breakdowns: dimension -> value -> count."""

    totaal: int = 0
    uitsplitsing: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def tel(self, aantal: int, **dimensies: str) -> None:
        self.totaal += aantal
        for dimensie, waarde in dimensies.items():
            self.uitsplitsing[dimensie][waarde] += aantal


@dataclass
class Meting:
    loket: Loket
    periode: Periode
    intakes: Telling
    contacten: Telling
    warme_overdrachten: Telling
    werkgeverscontacten: Telling
    leerbanen: Telling
    vacatures: Telling
    trajecten: TrajectTelling
    tevredenheid: dict[str, tuple[Decimal | None, int]]
    financiering: Jaaroverzicht
    # type -> dimension -> value -> trajectories signed up (traject_telling has no type x dimension)
    gestart_per_type: dict[str, dict[str, Counter]] = field(default_factory=dict)


def _intakes(loket: Loket, periode: Periode) -> Telling:
    telling = Telling()
    leeftijd = _Leeftijd(F("datum"), F("klant__geboortedatum"))
    groepen = (
        Intake.objects.filter(loket=loket, datum__range=(periode.van, periode.tot))
        .alias(leeftijd=leeftijd)
        .annotate(
            d_doelgroep=F("klant__doelgroep"),
            d_leeftijdsgroep=leeftijdsgroep(leeftijd, "klant__geboortedatum"),
            d_gemeente=Coalesce(
                F("klant__woongemeente__naam"), Value(ONBEKEND), output_field=CharField()
            ),
            d_verwijzer=F("verwijzer"),
            d_kanaal=F("kanaal"),
            d_hoofddoel=F("hoofddoel"),
        )
        .values(*(f"d_{d}" for d in INTAKE_DIMENSIES))
        .annotate(aantal=Count("id"))
        .order_by()
    )
    for groep in groepen:
        telling.tel(groep["aantal"], **{d: groep[f"d_{d}"] for d in INTAKE_DIMENSIES})
    return telling


def _contacten(loket: Loket, periode: Periode) -> tuple[Telling, Telling]:
    contacten, warm = Telling(), Telling()
    groepen = (
        Contactmoment.objects.filter(loket=loket, datum__range=(periode.van, periode.tot))
        .values("dienst", "warme_overdracht_naar__naam")
        .annotate(aantal=Count("id"))
        .order_by()
    )
    for groep in groepen:
        contacten.tel(groep["aantal"], dienst=groep["dienst"])
        if groep["warme_overdracht_naar__naam"]:
            warm.tel(groep["aantal"], partner=groep["warme_overdracht_naar__naam"])
    return contacten, warm


def _werkgeverscontacten(loket: Loket, periode: Periode) -> tuple[Telling, Telling, Telling]:
    contacten, leerbanen, vacatures = Telling(), Telling(), Telling()
    groepen = (
        Werkgeverscontact.objects.filter(loket=loket, datum__range=(periode.van, periode.tot))
        .annotate(
            d_partner=Coalesce(F("organisatie__naam"), Value(ONBEKEND), output_field=CharField())
        )
        .values("soort", "d_partner")
        .annotate(
            aantal=Count("id"),
            leerbanen=Coalesce(Sum("leerbanen"), 0, output_field=IntegerField()),
            vacatures=Coalesce(Sum("vacatures"), 0, output_field=IntegerField()),
        )
        .order_by()
    )
    for groep in groepen:
        dims = {"soort": groep["soort"], "partner": groep["d_partner"]}
        contacten.tel(groep["aantal"], **dims)
        leerbanen.tel(groep["leerbanen"], **dims)
        vacatures.tel(groep["vacatures"], **dims)
    return contacten, leerbanen, vacatures


def _tevredenheid(loket: Loket, periode: Periode) -> dict[str, tuple[Decimal | None, int]]:
    """Average score per kind, weighted by respondents: (average, respondents)."""
    rijen = (
        Tevredenheidsmeting.objects.filter(loket=loket, datum__range=(periode.van, periode.tot))
        .values("soort")
        .annotate(gewogen=Sum(F("score") * F("respondenten")), n=Sum("respondenten"))
        .order_by()
    )
    uit: dict[str, tuple[Decimal | None, int]] = {}
    for rij in rijen:
        gemiddelde = (
            (Decimal(rij["gewogen"]) / rij["n"]).quantize(Decimal("0.1")) if rij["n"] else None
        )
        uit[rij["soort"]] = (gemiddelde, rij["n"])
    return uit


def _gestart_per_type(loket: Loket, periode: Periode) -> dict[str, dict[str, Counter]]:
    dimensies = ("doelgroep", "leeftijdsgroep", "gemeente", "aanbieder")
    groepen = (
        _met_dimensies(
            effectieve_gebeurtenissen(loket, periode.van, periode.tot).filter(van_status="")
        )
        .values("d_type", *(f"d_{d}" for d in dimensies))
        .annotate(aantal=Count("id"))
        .order_by()
    )
    uit: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for groep in groepen:
        for d in dimensies:
            uit[groep["d_type"]][d][groep[f"d_{d}"]] += groep["aantal"]
    return uit


def meet(loket: Loket, periode: Periode) -> Meting:
    contacten, warm = _contacten(loket, periode)
    wg_contacten, leerbanen, vacatures = _werkgeverscontacten(loket, periode)
    return Meting(
        loket=loket,
        periode=periode,
        intakes=_intakes(loket, periode),
        contacten=contacten,
        warme_overdrachten=warm,
        werkgeverscontacten=wg_contacten,
        leerbanen=leerbanen,
        vacatures=vacatures,
        trajecten=traject_telling(loket, periode.van, periode.tot),
        tevredenheid=_tevredenheid(loket, periode),
        financiering=jaaroverzicht(loket, periode.jaar),
        gestart_per_type=_gestart_per_type(loket, periode),
    )


def kwartaalreeks(loket: Loket, periode: Periode) -> list[tuple[Periode, TrajectTelling, int]]:
    """Per quarter of the period: the trajectory counts and the number of intakes (for the chart).
    One query per quarter: bounded by the period's length (12 for a three-year programme)."""
    reeks = []
    for kwartaal in periode.kwartalen():
        intakes = Intake.objects.filter(
            loket=loket, datum__range=(kwartaal.van, kwartaal.tot)
        ).count()
        reeks.append((kwartaal, traject_telling(loket, kwartaal.van, kwartaal.tot), intakes))
    return reeks


def vandaag() -> datetime.date:
    return datetime.datetime.now(AMSTERDAM).date()
