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
from functools import cached_property

from django.conf import settings
from django.db.models import Case, CharField, Count, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce, TruncQuarter

from clients.constants import Leeftijdsgroep
from clients.models import Contactmoment, Intake, Werkgeverscontact
from clients.selectors import geldige_contacten
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


class Meting:
    """A loket over a period. Each part is queried on first use only, so a target that needs one
    indicator over its own span costs one query, not all of them."""

    def __init__(self, loket: Loket, periode: Periode):
        self.loket = loket
        self.periode = periode

    @cached_property
    def intakes(self) -> Telling:
        return _intakes(self.loket, self.periode)

    @cached_property
    def _contacten(self) -> tuple[Telling, Telling]:
        return _contacten(self.loket, self.periode)

    @property
    def contacten(self) -> Telling:
        return self._contacten[0]

    @property
    def warme_overdrachten(self) -> Telling:
        return self._contacten[1]

    @cached_property
    def _werkgevers(self) -> tuple[Telling, Telling, Telling]:
        return _werkgeverscontacten(self.loket, self.periode)

    @property
    def werkgeverscontacten(self) -> Telling:
        return self._werkgevers[0]

    @property
    def leerbanen(self) -> Telling:
        return self._werkgevers[1]

    @property
    def vacatures(self) -> Telling:
        return self._werkgevers[2]

    @cached_property
    def trajecten(self) -> TrajectTelling:
        return traject_telling(self.loket, self.periode.van, self.periode.tot)

    @cached_property
    def tevredenheid(self) -> dict[str, tuple[Decimal | None, int]]:
        return _tevredenheid(self.loket, self.periode)

    @cached_property
    def financiering(self) -> Jaaroverzicht:
        return jaaroverzicht(self.loket, self.periode.jaar)

    @cached_property
    def gestart_per_type(self) -> dict[str, dict[str, Counter]]:
        """type -> dimension -> value -> trajectories signed up (traject_telling has no type x dimension)."""
        return _gestart_per_type(self.loket, self.periode)


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
        geldige_contacten(Contactmoment.objects)
        .filter(loket=loket, datum__range=(periode.van, periode.tot))
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
    return Meting(loket, periode)


def kwartaalreeks(loket: Loket, periode: Periode) -> list[tuple[Periode, int, int, int]]:
    """Per quarter of the period: intakes, EVC and duaal sign-ups (for the chart). Two grouped
    queries, whatever the length of the period."""
    intakes = dict(
        Intake.objects.filter(loket=loket, datum__range=(periode.van, periode.tot))
        .annotate(q=TruncQuarter("datum"))
        .values_list("q")
        .annotate(n=Count("id"))
        .order_by()
    )
    aanmeldingen = Counter()
    for q, type_, n in (
        effectieve_gebeurtenissen(loket, periode.van, periode.tot)
        .filter(van_status="")
        .annotate(q=TruncQuarter("datum", tzinfo=AMSTERDAM))
        .values_list("q", "traject__type")
        .annotate(n=Count("id"))
        .order_by()
    ):
        aanmeldingen[(q.date() if isinstance(q, datetime.datetime) else q, type_)] += n
    reeks = []
    for kwartaal in periode.kwartalen():
        begin = datetime.date(kwartaal.van.year, (kwartaal.van.month - 1) // 3 * 3 + 1, 1)
        reeks.append(
            (
                kwartaal,
                intakes.get(begin, 0),
                aanmeldingen[(begin, "evc")],
                aanmeldingen[(begin, "duaal")],
            )
        )
    return reeks


def vandaag() -> datetime.date:
    return datetime.datetime.now(AMSTERDAM).date()
