"""The programme's view across loketten (issue 17): every indicator per loket side by side with the
total and the median, each loket's stoplights against its own targets, the co-financing norm per
loket and the trend per quarter. Pure of HTTP: the national/regional pages, their xlsx and the
quarterly PDFs all read `programma(...)`; a loket's benchmark reads `medianen(...)`.

Disclosure (ADR 0067, on top of ADR 0020). The unit of publication is ONE QUARTER of one count
over ALL loketten of the installation: the national total and its breakdown by loket, protected
by `suppressie.bescherm_kwartaal` exactly as a stuurgroep breakdown (a loket of 1-4 is "< 5", one
complement "•"; a total of 1-4 or an unprotectable breakdown hides every loket cell as "•"). The
pattern is always computed over every loket, whatever subset is asked for, so the national and
every regional view publish the same quarter cells. Everything else is a function of those
published cells and so adds nothing an attacker could solve for:

- a figure over several quarters (a year, a programme, a target's stand) is the sum of the shown
  quarter cells, "•" when one of them is hidden;
- a region's total (any subset short of all loketten) is the sum of its shown loket cells per
  quarter, "•" when one is hidden (the national total is the protected total itself);
- the median is taken over the SHOWN loket values only; hidden loketten do not take part;
- a stoplight is judged on the shown stand; a hidden stand shows no colour and no forecast;
- rows sorted on a column: shown values by value, then every hidden cell as one group in loket
  code order, whichever direction (the order of hidden cells would rank them).

Averages and percentages (no persons counted) follow the stuurgroep's `basis` rule: a value
resting on 1-4 answers is shown as "< 5". They have no total across loketten ("–").
"""

import datetime
import logging
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from loket import perioden
from loket.datums import controleer_datum
from loket.models import Loket
from loket.perioden import Periode

from .dashboard import hele_kwartalen
from .indicatoren import INDICATOREN, REGISTER, Indicator
from .meting import Meting, meet_loketten
from .models import Doelstelling
from .stoplicht import AFGESCHERMD_KLEUR, Beoordeling, beoordeel
from .suppressie import AFGESCHERMD, LEGENDA, bescherm_kwartaal, is_klein, is_verborgen, toon

logger = logging.getLogger(__name__)

OPLOPEND, AFLOPEND = "op", "af"
GEEN_TOTAAL = None  # an average or share has no total across loketten


@dataclass
class Doelstand:
    """One target of one loket, judged on its published stand."""

    doelstelling: Doelstelling
    indicator: Indicator
    stand: object  # shown value: a number or a mark
    beoordeling: Beoordeling

    @property
    def afgeschermd(self) -> bool:
        return is_verborgen(self.stand)


@dataclass
class Loketrij:
    loket: Loket
    waarden: dict[str, object]  # indicator code -> shown value (int, Decimal, None or a mark)
    doelen: list[Doelstand] = field(default_factory=list)
    norm_gehaald: bool | None = None  # co-financing realised >= norm; None: no norm applies
    norm_toelichting: str = ""


@dataclass
class Programmacijfers:
    periode: Periode
    rijen: list[Loketrij]  # by loket code
    totaal: dict[str, object]  # code -> shown total (counts only; None for an average/share)
    mediaan: dict[
        str, Decimal | None
    ]  # code -> median over the shown loket values (None: none shown)
    kwartalen: list[Periode]
    trend: dict[str, list[object]]  # count code -> shown total per quarter of the period
    landelijk: bool  # the rows are every loket: totals are the protected national totals
    indicatoren: list[Indicator] = field(default_factory=lambda: list(INDICATOREN))
    legenda: str = LEGENDA

    def gesorteerd(self, code: str | None, richting: str = OPLOPEND) -> list[Loketrij]:
        return sorteer(self.rijen, code, richting)


