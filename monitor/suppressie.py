"""Disclosure control for everything a stuurgroep member sees (ADR 0020; the rule is also on the
definitions page).

The unit of publication is ONE QUARTER of one count (an indicator or a funnel stage): its total
and its one-way breakdowns. Within a quarter:

- a total of 1-4 is shown as "< 5" and its breakdowns are not shown at all (every person in it
  would otherwise carry the attributes of the listed categories);
- in a breakdown of a shown total, a cell of 1-4 is shown as "< 5" (primary suppression), and
  then the smallest other cell is hidden too with the neutral mark "•" (secondary suppression).
  The exact range of every hidden cell follows from one sum and simple bounds (see `bereiken`),
  computed for an attacker who knows this rule; if some hidden cell could be pinned to fewer
  than `BESCHERMING` values, the breakdown is left out.

Every figure over several quarters (a year, the year up to the last closed quarter, a programme,
the stand of a target) is the sum of published quarter figures: shown only when every quarter
figure it sums is shown, otherwise "•". Such figures are functions of the published quarters, so
they add nothing an attacker could solve for. The quarter tables of different quarters share no
unknowns, so the protection of each quarter is the protection of the whole.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import cast

from .constants import KLEINSTE_CEL

VERBORGEN = "< 5"  # primary: this count itself is between 1 and 4
AFGESCHERMD = "•"  # secondary or derived: hidden to protect another figure
BESCHERMING = 3  # a hidden count can take at least this many values given all published figures
ONBEGRENSD = 10**9

LEGENDA = (
    '"< 5": 1 tot en met 4. "•": afgeschermd om een ander klein aantal te beschermen. '
    "Cijfers over meer kwartalen zijn sommen van getoonde kwartaalcijfers."
)


def is_klein(aantal) -> bool:
    return isinstance(aantal, int) and 0 < aantal < KLEINSTE_CEL


def is_verborgen(getoond) -> bool:
    return isinstance(getoond, str)


def toon(aantal):
    return VERBORGEN if is_klein(aantal) else aantal


def bereiken(cellen: Mapping[str, int], getoond: Mapping[str, object]) -> dict[str, tuple]:
    """The exact range an attacker who knows this rule can derive for each hidden cell of one
    breakdown whose sum is known: the hidden cells add up to the sum minus the shown ones; a
    "< 5" cell is 1-4; a "•" cell was a shown cell, so it is at least 5, and it was the smallest
    left, so it is at most every cell still shown."""
    verborgen = [k for k in cellen if is_verborgen(getoond[k])]
    rest = sum(cellen[k] for k in verborgen)
    kleinste_getoond = min((v for v in getoond.values() if isinstance(v, int)), default=ONBEGRENSD)
    onder = {k: (1 if getoond[k] == VERBORGEN else KLEINSTE_CEL) for k in verborgen}
    boven = {
        k: (KLEINSTE_CEL - 1 if getoond[k] == VERBORGEN else kleinste_getoond) for k in verborgen
    }
    som_onder, som_boven = sum(onder.values()), sum(boven.values())
    return {
        k: (
            max(onder[k], rest - (som_boven - boven[k])),
            min(boven[k], rest - (som_onder - onder[k])),
        )
        for k in verborgen
    }


def beschermd(cellen: Mapping[str, int], getoond: Mapping[str, object]) -> bool:
    return all(hoog - laag + 1 >= BESCHERMING for laag, hoog in bereiken(cellen, getoond).values())


def onderdruk_uitsplitsing(cellen: Mapping[str, int], totaal: int) -> dict[str, object] | None:
    """One breakdown (its non-zero cells) of a shown total, as the stuurgroep sees it; None when
    the pattern does not protect it (the breakdown is then left out).

    The pattern does not adapt to the values: with any cell of 1-4, exactly one complement is
    hidden (the smallest other cell; ties by key, never by anything hidden). A rule that added
    complements until a check passed would tell whoever knows it that the smaller pattern failed,
    which bounds the hidden cells further. Whether the final pattern protects depends only on
    what it shows, so publishing it (or not) gives nothing else away."""
    cellen = {k: v for k, v in cellen.items() if v}
    if is_klein(totaal) or sum(cellen.values()) != totaal:
        return None
    getoond: dict[str, object] = {k: (VERBORGEN if is_klein(v) else v) for k, v in cellen.items()}
    kandidaten = sorted((v, k) for k, v in cellen.items() if not is_klein(v))
    if VERBORGEN in getoond.values() and kandidaten:
        getoond[kandidaten[0][1]] = AFGESCHERMD
    return getoond if beschermd(cellen, getoond) else None


@dataclass
class Tabel:
    """One count over one span of whole quarters, as published: the total (an int, "< 5" or
    "•") and per dimension its cells; a dimension absent from `uitsplitsingen` is not shown."""

    totaal: object
    uitsplitsingen: dict[str, dict[str, object]] = field(default_factory=dict)


def bescherm_kwartaal(totaal: int, uitsplitsingen: Mapping[str, Mapping[str, int]]) -> Tabel:
    """The published form of one quarter of one count."""
    totaal = int(totaal or 0)
    if is_klein(totaal):
        return Tabel(VERBORGEN)
    tabel = Tabel(totaal)
    for dimensie, cellen in uitsplitsingen.items():
        getoond = onderdruk_uitsplitsing(cellen, totaal)
        if getoond is not None:
            tabel.uitsplitsingen[dimensie] = getoond
    return tabel


def open_kwartaal(totaal: int, uitsplitsingen: Mapping[str, Mapping[str, int]]) -> Tabel:
    """The same table unprotected (for the projectleider)."""
    return Tabel(
        int(totaal or 0),
        {d: {k: v for k, v in c.items() if v} for d, c in uitsplitsingen.items()},
    )


def _som(waarden: Iterable[object]) -> object:
    waarden = list(waarden)
    if any(is_verborgen(w) for w in waarden):
        return AFGESCHERMD
    return sum(cast(int, w) for w in waarden)  # every part is shown, so a count


def tel_op(kwartalen: list[Tabel]) -> Tabel:
    """A figure over several quarters from their published tables: a sum where every part is
    shown, "•" otherwise. A breakdown is shown only if it was shown in every quarter (a quarter
    that left it out may hold any category)."""
    if len(kwartalen) == 1:
        return kwartalen[0]
    totaal = _som(t.totaal for t in kwartalen)
    tabel = Tabel(totaal)
    if is_verborgen(totaal) or not kwartalen:
        return tabel
    dimensies = {d: None for t in kwartalen for d in t.uitsplitsingen}
    for dimensie in dimensies:
        if not all(dimensie in t.uitsplitsingen or t.totaal == 0 for t in kwartalen):
            continue
        delen = [t.uitsplitsingen.get(dimensie, {}) for t in kwartalen]
        sleutels = {k for deel in delen for k in deel}
        tabel.uitsplitsingen[dimensie] = {k: _som(d.get(k, 0) for d in delen) for k in sleutels}
    return tabel
