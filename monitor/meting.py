"""One measurement of a loket over a period: everything the indicators need, in a fixed number of
queries (eight, plus the ledger's five), whatever the amount of data.

With a `peilmoment` the measurement is the period as it was known at that moment: only facts
recorded up to it count (intakes, contacts and employer contacts by aangemaakt_op, satisfaction
measurements by vastgelegd_op, trajectory events by geregistreerd_op, bookings by geboekt_op), and
a correction recorded later does not yet cancel what it corrects. Without one: everything known now.

Each query groups its records by every breakdown dimension in the database; Python then adds up
those groups, whose number is bounded by the vocabularies, not by the data. For many loketten,
`meet_loketten` runs the same queries once with the loket added to the groups (ADR 0070).

Without a peilmoment, the counts of the big event tables (intakes, contacts, employer contacts,
trajectory events) are not recounted but read from the kept counts (monitor/telstand, ADR 0062)
in one query; the recount functions below remain the definition, used with a peilmoment and
by the tests that hold the kept counts to them (Meting(..., bijgehouden=False)).
"""

import datetime
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.db.models import Case, CharField, Count, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce, TruncQuarter

from aanmelden.constants import ZES_MAANDEN_DAGEN
from aanmelden.models import Enqueteantwoord, Enqueteverzoek
from clients.leeftijd import Leeftijd, leeftijdsgroep_sql
from clients.models import Contactmoment, Intake, Werkgeverscontact
from clients.selectors import geldige_contacten
from financiering.selectors import Jaaroverzicht, jaaroverzicht, jaaroverzichten
from loket.geld import percentage
from loket.models import Loket
from loket.perioden import Periode, begin_kwartaal
from trajecten.selectors import (
    TrajectTelling,
    effectieve_gebeurtenissen,
    effectieve_gebeurtenissen_loketten,
    met_dimensies,
    traject_telling,
    traject_tellingen,
)

from .models import Tevredenheidsmeting
from .telling import Telling
from .telstand import lezen as telstand

ONBEKEND = ""
INTAKE_DIMENSIES = ("doelgroep", "leeftijdsgroep", "gemeente", "verwijzer", "kanaal", "hoofddoel")
AMSTERDAM = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def vastgelegd_tot(peilmoment: datetime.datetime | None, veld: str = "aangemaakt_op") -> Q:
    """Facts recorded up to the peilmoment (all facts without one)."""
    return Q(**{f"{veld}__lte": peilmoment}) if peilmoment is not None else Q()


class Meting:
    """A loket over a period, optionally as known at a peilmoment. Each part is queried on first
    use only, so a target that needs one indicator over its own span costs one query, not all."""

    def __init__(
        self,
        loket: Loket,
        periode: Periode,
        peilmoment: datetime.datetime | None = None,
        *,
        bijgehouden: bool = True,
        voorraad: "telstand.Voorraad | None" = None,
    ):
        self.loket = loket
        self.periode = periode
        self.peilmoment = peilmoment
        # Without a peilmoment the parts of the big event tables come from the kept counts
        # (monitor/telstand, ADR 0062): whole months kept, the edge days counted from the
        # events in the same query. With one (reports as known then), or bijgehouden=False,
        # everything is recounted by the functions below.
        self.bijgehouden = bijgehouden and peilmoment is None
        self._voorraad = voorraad

    @cached_property
    def _telstand(self) -> "telstand.Delen":
        return telstand.lees(self.loket.pk, self.periode, self._voorraad)

    @cached_property
    def intakes(self) -> Telling:
        if not self.bijgehouden:
            return _intakes(self.loket, self.periode, self.peilmoment)
        return self._telstand.intakes

    @cached_property
    def _contacten(self) -> tuple[Telling, Telling]:
        if not self.bijgehouden:
            return _contacten(self.loket, self.periode, self.peilmoment)
        return self._telstand.contacten, self._telstand.warme_overdrachten

    @property
    def contacten(self) -> Telling:
        return self._contacten[0]

    @property
    def warme_overdrachten(self) -> Telling:
        return self._contacten[1]

    @cached_property
    def _werkgevers(self) -> tuple[Telling, Telling, Telling]:
        if not self.bijgehouden:
            return _werkgeverscontacten(self.loket, self.periode, self.peilmoment)
        kept = self._telstand
        return kept.werkgeverscontacten, kept.leerbanen, kept.vacatures

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
        if not self.bijgehouden:
            return traject_telling(self.loket, self.periode.van, self.periode.tot, self.peilmoment)
        telling = self._telstand.trajecten
        assert telling is not None
        return telling

    @cached_property
    def tevredenheid(self) -> dict[str, tuple[Decimal | None, int]]:
        return _tevredenheid(self.loket, self.periode, self.peilmoment)

    @cached_property
    def enquetes(self) -> "Enquetecijfers":
        return _enquetes(self.loket, self.periode)

    @cached_property
    def financiering(self) -> Jaaroverzicht:
        return jaaroverzicht(self.loket, self.periode.jaar, self.peilmoment)

    @cached_property
    def overdrachten(self):
        from .overdrachten import overdrachtcijfers

        return overdrachtcijfers(self.loket, self.periode.van, self.periode.tot, self.peilmoment)

    @cached_property
    def gestart_per_type(self) -> dict[str, dict[str, Counter]]:
        """type -> dimension -> value -> trajectories signed up (traject_telling has no type x dimension)."""
        if not self.bijgehouden:
            return _gestart_per_type(self.loket, self.periode, self.peilmoment)
        return self._telstand.gestart_per_type