def sorteer(rijen: list[Loketrij], code: str | None, richting: str = OPLOPEND) -> list[Loketrij]:
    """Rows sorted on one indicator (or on loket code/name for None/'loket'). Shown values by
    value (ties by loket code), then every hidden or empty cell as ONE group in loket code order,
    in both directions: ordering hidden cells would tell which of them is larger."""
    rijen = sorted(rijen, key=lambda r: r.loket.code)
    if code is None or code == "loket" or code not in REGISTER:
        return rijen if richting != AFLOPEND or code != "loket" else rijen[::-1]
    getoond = [r for r in rijen if _is_getal(r.waarden.get(code))]
    onbekend = [r for r in rijen if not _is_getal(r.waarden.get(code))]
    # a stable sort: equal values stay in code order, also descending
    getoond.sort(key=lambda r: Decimal(r.waarden[code]), reverse=richting == AFLOPEND)  # type: ignore[arg-type]
    return getoond + onbekend


def _is_getal(waarde) -> bool:
    return isinstance(waarde, int | Decimal) and not isinstance(waarde, bool)


def mediaan(waarden: Iterable[object]) -> Decimal | None:
    """The median of the shown values (marks and empty values do not take part)."""
    getallen = [Decimal(w) for w in waarden if _is_getal(w)]  # type: ignore[arg-type]
    if not getallen:
        return None
    return Decimal(statistics.median(getallen)).quantize(Decimal("0.01"))


def _som(delen: Iterable[object]) -> object:
    delen = list(delen)
    if len(delen) == 1:  # one published cell: itself ("< 5" stays "< 5")
        return delen[0]
    if any(is_verborgen(d) for d in delen):
        return AFGESCHERMD
    return sum(int(d) for d in delen)  # type: ignore[call-overload]


class Publicatie:
    """The published quarter cells of every count over every loket: (code, quarter) -> (shown
    total, {loket id: shown cell}). One measurement of all loketten per quarter."""

    def __init__(self, alle: list[Loket], peilmoment: datetime.datetime | None):
        self.alle = alle
        self.peilmoment = peilmoment
        self._cellen: dict[datetime.date, dict[str, tuple[object, dict[int, object]]]] = {}
        self.metingen: dict[datetime.date, dict[int, Meting]] = {}

    def kwartaal(self, q: Periode) -> dict[str, tuple[object, dict[int, object]]]:
        if q.van not in self._cellen:
            metingen = self.metingen[q.van] = meet_loketten(self.alle, q, self.peilmoment)
            uit = {}
            for indicator in INDICATOREN:
                if indicator.is_aantal:
                    uit[indicator.code] = _bescherm(indicator, self.alle, metingen)
            self._cellen[q.van] = uit
        return self._cellen[q.van]

    def cel(self, code: str, q: Periode, loket_id: int) -> object:
        return self.kwartaal(q)[code][1][loket_id]

    def som(self, code: str, kwartalen: list[Periode], loket_ids: list[int] | None) -> object:
        """Over the quarters: the protected total (loket_ids None: every loket) or the sum of the
        shown cells of some loketten; "•" when a part is hidden."""
        if loket_ids is None:
            return _som(self.kwartaal(q)[code][0] for q in kwartalen)
        return _som(self.cel(code, q, i) for q in kwartalen for i in loket_ids)


def _bescherm(
    indicator: Indicator, alle: list[Loket], metingen: dict[int, Meting]
) -> tuple[object, dict[int, object]]:
    aantallen = {lk.pk: int(indicator.waarde(metingen[lk.pk]) or 0) for lk in alle}
    codes = {lk.pk: lk.code for lk in alle}
    totaal = sum(aantallen.values())
    tabel = bescherm_kwartaal(totaal, {"loket": {codes[i]: n for i, n in aantallen.items()}})
    getoond = tabel.uitsplitsingen.get("loket")
    cellen: dict[int, object]
    if getoond is None:  # a small total, or a breakdown the pattern cannot protect
        cellen = dict.fromkeys(aantallen, 0 if totaal == 0 else AFGESCHERMD)
    else:
        cellen = {i: getoond.get(codes[i], 0) for i in aantallen}
    return tabel.totaal, cellen


def _niet_aantal(indicator: Indicator, meting: Meting) -> object:
    """An average or share as the stuurgroep sees it: "< 5" when it rests on 1-4 answers."""
    waarde = indicator.waarde(meting)
    if indicator.basis is not None and is_klein(indicator.basis(meting)):
        return toon(indicator.basis(meting))
    return waarde


