"""Reading the kept counts: the whole months of a period come from the kept table plus the
pending mutations, the days at its edges (a period that does not start on the 1st or end on the
last of a month, such as year-to-date) are counted from the events with the triggers' own
definitions (sql.randbijdragen): all in one query, for one loket or all of them. Ids are mapped
to names in the query and summed by name, as the recount groups by name.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connections, router

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
  {{randen}}
) s
LEFT JOIN loket_gemeente g ON s.dimensie = 'gemeente' AND g.id::text = s.waarde
LEFT JOIN loket_organisatie o ON s.dimensie IN ('partner', 'aanbieder') AND o.id::text = s.waarde
GROUP BY 1, 2, 3, 4, 5 HAVING sum(s.aantal) <> 0
"""
RANDEN = "UNION ALL " + sql.randbijdragen()
GEEN = datetime.date(1, 1, 1)  # an empty span: van after tot


def begin_maand(datum: datetime.date) -> datetime.date:
    return datum.replace(day=1)


def volgende_maand(datum: datetime.date) -> datetime.date:
    return (datum.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def hele_maanden(
    van: datetime.date, tot: datetime.date
) -> tuple[datetime.date, datetime.date] | None:
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
    loket_ids: list[int],
    maanden: tuple[datetime.date, datetime.date] | None,
    per_maand: bool,
    randen: list[Periode] = (),  # type: ignore[assignment]
) -> dict[int, dict[datetime.date | None, list[Rij]]]:
    """Kept + pending counts of the whole months, plus (when given) the contributions of the
    edge days counted from the events now: one query for all loketten."""
    uit: dict[int, dict[datetime.date | None, list[Rij]]] = defaultdict(lambda: defaultdict(list))
    eerste, laatste = maanden or (datetime.date(9999, 1, 1), GEEN)
    spannen = [(r.van, r.tot) for r in randen] + [(datetime.date(9999, 1, 1), GEEN)] * 2
    # Raw SQL bypasses the database routers: ask the router, so a monitor read inside
    # leest_van_replica goes to the read replica like the ORM's queries (loket/replica.py).
    alias = router.db_for_read(apps.get_model("monitor", "Telstand"))
    with connections[alias].cursor() as cursor:
        cursor.execute(
            LEES.format(
                maand="s.maand" if per_maand else "NULL::date", randen=RANDEN if randen else ""
            ),
            {
                "loketten": loket_ids,
                "eerste": eerste,
                "laatste": laatste,
                "van1": spannen[0][0],
                "tot1": spannen[0][1],
                "van2": spannen[1][0],
                "tot2": spannen[1][1],
            },
        )
        for loket_id, maand, bron, dimensie, waarde, aantal in cursor.fetchall():
            uit[loket_id][maand].append((bron, dimensie, waarde, int(aantal)))
    return uit


class Voorraad:
    """The counts of some loketten over a span of days, per month, fetched in one query: the
    kept whole months and, at the edges, the days counted from the events (under the month they
    fall in). Any period inside the span that is a union of its month pieces (the quarters of a
    year view, the year itself) is cut from it without another query."""

    def __init__(self, loket_ids: Iterable[int], periode: Periode):
        self.loket_ids = set(loket_ids)
        self.van, self.tot = periode.van, periode.tot
        self._rijen = _haal(
            sorted(self.loket_ids),
            hele_maanden(periode.van, periode.tot),
            True,
            randen(periode),
        )

    def bevat(self, loket_id: int, periode: Periode) -> bool:
        return (
            loket_id in self.loket_ids
            and self.van <= periode.van
            and periode.tot <= self.tot
            and (periode.van.day == 1 or periode.van == self.van)
            and (
                volgende_maand(periode.tot) - datetime.timedelta(days=1) == periode.tot
                or periode.tot == self.tot
            )
        )

    def delen(self, loket_id: int, periode: Periode) -> Delen:
        """The parts of a period this Voorraad `bevat`."""
        eerste, laatste = begin_maand(periode.van), begin_maand(periode.tot)
        maanden = self._rijen.get(loket_id, {})
        rijen = (
            rij
            for maand, rijen in maanden.items()
            if maand is not None and eerste <= maand <= laatste
            for rij in rijen
        )
        return delen_uit(rijen, periode.van, periode.tot)


def lees(loket_id: int, periode: Periode, voorraad: Voorraad | None = None) -> Delen:
    """The parts of the period: whole months kept, edge days counted now; one query, none when
    a Voorraad already holds the period."""
    if voorraad is not None and voorraad.bevat(loket_id, periode):
        return voorraad.delen(loket_id, periode)
    return lees_loketten([loket_id], periode)[loket_id]


def lees_loketten(loket_ids: Iterable[int], periode: Periode) -> dict[int, Delen]:
    """The parts of the period for several loketten: one query, whatever their number."""
    loket_ids = list(loket_ids)
    if not loket_ids:
        return {}
    rijen = _haal(loket_ids, hele_maanden(periode.van, periode.tot), False, randen(periode))
    return {
        i: delen_uit(rijen.get(i, {}).get(None, []), periode.van, periode.tot) for i in loket_ids
    }


def vul(metingen: Iterable, periode: Periode) -> None:
    """Give every Meting (without a peilmoment) of `periode` its kept parts, fetched for all of
    their loketten in one query (meet_loketten)."""
    bijgehouden = [m for m in metingen if m.bijgehouden]
    delen = lees_loketten({m.loket.pk for m in bijgehouden}, periode)
    for meting in bijgehouden:
        meting.__dict__["_telstand"] = delen[meting.loket.pk]  # the cached_property's slot