def _pks(loketten: Iterable[Loket]) -> list[int]:
    return [loket.pk for loket in loketten]


def _intakes(loket: Loket, periode: Periode, peilmoment=None) -> Telling:
    return _intakes_loketten([loket], periode, peilmoment)[loket.pk]


def _intakes_loketten(
    loketten: Iterable[Loket], periode: Periode, peilmoment=None
) -> dict[int, Telling]:
    pks = _pks(loketten)
    tellingen = {pk: Telling() for pk in pks}
    leeftijd = Leeftijd(F("datum"), F("klant__geboortedatum"))
    groepen = (
        Intake.objects.voor_loketten(pks)
        .filter(datum__range=(periode.van, periode.tot))
        .filter(vastgelegd_tot(peilmoment))
        .alias(leeftijd=leeftijd)
        .annotate(
            d_doelgroep=F("klant__doelgroep"),
            d_leeftijdsgroep=leeftijdsgroep_sql("leeftijd", "klant__geboortedatum", ONBEKEND),
            d_gemeente=Coalesce(
                F("klant__woongemeente__naam"), Value(ONBEKEND), output_field=CharField()
            ),
            d_verwijzer=F("verwijzer"),
            d_kanaal=F("kanaal"),
            d_hoofddoel=F("hoofddoel"),
        )
        .values("loket_id", *(f"d_{d}" for d in INTAKE_DIMENSIES))
        .annotate(aantal=Count("id"))
        .order_by()
    )
    for groep in groepen:
        tellingen[groep["loket_id"]].tel(
            groep["aantal"], **{d: groep[f"d_{d}"] for d in INTAKE_DIMENSIES}
        )
    return tellingen


def _contacten(loket: Loket, periode: Periode, peilmoment=None) -> tuple[Telling, Telling]:
    return _contacten_loketten([loket], periode, peilmoment)[loket.pk]


def _contacten_loketten(
    loketten: Iterable[Loket], periode: Periode, peilmoment=None
) -> dict[int, tuple[Telling, Telling]]:
    pks = _pks(loketten)
    tellingen = {pk: (Telling(), Telling()) for pk in pks}
    groepen = (
        geldige_contacten(Contactmoment.objects.voor_loketten(pks))
        .filter(datum__range=(periode.van, periode.tot))
        .filter(vastgelegd_tot(peilmoment))
        .values("loket_id", "dienst", "warme_overdracht_naar__naam")
        .annotate(aantal=Count("id"))
        .order_by()
    )
    for groep in groepen:
        contacten, warm = tellingen[groep["loket_id"]]
        contacten.tel(groep["aantal"], dienst=groep["dienst"])
        if groep["warme_overdracht_naar__naam"]:
            warm.tel(groep["aantal"], partner=groep["warme_overdracht_naar__naam"])
    return tellingen


