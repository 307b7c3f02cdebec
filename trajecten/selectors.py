"""Reads shared by the trajectory pages and the monitor. Every query is scoped to one loket (or,
for the monitor's regional and national views, to several: grouped by loket) and has a query
count that does not grow with the data.

The monitor counts *events*, never the current status: what happened in a period stays the same
when a trajectory moves on later or a client is anonymised. An event that was corrected, and the
correction event itself, do not count (together they cancel out).
"""

import datetime
import zoneinfo
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from clients.leeftijd import Leeftijd, leeftijdsgroep_sql
from loket.instellingen import instelling
from loket.models import Loket

from .constants import EINDSTADIA
from .models import Traject, TrajectGebeurtenis

ONBEKEND = ""
DIMENSIES = ("type", "doelgroep", "leeftijdsgroep", "gemeente", "aanbieder")


def trajecten_van(loket: Loket) -> QuerySet[Traject]:
    return Traject.objects.voor_loket(loket)


def trajectenlijst(
    loket: Loket,
    *,
    type: str = "",  # noqa: A002 - the filter is called type in the UI
    status: str = "",
    aanbieder_id: int | None = None,
    begeleider_id: int | None = None,
    gemeente_id: int | None = None,
    van: datetime.date | None = None,
    tot: datetime.date | None = None,
    alleen_stil: bool = False,
) -> QuerySet[Traject]:
    """The trajectory list with its filters; the period is the sign-up date (first event). One
    query per page, whatever the number of trajectories."""
    qs = trajecten_van(loket).select_related(
        "klant", "klant__woongemeente", "kwalificatie", "aanbieder", "leerbedrijf", "begeleider"
    )
    if type:
        qs = qs.filter(type=type)
    if status:
        qs = qs.filter(status=status)
    if aanbieder_id:
        qs = qs.filter(aanbieder_id=aanbieder_id)
    if begeleider_id:
        qs = qs.filter(begeleider_id=begeleider_id)
    if gemeente_id:
        qs = qs.filter(klant__woongemeente_id=gemeente_id)
    if van or tot:
        aanmeldingen = TrajectGebeurtenis.objects.filter(
            traject=OuterRef("pk"), van_status="", corrigeert__isnull=True
        )
        if van:
            aanmeldingen = aanmeldingen.filter(datum__gte=begin_van_dag(van))
        if tot:
            aanmeldingen = aanmeldingen.filter(datum__lt=begin_van_dag(tot + datetime.timedelta(1)))
        qs = qs.filter(Exists(aanmeldingen))
    if alleen_stil:
        qs = qs.filter(stil_filter(loket))
    return qs.order_by("status_sinds", "pk")


def stil_dagen(loket=None) -> int:
    """The loket's own setting (beheer), else settings.LOKET_TRAJECT_STIL_DAGEN."""
    if loket is None:
        return settings.LOKET_TRAJECT_STIL_DAGEN
    return instelling(loket, "traject_stil_dagen")


def stil_grens(loket=None) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=stil_dagen(loket))


def stil_filter(loket=None) -> Q:
    """Open trajectories that have been in their current stage longer than the configured days."""
    return Q(status_sinds__lt=stil_grens(loket)) & ~Q(status__in=list(EINDSTADIA))


def begin_van_dag(datum: datetime.date) -> datetime.datetime:
    """Midnight at the start of `datum` in the loket's time zone (Europe/Amsterdam)."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(datum, datetime.time.min, tzinfo=tz)


# --- Monitor counts -------------------------------------------------------------------------


def effectieve_gebeurtenissen(
    loket: Loket,
    van: datetime.date,
    tot: datetime.date,
    peilmoment: datetime.datetime | None = None,
):
    """Events of the loket dated in [van, tot] (whole local days), without corrected events and
    without the corrections themselves.

    With a `peilmoment`: as known at that moment. Only events recorded (geregistreerd_op) up to
    it count, and a correction recorded after it does not yet cancel the event it corrects."""
    return _effectief(TrajectGebeurtenis.objects.voor_loket(loket), van, tot, peilmoment)


def effectieve_gebeurtenissen_loketten(
    loketten: Iterable[Loket | int],
    van: datetime.date,
    tot: datetime.date,
    peilmoment: datetime.datetime | None = None,
):
    """effectieve_gebeurtenissen for several loketten at once (regional and national views)."""
    return _effectief(TrajectGebeurtenis.objects.voor_loketten(loketten), van, tot, peilmoment)


def _effectief(gebeurtenissen, van, tot, peilmoment):
    gebeurtenissen = gebeurtenissen.filter(
        datum__gte=begin_van_dag(van),
        datum__lt=begin_van_dag(tot + datetime.timedelta(days=1)),
        corrigeert__isnull=True,
    )
    # NOT EXISTS rather than a LEFT JOIN on the correction with IS NULL: PostgreSQL estimated
    # the join's result at one row and chose nested loops, 85 s for the national year (ADR 0070).
    gecorrigeerd = TrajectGebeurtenis.objects.filter(corrigeert=OuterRef("pk"))
    if peilmoment is None:
        return gebeurtenissen.exclude(Exists(gecorrigeerd))
    return gebeurtenissen.filter(geregistreerd_op__lte=peilmoment).exclude(
        Exists(gecorrigeerd.filter(geregistreerd_op__lte=peilmoment))
    )


def met_dimensies(gebeurtenissen: QuerySet[TrajectGebeurtenis]) -> QuerySet:
    """The events annotated with their breakdown dimensions (d_type, d_doelgroep, ...); the age
    band is the client's age on the day of the event."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    leeftijd = Leeftijd(TruncDate("datum", tzinfo=tz), F("traject__klant__geboortedatum"))
    return gebeurtenissen.alias(leeftijd_op_datum=leeftijd).annotate(
        d_type=F("traject__type"),
        d_doelgroep=F("traject__klant__doelgroep"),
        d_leeftijdsgroep=leeftijdsgroep_sql(
            "leeftijd_op_datum", "traject__klant__geboortedatum", ONBEKEND
        ),
        d_gemeente=Coalesce(
            F("traject__klant__woongemeente__naam"), Value(ONBEKEND), output_field=CharField()
        ),
        d_aanbieder=Coalesce(
            F("traject__aanbieder__naam"), Value(ONBEKEND), output_field=CharField()
        ),
    )


