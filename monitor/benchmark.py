"""A loket's benchmark (issue 17): beside each of its own figures the median of its region's
loketten and the national median, on the dashboard and in the loket's quarterly PDF.

The medians come from `programma.medianen`: medians over the SHOWN values of the protected
programme publication (ADR 0067), over whole closed quarters (`perioden.voor_stuurgroep`). They
are functions of published cells that are each 0 or at least 5, so they reveal no count of 1-4,
whoever reads them; that is why the stuurgroep, whose own figures are protected the same way,
sees them too (ADR 0072). A median with no shown value to take it over is shown as "•"."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from loket import perioden
from loket.geld import getal
from loket.models import Loket
from loket.perioden import Periode

from .constants import Eenheid
from .dashboard import opmaak
from .indicatoren import REGISTER, Indicator
from .programma import medianen
from .suppressie import AFGESCHERMD


def toon_mediaan(indicator: Indicator, waarde: Decimal | None, leeg: str = AFGESCHERMD) -> str:
    """A median as shown: a count's median may fall between two counts (12,5)."""
    if waarde is None:
        return leeg
    if indicator.eenheid == Eenheid.AANTAL:
        return getal(Decimal(waarde), 1, nullen_weg=True)
    return opmaak(indicator, waarde)


@dataclass
class Benchmark:
    periode: Periode  # the whole closed quarters the medians are over
    cellen: dict[str, tuple[str, str]]  # indicator code -> (regional median, national median)
    ruw: dict[str, tuple[Decimal | None, Decimal | None]]

    def naast(self, regels) -> list[tuple[object, str, str]]:
        """(dashboard row, regional median, national median) per row, for the template."""
        return [(r, *self.cellen.get(r.indicator.code, ("–", "–"))) for r in regels]


def benchmark(
    loket: Loket, periode: Periode, peilmoment: datetime.datetime | None = None
) -> Benchmark:
    ruw = medianen(loket, periode, peilmoment=peilmoment)
    return Benchmark(
        periode=perioden.voor_stuurgroep(periode)[0],
        cellen={
            code: (toon_mediaan(REGISTER[code], regio), toon_mediaan(REGISTER[code], land))
            for code, (regio, land) in ruw.items()
            if code in REGISTER
        },
        ruw=ruw,
    )