def programma(
    loketten: Iterable[Loket],
    periode: Periode,
    *,
    peilmoment: datetime.datetime | None = None,
) -> Programmacijfers:
    """The programme's figures for `loketten` (rows, ordered by code) over `periode`, which must
    be whole closed quarters (limit it with `perioden.voor_stuurgroep` first). The protection is
    always computed over every loket of the installation (see the module docstring); when
    `loketten` is not every loket, the totals are the sums of the shown cells of these loketten.
    Queries: a fixed number per quarter of the period and per distinct target span, whatever the
    number of loketten or the amount of data (given a batch `meet_loketten`)."""
    kwartalen = hele_kwartalen(periode.van, periode.tot)
    if kwartalen[0].van != periode.van or kwartalen[-1].tot != periode.tot:
        raise ValueError("Beschermde cijfers bestaan alleen over hele kwartalen.")
    alle = list(Loket.objects.order_by("code"))
    gevraagd = {lk.pk for lk in loketten}
    rijen_loketten = [lk for lk in alle if lk.pk in gevraagd]
    landelijk = gevraagd == {lk.pk for lk in alle}
    ids: list[int] | None = None if landelijk else [lk.pk for lk in rijen_loketten]
    publicatie = Publicatie(alle, peilmoment)
    if len(kwartalen) == 1:  # one quarter: its measurement serves the averages as well
        publicatie.kwartaal(kwartalen[0])
        periodemetingen = publicatie.metingen[kwartalen[0].van]
    else:
        periodemetingen = meet_loketten(rijen_loketten, periode, peilmoment)

    rijen = []
    for lk in rijen_loketten:
        meting = periodemetingen[lk.pk]
        waarden: dict[str, object] = {}
        for indicator in INDICATOREN:
            if indicator.is_aantal:
                waarden[indicator.code] = publicatie.som(indicator.code, kwartalen, [lk.pk])
            else:
                waarden[indicator.code] = _niet_aantal(indicator, meting)
        rij = Loketrij(lk, waarden)
        _normtoets(rij, meting)
        rijen.append(rij)
    _doelen(rijen, periode, publicatie, peilmoment)

    totaal: dict[str, object] = {}
    trend: dict[str, list[object]] = {}
    for indicator in INDICATOREN:
        if not indicator.is_aantal:
            totaal[indicator.code] = GEEN_TOTAAL
            continue
        totaal[indicator.code] = publicatie.som(indicator.code, kwartalen, ids)
        trend[indicator.code] = [publicatie.som(indicator.code, [q], ids) for q in kwartalen]
    return Programmacijfers(
        periode=periode,
        rijen=rijen,
        totaal=totaal,
        mediaan={i.code: mediaan(r.waarden[i.code] for r in rijen) for i in INDICATOREN},
        kwartalen=kwartalen,
        trend=trend,
        landelijk=landelijk,
    )


def _normtoets(rij: Loketrij, meting: Meting) -> None:
    toets = meting.financiering.normtoets
    if toets is None or not toets.van_toepassing:
        rij.norm_gehaald, rij.norm_toelichting = None, "Geen norm van toepassing"
        return
    rij.norm_gehaald = toets.realisatie_voldoet
    rij.norm_toelichting = "Norm gehaald" if rij.norm_gehaald else "Norm niet gehaald"


