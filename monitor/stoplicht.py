"""The automatic stoplight of a target: green on or above the straight line from start to target
date, orange within the margin below it, red further below; with the forecast at the current pace."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from loket.geld import getal

from .constants import Eenheid, Stoplicht

# A target whose stand is hidden from the stuurgroep gets no colour: it would bound the stand.
AFGESCHERMD_KLEUR = "afgeschermd"


@dataclass
class Beoordeling:
    kleur: str
    waarde: Decimal | None
    verwacht: Decimal
    streefwaarde: Decimal
    prognose: Decimal | None
    toelichting: str

    @property
    def kleur_label(self) -> str:
        if self.kleur == AFGESCHERMD_KLEUR:
            return "Afgeschermd (klein aantal)"
        if self.kleur not in Stoplicht.values:
            return "Niet te beoordelen"
        return str(Stoplicht(self.kleur).label)


def _getal(value: Decimal) -> str:
    return getal(value, 1, nullen_weg=True)


def voortgangsfractie(
    start: datetime.date, eind: datetime.date, peildatum: datetime.date
) -> Decimal:
    """How far along the straight line the peildatum is: 0 at the start, 1 at the target date."""
    totaal = (eind - start).days + 1
    verstreken = (min(max(peildatum, start - datetime.timedelta(days=1)), eind) - start).days + 1
    return Decimal(verstreken) / Decimal(totaal)


def beoordeel(
    *,
    eenheid: str,
    waarde,
    streefwaarde: Decimal,
    marge_pct: Decimal,
    start: datetime.date,
    eind: datetime.date,
    peildatum: datetime.date,
) -> Beoordeling:
    marge = Decimal(marge_pct) / 100
    if eenheid == Eenheid.AANTAL:
        fractie = voortgangsfractie(start, eind, peildatum)
        verwacht = (streefwaarde * fractie).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        prognose = (
            (Decimal(waarde) / fractie).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
            if fractie
            else None
        )
        uitleg = (
            f"Lijn van 0 op {start:%d-%m-%Y} naar {_getal(streefwaarde)} op {eind:%d-%m-%Y}: "
            f"op {min(peildatum, eind):%d-%m-%Y} verwacht {_getal(verwacht)}, gerealiseerd {_getal(Decimal(waarde))}. "
        )
        if prognose is not None:
            uitleg += f"In dit tempo wordt het {_getal(prognose)} op de streefdatum. "
    else:  # a level (average score, percentage): the target holds throughout the period
        verwacht = streefwaarde
        prognose = Decimal(waarde) if waarde is not None else None
        uitleg = f"Norm {_getal(streefwaarde)}; gemeten {_getal(Decimal(waarde)) if waarde is not None else 'nog niets'}. "
    if waarde is None:
        kleur = Stoplicht.ROOD if eenheid == Eenheid.AANTAL else Stoplicht.ORANJE
        uitleg += "Nog geen metingen in deze periode."
    elif Decimal(waarde) >= verwacht:
        kleur = Stoplicht.GROEN
        uitleg += "Op of boven de lijn: groen."
    elif Decimal(waarde) >= verwacht * (1 - marge):
        kleur = Stoplicht.ORANJE
        uitleg += f"Minder dan {_getal(Decimal(marge_pct))} % onder de lijn: oranje."
    else:
        kleur = Stoplicht.ROOD
        uitleg += f"Meer dan {_getal(Decimal(marge_pct))} % onder de lijn: rood."
    return Beoordeling(
        kleur=kleur,
        waarde=Decimal(waarde) if waarde is not None else None,
        verwacht=verwacht,
        streefwaarde=streefwaarde,
        prognose=prognose,
        toelichting=uitleg,
    )
