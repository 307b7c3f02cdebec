"""Reading the kept counts: the whole months of a period come from the kept table plus the
pending mutations (one query, for one loket or all of them), the days at its edges (a period
that does not start on the 1st or end on the last of a month, such as year-to-date) are
recounted by monitor/meting.py. Ids are mapped to names in the query and summed by name, as the
recount groups by name.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection

from loket.perioden import Periode, vrij
from trajecten.selectors import Cijfers, TrajectTelling

from ..telling import Telling
from . import sql

Rij = tuple[str, str, str, int]  # bron, dimensie, waarde (a name for ids), aantal

LEES = f"""
SELECT s.loket_id, {{maand}}, s.bron, s.dimensie,
  CASE WHEN s.dimensie = 'gemeente' THEN COALESCE(g.naam, '')
       WHEN s.dimensie IN ('partner', 'aanbieder') THEN COALESCE(o.naam, '')
       ELSE s.waarde END,
  sum(s.aantal)
FROM (
  SELECT {sql.KOLOMMEN} FROM {sql.TELSTAND}
  WHERE loket_id = ANY(%(loketten)s) AND maand BETWEEN %(eerste)s AND %(laatste)s
  UNION ALL
  SELECT {sql.KOLOMMEN} FROM {sql.MUTATIE}
  WHERE loket_id = ANY(%(loketten)s) AND maand BETWEEN %(eerste)s AND %(laatste)s
) s
LEFT JOIN loket_gemeente g ON s.dimensie = 'gemeente' AND g.id::text = s.waarde
LEFT JOIN loket_organisatie o ON s.dimensie IN ('partner', 'aanbieder') AND o.id::text = s.waarde
GROUP BY 1, 2, 3, 4, 5 HAVING sum(s.aantal) <> 0
"""


def begin_maand(datum: datetime.date) -> datetime.date:
    return datum.replace(day=1)


def volgende_maand(datum: datetime.date) -> datetime.date:
    return (datum.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def hele_maanden(van: datetime.date, tot: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    """(first, last) month start of the whole months inside [van, tot]; None when there are none."""
    eerste = van if van.day == 1 else volgende_maand(van)
    na_tot = volgende_maand(tot)
    laatste = begin_maand(tot) if na_tot - datetime.timedelta(days=1) == tot else None
    if laatste is None:
        laatste = begin_maand(begin_maand(tot) - datetime.timedelta(days=1))
    return (eerste, laatste) if eerste <= laatste else None


def randen(periode: Periode) -> list[Periode]:
    """The spans of the period outside its whole months: recounted from the events."""
    maanden = hele_maanden(periode.van, periode.tot)
    if maanden is None:
        return [periode]
    uit = []
    if periode.van < maanden[0]:
        uit.append(vrij(periode.van, maanden[0] - datetime.timedelta(days=1)))
    einde = volgende_maand(maanden[1]) - datetime.timedelta(days=1)
    if einde < periode.tot:
        uit.append(vrij(einde + datetime.timedelta(days=1), periode.tot))
    return uit


@dataclass
class Delen:
    """The parts of a Meting that kept counts cover, for a span of whole months."""

    van: datetime.date
    tot: datetime.date
    intakes: Telling = field(default_factory=Telling)
    contacten: Telling = field(default_factory=Telling)
    warme_overdrachten: Telling = field(default_factory=Telling)
    werkgeverscontacten: Telling = field(default_factory=Telling)
    leerbanen: Telling = field(default_factory=Telling)
    vacatures: Telling = field(default_factory=Telling)
    trajecten: TrajectTelling | None = None
    gestart_per_type: dict[str, dict[str, Counter]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Counter))
    )

    def __post_init__(self):
        if self.trajecten is None:
            self.trajecten = TrajectTelling(van=self.van, tot=self.tot)


def delen_uit(rijen: Iterable[Rij], van: datetime.date, tot: datetime.date) -> Delen:
    delen = Delen(van, tot)
    tellingen = {
        "intake": delen.intakes,
        "contact": delen.contacten,
        "wgc": delen.werkgeverscontacten,
        "leerbanen": delen.leerbanen,
        "vacatures": delen.vacatures,
    }
    trajecten = delen.trajecten
    assert trajecten is not None
    for bron, dimensie, waarde, aantal in rijen:
        if bron in tellingen:
            telling = tellingen[bron]
            if dimensie:
                telling.uitsplitsing[dimensie][waarde] += aantal
            else:
                telling.totaal += aantal
        elif bron == "warm":
            if waarde:  # as the recount: a hand-over to a partner without a name is not shown
                delen.warme_overdrachten.tel(aantal, partner=waarde)
        elif bron.startswith("traject|"):
            _, gestart, naar, uitkomst = bron.split("|")
            cijfers = (
                trajecten.uitsplitsing[dimensie].setdefault(waarde, Cijfers())
                if dimensie
                else trajecten.totaal
            )
            cijfers.tel(naar, "" if gestart == "1" else "-", uitkomst, aantal)
        elif bron.startswith("gestart|"):
            delen.gestart_per_type[bron.split("|", 1)[1]][dimensie][waarde] += aantal
    # The recount lists every soort/partner with an employer contact under leerbanen and
    # vacatures too, also when their sum is 0: so does this.
    for telling in (delen.leerbanen, delen.vacatures):
        for dimensie, waarden in delen.werkgeverscontacten.uitsplitsing.items():
            for waarde in waarden:
                telling.uitsplitsing[dimensie][waarde] += 0
    return delen


def _haal(
    loket_ids: list[int], eerste: datetime.date, laatste: datetime.date, per_maand: bool
) -> dict[int, dict[datetime.date | None, list[Rij]]]:
    uit: dict[int, dict[datetime.date | None, list[Rij]]] = defaultdict(lambda: defaultdict(list))
    with connection.cursor() as cursor:
        cursor.execute(
            LEES.format(maand="s.maand" if per_maand else "NULL::date"),
            {"loketten": loket_ids, "eerste": eerste, "laatste": laatste},
        )
        for loket_id, maand, bron, dimensie, waarde, aantal in cursor.fetchall():
            uit[loket_id][maand].append((bron, dimensie, waarde, int(aantal)))
    return uit


class Voorraad:
    """The kept counts of some loketten per month over a range of whole months, fetched in one
    query: the quarters of a year view are cut from it without a query each."""

    def __init__(self, loket_ids: Iterable[int], eerste: datetime.date, laatste: datetime.date):
        self.loket_ids = set(loket_ids)
        self.eerste, self.laatste = eerste, laatste
        self._rijen = _haal(sorted(self.loket_ids), eerste, laatste, per_maand=True)

    def dekt(self, loket_id: int, eerste: datetime.date, laatste: datetime.date) -> bool:
        return loket_id in self.loket_ids and self.eerste <= eerste and laatste <= self.laatste

    def delen(self, loket_id: int, eerste: datetime.date, laatste: datetime.date) -> Delen:
        maanden = self._rijen.get(loket_id, {})
        rijen = (
            rij
            for maand, rijen in maanden.items()
            if maand is not None and eerste <= maand <= laatste
            for rij in rijen
        )
        return delen_uit(rijen, eerste, volgende_maand(laatste) - datetime.timedelta(days=1))


def lees(loket_id: int, periode: Periode, voorraad: Voorraad | None = None) -> Delen:
    """The kept parts of the period's whole months (empty, without a query, when it has none)."""
    maanden = hele_maanden(periode.van, periode.tot)
    if maanden is None:
        return Delen(periode.van, periode.tot)
    if voorraad is not None and voorraad.dekt(loket_id, *maanden):
        return voorraad.delen(loket_id, *maanden)
    return lees_loketten([loket_id], periode)[loket_id]


def lees_loketten(loket_ids: Iterable[int], periode: Periode) -> dict[int, Delen]:
    """The kept parts of the period's whole months for several loketten: one query."""
    loket_ids = list(loket_ids)
    maanden = hele_maanden(periode.van, periode.tot)
    if maanden is None:
        return {i: Delen(periode.van, periode.tot) for i in loket_ids}
    eind = volgende_maand(maanden[1]) - datetime.timedelta(days=1)
    rijen = _haal(loket_ids, *maanden, per_maand=False)
    return {i: delen_uit(rijen.get(i, {}).get(None, []), maanden[0], eind) for i in loket_ids}


def vul(metingen: Iterable, periode: Periode) -> None:
    """Give every Meting (without a peilmoment) of `periode` its kept parts, fetched for all of
    their loketten in one query (meet_loketten)."""
    bijgehouden = [m for m in metingen if m.bijgehouden]
    delen = lees_loketten({m.loket.pk for m in bijgehouden}, periode)
    for meting in bijgehouden:
        meting.__dict__["_telstand"] = delen[meting.loket.pk]  # the cached_property's slot
