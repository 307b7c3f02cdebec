"""The attacker of ADR 0020: everything a stuurgroep member can obtain for a loket (the dashboard of
every period the UI offers and of hostile query strings, its breakdowns, the quarter chart, the
funnels, the targets' stands, the xlsx read back with openpyxl, the PDF's figures), posed as linear
constraints on non-negative integer unknowns (per count, quarter, dimension and category), then
every hidden figure, and every true count of 1-4, minimised and maximised with HiGHS (scipy).

The unknowns are per quarter because every period the stuurgroep can see is a union of whole
quarters (checked here too); the model knows that each breakdown of a quarter adds up to its total,
that a listed category is present, "< 5" is 1-4, that an unlisted category of a shown breakdown
is 0 (an extra unknown per quarter and dimension stands for every category never listed), and
what the rule itself gives away: a "•" complement in a quarter is at least 5 and at most every
cell still shown."""

import datetime
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from openpyxl import load_workbook
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

from loket import perioden
from monitor.dashboard import KWARTAALREEKSEN, _ruwe_telling, hele_kwartalen
from monitor.meting import meet
from monitor.suppressie import AFGESCHERMD, BESCHERMING, VERBORGEN

ANDERS = "\x00anders"  # every category never listed anywhere
GROOT = 10_000  # no loket has more of anything in a quarter


@dataclass(frozen=True)
class Cijfer:
    """One published figure: the sum of a count over some quarters (and one category, or None
    for the total), shown as an int or a mark."""

    sleutel: str
    kwartalen: tuple[datetime.date, ...]
    dimensie: str | None
    categorie: str | None
    getoond: object
    bron: str
    grenzen: tuple | None = None  # what the rule itself tells about a hidden figure
    # A listed category of a breakdown is present (at least 1); a programme's cell may be a
    # shown 0 or a "•" of an all-hidden column, so it says so here.
    aanwezig: bool = True


@dataclass
class Verzameling:
    cijfers: list[Cijfer] = field(default_factory=list)
    # (sleutel, kwartalen, dimensie, listed categories): every other category sums to 0
    uitsplitsingen: list[tuple[str, tuple, str, frozenset]] = field(default_factory=list)

    def voeg_toe(
        self,
        sleutel,
        kwartalen,
        getoond,
        bron,
        dimensie=None,
        categorie=None,
        grenzen=None,
        aanwezig=True,
    ):
        """`categorie` may be a tuple: the figure is then the sum of those categories (a
        region's total over its loketten)."""
        assert isinstance(getoond, int) or getoond in (VERBORGEN, AFGESCHERMD), (bron, getoond)
        self.cijfers.append(
            Cijfer(sleutel, tuple(kwartalen), dimensie, categorie, getoond, bron, grenzen, aanwezig)
        )


def _kwartalen_van(periode) -> tuple[datetime.date, ...]:
    kwartalen = hele_kwartalen(periode.van, periode.tot)
    assert kwartalen[0].van == periode.van and kwartalen[-1].tot == periode.tot, periode
    assert periode.tot < datetime.date.today(), "only closed quarters for the stuurgroep"
    return tuple(q.van for q in kwartalen)


def _kwartaal_uit_label(label: str) -> datetime.date:
    nummer, jaar = re.fullmatch(r"Q(\d) (\d{4})", label).groups()
    return perioden.kwartaal(int(jaar), int(nummer)).van