@dataclass
class Cijfers:
    """Counts for one cell: trajectories started (signed up), reaching each stage, ending per
    outcome."""

    gestart: int = 0
    bereikt: Counter = field(default_factory=Counter)
    beeindigd: Counter = field(default_factory=Counter)

    def tel(self, naar_status: str, van_status: str, uitkomst: str, aantal: int) -> None:
        if not van_status:
            self.gestart += aantal
        self.bereikt[naar_status] += aantal
        if naar_status in EINDSTADIA:
            self.beeindigd[uitkomst] += aantal

    @property
    def totaal_beeindigd(self) -> int:
        return sum(self.beeindigd.values())


@dataclass
class TrajectTelling:
    van: datetime.date
    tot: datetime.date
    totaal: Cijfers = field(default_factory=Cijfers)
    # dimension -> value (code or name; "" = unknown) -> counts
    uitsplitsing: dict[str, dict[str, Cijfers]] = field(
        default_factory=lambda: {d: {} for d in DIMENSIES}
    )


def traject_telling(
    loket: Loket,
    van: datetime.date,
    tot: datetime.date,
    peilmoment: datetime.datetime | None = None,
) -> TrajectTelling:
    """The monitor's trajectory counts for a period, with every breakdown, in one SQL query: the
    events are grouped by stage, outcome and every dimension in the database; Python only adds up
    those groups (their number is bounded by the vocabularies, not by the data). With a
    `peilmoment`, as known at that moment (see effectieve_gebeurtenissen)."""
    return traject_tellingen([loket], van, tot, peilmoment)[loket.pk]


def traject_tellingen(
    loketten: Iterable[Loket],
    van: datetime.date,
    tot: datetime.date,
    peilmoment: datetime.datetime | None = None,
) -> dict[int, TrajectTelling]:
    """traject_telling for several loketten in the same one query, grouped by loket too."""
    pks = [loket.pk for loket in loketten]
    groepen = (
        met_dimensies(effectieve_gebeurtenissen_loketten(pks, van, tot, peilmoment))
        .values(
            "loket_id",
            "van_status",
            "naar_status",
            "uitkomst",
            *(f"d_{d}" for d in DIMENSIES),
        )
        .annotate(aantal=Count("id"))
        .order_by()
    )
    tellingen = {pk: TrajectTelling(van=van, tot=tot) for pk in pks}
    for groep in groepen:
        telling = tellingen[groep["loket_id"]]
        stap = (groep["naar_status"], groep["van_status"], groep["uitkomst"], groep["aantal"])
        telling.totaal.tel(*stap)
        for dimensie in DIMENSIES:
            waarde = groep[f"d_{dimensie}"]
            telling.uitsplitsing[dimensie].setdefault(waarde, Cijfers()).tel(*stap)
    return tellingen


def trajecten_achter_telling(
    loket: Loket,
    van: datetime.date,
    tot: datetime.date,
    *,
    gestart: bool = False,
    stadium: str = "",
    uitkomst: str = "",
    **dimensies: str,
) -> QuerySet[Traject]:
    """The trajectories behind one count of traject_telling (for drill-down links): the same
    event definition, filtered on what was counted and on breakdown values, e.g.
    `trajecten_achter_telling(loket, van, tot, stadium="certificaat", gemeente="Haarlem")`."""
    onbekend = set(dimensies) - set(DIMENSIES)
    if onbekend:
        raise ValueError(f"Onbekende uitsplitsing: {', '.join(sorted(onbekend))}")
    gebeurtenissen = met_dimensies(effectieve_gebeurtenissen(loket, van, tot))
    if gestart:
        gebeurtenissen = gebeurtenissen.filter(van_status="")
    if stadium:
        gebeurtenissen = gebeurtenissen.filter(naar_status=stadium)
    if uitkomst:
        gebeurtenissen = gebeurtenissen.filter(naar_status__in=list(EINDSTADIA), uitkomst=uitkomst)
    gebeurtenissen = gebeurtenissen.filter(**{f"d_{k}": v for k, v in dimensies.items()})
    return trajecten_van(loket).filter(pk__in=gebeurtenissen.values("traject_id")).order_by("pk")


def tijdlijn(traject: Traject) -> list[TrajectGebeurtenis]:
    """The events of one trajectory, oldest first, with who recorded them (one query)."""
    return list(
        traject.gebeurtenissen.select_related(
            "geregistreerd_door", "corrigeert", "correctie"
        ).order_by("datum", "pk")
    )