def _werkgeverscontacten(
    loket: Loket, periode: Periode, peilmoment=None
) -> tuple[Telling, Telling, Telling]:
    return _werkgeverscontacten_loketten([loket], periode, peilmoment)[loket.pk]


def _werkgeverscontacten_loketten(
    loketten: Iterable[Loket], periode: Periode, peilmoment=None
) -> dict[int, tuple[Telling, Telling, Telling]]:
    pks = _pks(loketten)
    tellingen = {pk: (Telling(), Telling(), Telling()) for pk in pks}
    groepen = (
        Werkgeverscontact.objects.voor_loketten(pks)
        .filter(datum__range=(periode.van, periode.tot))
        .filter(vastgelegd_tot(peilmoment))
        .annotate(
            d_partner=Coalesce(F("organisatie__naam"), Value(ONBEKEND), output_field=CharField())
        )
        .values("loket_id", "soort", "d_partner")
        .annotate(
            aantal=Count("id"),
            leerbanen=Coalesce(Sum("leerbanen"), 0, output_field=IntegerField()),
            vacatures=Coalesce(Sum("vacatures"), 0, output_field=IntegerField()),
        )
        .order_by()
    )
    for groep in groepen:
        contacten, leerbanen, vacatures = tellingen[groep["loket_id"]]
        dims = {"soort": groep["soort"], "partner": groep["d_partner"]}
        contacten.tel(groep["aantal"], **dims)
        leerbanen.tel(groep["leerbanen"], **dims)
        vacatures.tel(groep["vacatures"], **dims)
    return tellingen


def _tevredenheid(
    loket: Loket, periode: Periode, peilmoment=None
) -> dict[str, tuple[Decimal | None, int]]:
    return _tevredenheid_loketten([loket], periode, peilmoment)[loket.pk]


def _tevredenheid_loketten(
    loketten: Iterable[Loket], periode: Periode, peilmoment=None
) -> dict[int, dict[str, tuple[Decimal | None, int]]]:
    """Per loket, the average score per kind: (average, respondents). The survey answers
    (aanmelden) where a kind has any in the period; otherwise the averages typed in, weighted by
    respondents."""
    pks = _pks(loketten)
    uit: dict[int, dict[str, tuple[Decimal | None, int]]] = {pk: {} for pk in pks}
    rijen = (
        Tevredenheidsmeting.objects.voor_loketten(pks)
        .filter(datum__range=(periode.van, periode.tot))
        .filter(vastgelegd_tot(peilmoment, "vastgelegd_op"))
        .values("loket_id", "soort")
        .annotate(gewogen=Sum(F("score") * F("respondenten")), n=Sum("respondenten"))
        .order_by()
    )
    antwoorden = (
        Enqueteantwoord.objects.voor_loketten(pks)
        .filter(datum__range=(periode.van, periode.tot))
        .filter(vastgelegd_tot(peilmoment, "beantwoord_op"))
        .values("loket_id", "soort")
        .annotate(gewogen=Sum("score"), n=Count("id"))
        .order_by()
    )
    for rij in [*rijen, *antwoorden]:  # answers last: they replace typed averages
        gemiddelde = (
            (Decimal(rij["gewogen"]) / rij["n"]).quantize(Decimal("0.1")) if rij["n"] else None
        )
        uit[rij["loket_id"]][rij["soort"]] = (gemiddelde, rij["n"])
    return uit


@dataclass
class Enquetecijfers:
    """Survey invitations sent and answers received per kind, and the situation of the answers
    given six months or more after the event."""

    verstuurd: Counter = field(default_factory=Counter)
    antwoorden: Counter = field(default_factory=Counter)
    situatie_zes_maanden: Counter = field(default_factory=Counter)

    def respons_pct(self, soort: str) -> Decimal | None:
        return percentage(self.antwoorden[soort], self.verstuurd[soort])


def _enquetes(loket: Loket, periode: Periode) -> Enquetecijfers:
    return _enquetes_loketten([loket], periode)[loket.pk]