def lees_dashboard(v: Verzameling, d, bron: str) -> None:
    assert d.voor_stuurgroep
    kwartalen = _kwartalen_van(d.periode)
    for r in d.regels:
        if not r.indicator.is_aantal:
            continue
        v.voeg_toe(r.indicator.code, kwartalen, r.cel, f"{bron}: {r.indicator.code}")
        for u in r.uitsplitsingen:
            getoonde = [w for _, _, w in u.rijen if isinstance(w, int)]
            for code, _label, getoond in u.rijen:
                grenzen = None
                if getoond == AFGESCHERMD and len(kwartalen) == 1:
                    # An attacker who knows the rule: a complement in a quarter was a shown cell
                    # (5 or more), and the smallest one left (at most every cell still shown).
                    grenzen = (5, min(getoonde, default=np.inf))
                v.voeg_toe(r.indicator.code, kwartalen, getoond, bron, u.dimensie, code, grenzen)
            v.uitsplitsingen.append(
                (r.indicator.code, kwartalen, u.dimensie, frozenset(c for c, _, _ in u.rijen))
            )
    for naam, waarden in d.kwartaalreeksen.items():
        for label, getoond in zip(d.kwartaallabels, waarden, strict=True):
            v.voeg_toe(KWARTAALREEKSEN[naam], [_kwartaal_uit_label(label)], getoond, bron)
    for rijen in d.trechters.values():
        for _label, sleutel, getoond in rijen:
            v.voeg_toe(sleutel, kwartalen, getoond, f"{bron}: trechter {sleutel}")
    for doel in d.doelen:
        if doel.indicator.is_aantal:
            v.voeg_toe(
                doel.indicator.code,
                [q.van for q in doel.kwartalen],
                doel.stand,
                f"{bron}: doel {doel.indicator.code}",
            )


def _als_getal(waarde):
    if waarde in (VERBORGEN, AFGESCHERMD):
        return waarde
    assert isinstance(waarde, int | float) and not isinstance(waarde, bool), repr(waarde)
    assert float(waarde).is_integer()
    return int(waarde)


def lees_xlsx(inhoud: bytes, d) -> None:
    """The xlsx holds exactly the dashboard's figures, numbers as numeric cells."""
    wb = load_workbook(io.BytesIO(inhoud))
    waarden = {r[0]: r[2] for r in wb["Indicatoren"].iter_rows(min_row=2, values_only=True) if r[0]}
    for r in d.regels:
        if r.indicator.is_aantal:
            assert _als_getal(waarden[r.indicator.code]) == r.cel, r.indicator.code
    rijen = [
        (i, u, lbl, _als_getal(a))
        for i, u, lbl, a in wb["Uitsplitsingen"].iter_rows(min_row=2, values_only=True)
    ]
    assert rijen == [
        (r.indicator.naam, u.naam, lbl, w)
        for r in d.regels
        for u in r.uitsplitsingen
        for _, lbl, w in u.rijen
    ]
    reeks = list(wb["Per kwartaal"].iter_rows(min_row=2, values_only=True))
    assert [rij[0] for rij in reeks] == d.kwartaallabels
    for k, waarden_k in enumerate(d.kwartaalreeksen.values(), start=1):
        assert [_als_getal(rij[k]) for rij in reeks] == waarden_k
    trechter = [_als_getal(r[2]) for r in wb["Trechters"].iter_rows(min_row=2, values_only=True)]
    assert trechter == [w for rijen in d.trechters.values() for _, _, w in rijen]
    doelen = [r[4] for r in wb["Doelstellingen"].iter_rows(min_row=2, values_only=True)]
    assert [
        _als_getal(s) for s, doel in zip(doelen, d.doelen, strict=True) if doel.indicator.is_aantal
    ] == [doel.stand for doel in d.doelen if doel.indicator.is_aantal]


def lees_rapportcijfers(v: Verzameling, figuren: dict, kwartaal: datetime.date, bron: str):
    """The figures of the quarterly PDF (rapport.cijfers: what the report prints)."""
    from monitor.indicatoren import REGISTER

    for code, getoond in figuren["indicatoren"].items():
        if REGISTER[code].is_aantal:
            v.voeg_toe(code, [kwartaal], _tekst_als_cijfer(getoond), f"{bron}: {code}")


def _tekst_als_cijfer(tekst: str):
    if tekst in (VERBORGEN, AFGESCHERMD):
        return tekst
    return int(tekst.replace(".", ""))


# --- the linear model -------------------------------------------------------------------------


