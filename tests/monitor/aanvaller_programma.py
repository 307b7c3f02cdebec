"""What a landelijk or regio user reads from the programme's pages and xlsx (monitor.programma,
ADR 0067), as figures for the attacker of aanvaller.py: the count of one indicator over the
quarters of a period, per loket (dimension "loket", category the loket code), summed over a
region's loketten (a tuple of codes), or national (the total).

What the rule itself tells an attacker who knows it, for one quarter: if any visible cell of the
column is not "•", the column is not all hidden, so each "•" is the one complement: at least 5 and
at most every visible shown cell; in an all-"•" column a "•" may be 0. A shown 0 is exactly 0.

The medians and the sort order are not modelled as constraints: they must be functions of the
shown cells only, and that is asserted here (the median equals the median of the shown values;
hidden cells come last, in loket code order, whatever the direction)."""

import io
import statistics
from decimal import Decimal

import numpy as np
from openpyxl import load_workbook

from monitor.programma import Programmacijfers
from monitor.suppressie import AFGESCHERMD, VERBORGEN

from .aanvaller import Verzameling, _als_getal, _kwartalen_van


def _is_getal(w) -> bool:
    return isinstance(w, int | Decimal) and not isinstance(w, bool)


def controleer_afgeleid(p: Programmacijfers, volgorde: list[str], sorteer: str, richting: str):
    """The median and the sort order are functions of the shown cells alone."""
    for i in p.indicatoren:
        getoond = [Decimal(r.waarden[i.code]) for r in p.rijen if _is_getal(r.waarden[i.code])]
        verwacht = statistics.median(getoond).quantize(Decimal("0.01")) if getoond else None
        assert p.mediaan[i.code] == verwacht, (i.code, p.mediaan[i.code], verwacht)
    if sorteer in {i.code for i in p.indicatoren}:
        waarden = {r.loket.code: r.waarden[sorteer] for r in p.rijen}
        verborgen = [c for c in volgorde if not _is_getal(waarden[c])]
        assert verborgen == sorted(verborgen), ("hidden cells ranked", sorteer, richting)
        assert volgorde[len(volgorde) - len(verborgen) :] == verborgen, "hidden cells not last"
        getoond = [waarden[c] for c in volgorde if _is_getal(waarden[c])]
        assert getoond == sorted(getoond, reverse=richting == "af")


def lees_programma(v: Verzameling, p: Programmacijfers, bron: str) -> None:
    kwartalen = _kwartalen_van(p.periode)
    enkel = len(kwartalen) == 1
    codes = tuple(r.loket.code for r in p.rijen)
    for i in p.indicatoren:
        if not i.is_aantal:
            assert p.totaal[i.code] is None
            continue
        cellen = {r.loket.code: r.waarden[i.code] for r in p.rijen}
        niet_alles_verborgen = any(w != AFGESCHERMD for w in cellen.values())
        getoond = [w for w in cellen.values() if isinstance(w, int) and w > 0]
        for code, w in cellen.items():
            grenzen, aanwezig = None, w != 0 and w != AFGESCHERMD
            if w == AFGESCHERMD and enkel and niet_alles_verborgen:
                grenzen, aanwezig = (5, min(getoond, default=np.inf)), True
            v.voeg_toe(i.code, kwartalen, w, f"{bron}: {code}", "loket", code, grenzen, aanwezig)
        _totaal(v, i.code, kwartalen, p.totaal[i.code], p.landelijk, codes, f"{bron}: totaal")
        for q, w in zip(p.kwartalen, p.trend[i.code], strict=True):
            _totaal(v, i.code, [q.van], w, p.landelijk, codes, f"{bron}: trend {q.label}")
    for r in p.rijen:
        for d in r.doelen:
            if d.afgeschermd:
                assert d.beoordeling.prognose is None and d.beoordeling.waarde is None
            if not d.indicator.is_aantal:
                continue
            start = _kwartalen_van_doel(d, p)
            if start:
                v.voeg_toe(
                    d.indicator.code,
                    start,
                    d.stand,
                    f"{bron}: doel {r.loket.code}",
                    "loket",
                    r.loket.code,
                    aanwezig=False,
                )


def _kwartalen_van_doel(d, p: Programmacijfers):
    from monitor.dashboard import hele_kwartalen

    eind = min(p.periode.tot, d.doelstelling.einddatum)
    if eind < d.doelstelling.startdatum:
        return []
    return [q.van for q in hele_kwartalen(d.doelstelling.startdatum, eind)]


def _totaal(v, sleutel, kwartalen, getoond, landelijk, codes, bron):
    if landelijk:
        v.voeg_toe(sleutel, kwartalen, getoond, bron)
    else:  # a region's total: the sum of its loketten's cells
        v.voeg_toe(sleutel, kwartalen, getoond, bron, "loket", codes, aanwezig=False)


def lees_programma_xlsx(inhoud: bytes, p: Programmacijfers, volgorde: list[str]) -> None:
    """The xlsx holds exactly the page's figures, in the page's order, numbers as numbers."""
    wb = load_workbook(io.BytesIO(inhoud))
    blad = list(wb["Loketten"].iter_rows(values_only=True))
    kop, rijen = blad[0], blad[1:]
    assert [r[0] for r in rijen] == [*volgorde, "TOTAAL", "MEDIAAN"]
    per_code = {r.loket.code: r for r in p.rijen}
    for rij in rijen[:-2]:
        for k, code in enumerate(kop[2:], start=2):
            if per_code[rij[0]].waarden[code] is None or code not in _tellingen(p):
                continue
            assert _als_getal(rij[k]) == per_code[rij[0]].waarden[code], (rij[0], code)
    for k, code in enumerate(kop[2:], start=2):
        if code in _tellingen(p):
            assert _als_getal(rijen[-2][k]) == p.totaal[code], code
    trend = list(wb["Per kwartaal"].iter_rows(values_only=True))
    assert [r[0] for r in trend[1:]] == [q.label for q in p.kwartalen]
    for k, code in enumerate(trend[0][1:], start=1):
        assert [_als_getal(r[k]) for r in trend[1:]] == p.trend[code], code
    for w in (c for r in rijen for c in r):
        assert w not in (VERBORGEN, AFGESCHERMD) or isinstance(w, str)


def _tellingen(p: Programmacijfers) -> set[str]:
    return {i.code for i in p.indicatoren if i.is_aantal}