def _enquetes_loketten(loketten: Iterable[Loket], periode: Periode) -> dict[int, Enquetecijfers]:
    """Two grouped queries, whatever the number of invitations, answers and loketten."""
    pks = _pks(loketten)
    uit = {pk: Enquetecijfers() for pk in pks}
    van = datetime.datetime.combine(periode.van, datetime.time.min, AMSTERDAM)
    tot = datetime.datetime.combine(periode.tot, datetime.time.max, AMSTERDAM)
    for loket_id, soort, n in (
        Enqueteverzoek.objects.voor_loketten(pks)
        .filter(verstuurd_op__range=(van, tot))
        .values_list("loket_id", "soort")
        .annotate(n=Count("id"))
        .order_by()
    ):
        uit[loket_id].verstuurd[soort] = n
    for loket_id, soort, situatie, zes_maanden, n in (
        Enqueteantwoord.objects.voor_loketten(pks)
        .filter(datum__range=(periode.van, periode.tot))
        .annotate(
            zes=Case(
                When(dagen_na__gte=ZES_MAANDEN_DAGEN, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .values_list("loket_id", "soort", "situatie", "zes")
        .annotate(n=Count("id"))
        .order_by()
    ):
        cijfers = uit[loket_id]
        cijfers.antwoorden[soort] += n
        if zes_maanden and situatie:
            cijfers.situatie_zes_maanden[situatie] += n
    return uit


def _gestart_per_type(
    loket: Loket, periode: Periode, peilmoment=None
) -> dict[str, dict[str, Counter]]:
    return _gestart_per_type_loketten([loket], periode, peilmoment)[loket.pk]


def _gestart_per_type_loketten(
    loketten: Iterable[Loket], periode: Periode, peilmoment=None
) -> dict[int, dict[str, dict[str, Counter]]]:
    pks = _pks(loketten)
    dimensies = ("doelgroep", "leeftijdsgroep", "gemeente", "aanbieder")
    groepen = (
        met_dimensies(
            effectieve_gebeurtenissen_loketten(pks, periode.van, periode.tot, peilmoment).filter(
                van_status=""
            )
        )
        .values("loket_id", "d_type", *(f"d_{d}" for d in dimensies))
        .annotate(aantal=Count("id"))
        .order_by()
    )
    uit: dict[int, dict[str, dict[str, Counter]]] = {
        pk: defaultdict(lambda: defaultdict(Counter)) for pk in pks
    }
    for groep in groepen:
        for d in dimensies:
            uit[groep["loket_id"]][groep["d_type"]][d][groep[f"d_{d}"]] += groep["aantal"]
    return uit


def meet(loket: Loket, periode: Periode, peilmoment: datetime.datetime | None = None) -> Meting:
    return Meting(loket, periode, peilmoment)


def meet_loketten(
    loketten: Iterable[Loket], periode: Periode, peilmoment: datetime.datetime | None = None
) -> dict[int, Meting]:
    """One measurement per loket over the same period (loket id -> Meting), for the regional and
    national views. Every part is fetched for all loketten at once (grouped by loket), so the
    number of queries does not grow with the number of loketten (ADR 0070)."""
    metingen = {loket.pk: Meting(loket, periode, peilmoment) for loket in loketten}
    if metingen:
        if peilmoment is None:
            # The big parts from the kept counts of every loket, in one query (ADR 0062).
            telstand.vul(metingen.values(), periode)
        else:
            _vul_hertelling(metingen, periode, peilmoment)
        _vul_overige(metingen, periode, peilmoment)
    return metingen


def _vul(metingen: dict[int, Meting], deel: str, per_loket: dict) -> None:
    """Set a part (a cached_property of Meting) of every measurement, as if each had queried it."""
    for pk, meting in metingen.items():
        meting.__dict__[deel] = per_loket[pk]


def _vul_hertelling(
    metingen: dict[int, Meting], periode: Periode, peilmoment: datetime.datetime | None
) -> None:
    """The big-table parts recounted from the events, one grouped query per part for all
    loketten: where kept counts do not apply (a peilmoment)."""
    loketten = [m.loket for m in metingen.values()]
    _vul(metingen, "intakes", _intakes_loketten(loketten, periode, peilmoment))
    _vul(metingen, "_contacten", _contacten_loketten(loketten, periode, peilmoment))
    _vul(metingen, "_werkgevers", _werkgeverscontacten_loketten(loketten, periode, peilmoment))
    _vul(metingen, "trajecten", traject_tellingen(loketten, periode.van, periode.tot, peilmoment))
    _vul(metingen, "gestart_per_type", _gestart_per_type_loketten(loketten, periode, peilmoment))


def _vul_overige(
    metingen: dict[int, Meting], periode: Periode, peilmoment: datetime.datetime | None
) -> None:
    """The smaller parts (satisfaction, surveys, hand-overs, financing), one grouped query (or
    a fixed few) per part for all loketten."""
    from .overdrachten import overdrachtcijfers_loketten

    loketten = [m.loket for m in metingen.values()]
    _vul(metingen, "tevredenheid", _tevredenheid_loketten(loketten, periode, peilmoment))
    _vul(metingen, "enquetes", _enquetes_loketten(loketten, periode))
    _vul(
        metingen,
        "overdrachten",
        overdrachtcijfers_loketten(loketten, periode.van, periode.tot, peilmoment),
    )
    _vul(metingen, "financiering", jaaroverzichten(loketten, periode.jaar, peilmoment))


def kwartaalreeks(
    loket: Loket,
    periode: Periode,
    peilmoment: datetime.datetime | None = None,
    voorraad: "telstand.Voorraad | None" = None,
) -> list[tuple[Periode, int, int, int]]:
    """Per quarter of the period: intakes, EVC and duaal sign-ups (for the chart). Two grouped
    queries, whatever the length of the period (from the kept counts: one, plus the recount of
    a partial month at the edges)."""
    if peilmoment is None:
        return _kwartaalreeks_bijgehouden(loket, periode, voorraad)
    intakes = dict(
        Intake.objects.voor_loket(loket, datum__range=(periode.van, periode.tot))
        .filter(vastgelegd_tot(peilmoment))
        .annotate(q=TruncQuarter("datum"))
        .values_list("q")
        .annotate(n=Count("id"))
        .order_by()
    )
    aanmeldingen: Counter[tuple[datetime.date, str]] = Counter()
    for q, type_, n in (
        effectieve_gebeurtenissen(loket, periode.van, periode.tot, peilmoment)
        .filter(van_status="")
        .annotate(q=TruncQuarter("datum", tzinfo=AMSTERDAM))
        .values_list("q", "traject__type")
        .annotate(n=Count("id"))
        .order_by()
    ):
        aanmeldingen[(q.date() if isinstance(q, datetime.datetime) else q, type_)] += n
    reeks = []
    for kwartaal in periode.kwartalen():
        begin = begin_kwartaal(kwartaal.van)
        reeks.append(
            (
                kwartaal,
                intakes.get(begin, 0),
                aanmeldingen[(begin, "evc")],
                aanmeldingen[(begin, "duaal")],
            )
        )
    return reeks


def voorraad_voor(loketten: Iterable[Loket], periode: Periode) -> "telstand.Voorraad":
    """The counts of [van, tot] per month for the loketten, in one query (monitor/telstand): the
    quarters, the chart and the period itself are then cut from it."""
    return telstand.Voorraad([loket.pk for loket in loketten], periode)


def _kwartaalreeks_bijgehouden(
    loket: Loket, periode: Periode, voorraad: "telstand.Voorraad | None"
) -> list[tuple[Periode, int, int, int]]:
    if voorraad is None or not voorraad.bevat(loket.pk, periode):
        voorraad = voorraad_voor([loket], periode)
    reeks = []
    for kwartaal in periode.kwartalen():
        delen = voorraad.delen(loket.pk, kwartaal)
        per_type = delen.trajecten.uitsplitsing["type"] if delen.trajecten else {}
        reeks.append(
            (
                kwartaal,
                delen.intakes.totaal,
                per_type["evc"].gestart if "evc" in per_type else 0,
                per_type["duaal"].gestart if "duaal" in per_type else 0,
            )
        )
    return reeks


def vandaag() -> datetime.date:
    return datetime.datetime.now(AMSTERDAM).date()