@dataclass
class Model:
    sleutel: str
    index: dict = field(default_factory=dict)  # variable -> column
    rijen: list = field(default_factory=list)  # (coefficients dict, lb, ub)

    def var(self, naam) -> int:
        if naam not in self.index:
            self.index[naam] = len(self.index)
        return self.index[naam]

    def beperk(self, termen: dict, laag, hoog) -> None:
        self.rijen.append((termen, laag, hoog))

    def matrix(self):
        a = np.zeros((len(self.rijen), len(self.index)))
        for i, (termen, _, _) in enumerate(self.rijen):
            for kolom, c in termen.items():
                a[i, kolom] += c
        return (
            a,
            np.array([lb for _, lb, _ in self.rijen], dtype=float),
            np.array([ub for _, _, ub in self.rijen], dtype=float),
        )


def _grenzen(getoond) -> tuple[float, float]:
    if getoond == VERBORGEN:
        return 1, 4
    if getoond == AFGESCHERMD:
        return 0, np.inf
    return getoond, getoond


def _categorieen(c: Cijfer) -> tuple:
    return c.categorie if isinstance(c.categorie, tuple) else (c.categorie,)


def bouw_modellen(v: Verzameling) -> dict[str, tuple[Model, list]]:
    """Per count: the model and its hidden figures (as term dicts with a description)."""
    per_sleutel = defaultdict(list)
    for c in v.cijfers:
        per_sleutel[c.sleutel].append(c)
    categorieen = defaultdict(set)
    for c in v.cijfers:
        if c.dimensie:
            categorieen[(c.sleutel, c.dimensie)].update(_categorieen(c))
    for sleutel_dimensie in list(categorieen):
        # Every category never listed: 0 where a whole breakdown is shown (see below), and
        # otherwise unknown (a region's view does not show the other regions' loketten).
        categorieen[sleutel_dimensie].add(ANDERS)
    modellen = {}
    for sleutel, cijfers in per_sleutel.items():
        m = Model(sleutel)
        kwartalen = sorted({q for c in cijfers for q in c.kwartalen})
        dimensies = sorted({d for s, d in categorieen if s == sleutel})
        for q in kwartalen:
            totaal = m.var(("T", q))
            for d in dimensies:
                termen = {m.var(("x", q, d, cat)): 1 for cat in sorted(categorieen[(sleutel, d)])}
                termen[totaal] = -1
                m.beperk(termen, 0, 0)
        verborgen = []
        for c in cijfers:
            if c.dimensie is None:
                termen = {m.var(("T", q)): 1 for q in c.kwartalen}
            else:
                termen = {
                    m.var(("x", q, c.dimensie, cat)): 1
                    for q in c.kwartalen
                    for cat in _categorieen(c)
                }
            laag, hoog = c.grenzen or _grenzen(c.getoond)
            if c.dimensie is not None and c.aanwezig:
                laag = max(laag, 1)  # listed, so present
            m.beperk(termen, laag, hoog)
            if isinstance(c.getoond, str):
                verborgen.append((termen, c))
        for s, kwartalen_u, d, getoond in v.uitsplitsingen:
            if s != sleutel:
                continue
            for cat in categorieen[(s, d)] - getoond:
                m.beperk({m.var(("x", q, d, cat)): 1 for q in kwartalen_u}, 0, 0)
        modellen[sleutel] = (m, verborgen)
    return modellen


def bereik(a, lb, ub, c) -> tuple[int, int, list]:
    """Minimum and maximum of c.x over the integer points of the constraints, and the two
    optimal points."""
    uit, punten = [], []
    for teken in (1, -1):
        res = milp(
            teken * c,
            constraints=LinearConstraint(a, lb, ub),
            integrality=np.ones(a.shape[1]),
            bounds=Bounds(0, GROOT),
        )
        assert res.status == 0, res.message  # the true data are a solution
        uit.append(round(teken * res.fun))
        punten.append(np.round(res.x))
    return uit[0], uit[1], punten