def _doelen(
    rijen: list[Loketrij],
    periode: Periode,
    publicatie: Publicatie,
    peilmoment: datetime.datetime | None,
) -> None:
    """Every loket's own targets overlapping the period, judged as the stuurgroep's dashboard
    does (dashboard._doelregel): a count's stand summed from the published quarter cells from the
    quarter the target starts in; an average on its own span, hidden on a small basis. One query
    for the targets of all loketten, one measurement per quarter and per distinct span."""
    per_loket = {r.loket.pk: r for r in rijen}
    vandaag = timezone.localdate(peilmoment) if peilmoment else timezone.localdate()
    doelen = [
        d
        for d in Doelstelling.objects.voor_loketten(list(per_loket))
        .filter(Q(startdatum__lte=periode.tot) & Q(einddatum__gte=periode.van))
        .order_by("loket_id", "einddatum", "indicator", "pk")
        if d.indicator in REGISTER and _berekenbaar(d)
    ]
    spannen: dict[tuple[datetime.date, datetime.date], list[int]] = defaultdict(list)
    for doel in doelen:
        if not REGISTER[doel.indicator].is_aantal:
            span = (
                doel.startdatum,
                max(min(periode.tot, doel.einddatum, vandaag), doel.startdatum),
            )
            spannen[span].append(doel.loket_id)
    metingen = {
        span: meet_loketten(
            [per_loket[i].loket for i in dict.fromkeys(ids)],
            Periode("doel", span[0], span[1], "doel"),
            peilmoment,
        )
        for span, ids in spannen.items()
    }
    for doel in doelen:
        indicator = REGISTER[doel.indicator]
        peildatum = min(periode.tot, doel.einddatum, vandaag)
        if indicator.is_aantal:
            eind = min(periode.tot, doel.einddatum)
            kwartalen = hele_kwartalen(doel.startdatum, eind) if eind >= doel.startdatum else []
            stand = publicatie.som(indicator.code, kwartalen, [doel.loket_id]) if kwartalen else 0
            if kwartalen:
                peildatum = min(kwartalen[-1].tot, doel.einddatum, vandaag)
        else:
            span = (doel.startdatum, max(peildatum, doel.startdatum))
            stand = _niet_aantal(indicator, metingen[span][doel.loket_id])
        per_loket[doel.loket_id].doelen.append(
            Doelstand(doel, indicator, stand, _beoordeel(doel, indicator, stand, peildatum))
        )


def _berekenbaar(doel: Doelstelling) -> bool:
    """A stored target whose dates cannot be computed (the loket's own dashboard shows it as an
    error row, to be deleted there) is left out here, so it cannot take every loket's
    benchmark and the programme pages down."""
    try:
        controleer_datum(doel.startdatum)
        controleer_datum(doel.einddatum)
    except ValidationError:
        logger.warning("Doelstelling %s kan niet worden berekend; niet in het programma", doel.pk)
        return False
    return True


def _beoordeel(doel: Doelstelling, indicator: Indicator, stand, peildatum) -> Beoordeling:
    verborgen = is_verborgen(stand)
    beoordeling = beoordeel(
        eenheid=indicator.eenheid,
        waarde=0 if verborgen or stand is None else stand,
        streefwaarde=doel.streefwaarde,
        marge_pct=doel.marge_pct,
        start=doel.startdatum,
        eind=doel.einddatum,
        peildatum=peildatum,
    )
    if verborgen:  # neither colour nor forecast: both would bound the hidden stand
        return Beoordeling(
            kleur=AFGESCHERMD_KLEUR,
            waarde=None,
            verwacht=beoordeling.verwacht,
            streefwaarde=doel.streefwaarde,
            prognose=None,
            toelichting="De stand is afgeschermd: hij bevat een klein aantal.",
        )
    return beoordeling


def medianen(
    loket: Loket, periode: Periode, *, peilmoment: datetime.datetime | None = None
) -> dict[str, tuple[Decimal | None, Decimal | None]]:
    """A loket's benchmark: per indicator code (regional median, national median), both over the
    SHOWN values of the loketten of the programme's publication (module docstring), so they
    reveal nothing about a hidden cell. The period is first limited as for the stuurgroep
    (`perioden.voor_stuurgroep`: whole closed quarters); the caller shows
    `perioden.voor_stuurgroep(periode)[0].label` beside them. The loket's own figure is included
    when shown. Costs one programme measurement (all loketten, per quarter)."""
    periode = perioden.voor_stuurgroep(periode)[0]
    landelijk = programma(Loket.objects.all(), periode, peilmoment=peilmoment)
    regio = [r for r in landelijk.rijen if r.loket.regio_id == loket.regio_id]
    return {
        i.code: (mediaan(r.waarden[i.code] for r in regio), landelijk.mediaan[i.code])
        for i in INDICATOREN
    }