def ware_waarden(loket, m: Model, metingen: dict) -> dict:
    """The true value of every unknown (to check the model and to find the true small counts)."""
    uit, tellingen = {}, {}
    for naam in m.index:
        q = naam[1]
        if q not in tellingen:
            if q not in metingen:
                metingen[q] = meet(loket, perioden.kwartaal(q.year, (q.month + 2) // 3))
            tellingen[q] = _ruwe_telling(metingen[q], m.sleutel)
        totaal, uitsplitsingen = tellingen[q]
        if naam[0] == "T":
            uit[naam] = totaal
        else:
            _, _, d, cat = naam
            cellen = uitsplitsingen.get(d, {})
            if cat == ANDERS:
                genoemd = {n[3] for n in m.index if n[0] == "x" and n[1:3] == (q, d)}
                uit[naam] = sum(v for k, v in cellen.items() if k not in genoemd)
            else:
                uit[naam] = cellen.get(cat, 0)
    return uit


def ware_waarden_programma(m: Model, metingen: dict) -> dict:
    """The true value of every unknown of the programme's model: T is the national total of a
    quarter, x(q, "loket", code) one loket's count, ANDERS every loket never listed."""
    from loket.models import Loket
    from monitor.indicatoren import REGISTER
    from monitor.meting import meet_loketten

    alle = list(Loket.objects.order_by("code"))
    uit = {}
    for naam in m.index:
        q = naam[1]
        if q not in metingen:
            metingen[q] = meet_loketten(alle, perioden.kwartaal(q.year, (q.month + 2) // 3))
        cellen = {lk.code: int(REGISTER[m.sleutel].waarde(metingen[q][lk.pk]) or 0) for lk in alle}
        if naam[0] == "T":
            uit[naam] = sum(cellen.values())
        elif naam[3] == ANDERS:
            genoemd = {n[3] for n in m.index if n[0] == "x" and n[1:3] == (q, naam[2])}
            uit[naam] = sum(v for k, v in cellen.items() if k not in genoemd)
        else:
            uit[naam] = cellen[naam[3]]
    return uit


def aanval(loket, v: Verzameling) -> list[str]:
    """Every way the attacker pins something down: empty when the protection holds. With
    loket None: the programme's figures across loketten (dimension "loket")."""
    lekken, metingen = [], {}
    for sleutel, (m, verborgen) in bouw_modellen(v).items():
        a, lb, ub = m.matrix()
        if loket is None:
            waar = ware_waarden_programma(m, metingen)
        else:
            waar = ware_waarden(loket, m, metingen)
        x = np.zeros(len(m.index))
        for naam, kolom in m.index.items():
            x[kolom] = waar[naam]
        ax = a @ x
        assert np.all(ax >= lb - 1e-9) and np.all(ax <= ub + 1e-9), f"model of {sleutel} wrong"
        doelen = {tuple(sorted(t.items())): f"{c.bron} [{c.getoond}]" for t, c in verborgen}
        for naam, kolom in m.index.items():
            if 1 <= waar[naam] < 5 and naam[-1] != ANDERS:
                doelen.setdefault(((kolom, 1),), f"ware kleine cel {naam} = {waar[naam]}")
        a = csr_matrix(a)
        # Integer points known to satisfy everything published: the truth and every optimum
        # found so far. When they already spread a figure over enough values, it is protected
        # without solving; otherwise HiGHS gives its exact range.
        punten = [x]
        for termen, wat in doelen.items():
            c = np.zeros(len(m.index))
            for kolom, w in termen:
                c[kolom] = w
            waarden = np.array(punten) @ c
            if waarden.max() - waarden.min() + 1 >= BESCHERMING:
                continue
            laag, hoog, nieuw = bereik(a, lb, ub, c)
            punten += nieuw
            if hoog - laag + 1 < BESCHERMING:
                lekken.append(f"{sleutel}: {wat} ligt vast op {laag}..{hoog}")
    return lekken
