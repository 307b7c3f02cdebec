"""A loket's benchmark (issue 17): beside each of its own figures the median of its region's
loketten and the national median, on the dashboard and in the loket's quarterly PDF.

The medians come from `programma.medianen`: medians over the SHOWN values of the protected
programme publication (ADR 0067), over whole closed quarters (`perioden.voor_stuurgroep`). They
are functions of published cells that are each 0 or at least 5, so they reveal no count of 1-4,
whoever reads them; that is why the stuurgroep, whose own figures are protected the same way,
sees them too (ADR 0072). A median with no shown value to take it over is shown as "•".

The medians take a measurement of every loket, about a second at national scale, which would
make every dashboard view four times slower. They are kept per process for `BEWAARTIJD` seconds
(they are aggregates of published cells, no personal data, and change only with back-dated facts
once their quarters are closed); the dashboard says when they were computed. Not in Redis: the
dashboard must work when Redis is away (tests/fouten/test_redis_weg.py)."""

import datetime
import threading
import time
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

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
    berekend_op: datetime.datetime | None = None

    def naast(self, regels) -> list[tuple[object, str, str]]:
        """(dashboard row, regional median, national median) per row, for the template."""
        return [(r, *self.cellen.get(r.indicator.code, ("–", "–"))) for r in regels]


BEWAARTIJD = 300  # seconds
_MAX_BEWAARD = 256
_bewaard: dict[tuple, tuple[float, datetime.datetime, dict]] = {}
_slot = threading.Lock()


def _medianen_bewaard(loket: Loket, periode: Periode) -> tuple[dict, datetime.datetime]:
    """medianen() of the loket's region over the period, computed at most once per BEWAARTIJD per
    process (the result depends on the region, not the loket)."""
    sleutel = (loket.regio_id, periode.van, periode.tot)
    nu = time.monotonic()
    with _slot:
        bewaard = _bewaard.get(sleutel)
    if bewaard is not None and nu - bewaard[0] < BEWAARTIJD:
        return bewaard[2], bewaard[1]
    ruw = medianen(loket, periode)
    berekend_op = timezone.now()
    with _slot:
        if len(_bewaard) >= _MAX_BEWAARD:
            _bewaard.clear()
        _bewaard[sleutel] = (nu, berekend_op, ruw)
    return ruw, berekend_op


def vergeet_bewaarde_medianen() -> None:
    with _slot:
        _bewaard.clear()


def benchmark(
    loket: Loket, periode: Periode, peilmoment: datetime.datetime | None = None
) -> Benchmark:
    """With a peilmoment (the quarterly PDF) computed afresh; without one (the dashboard) from the
    per-process store when it is younger than BEWAARTIJD."""
    if peilmoment is None:
        ruw, berekend_op = _medianen_bewaard(loket, perioden.voor_stuurgroep(periode)[0])
    else:
        ruw, berekend_op = medianen(loket, periode, peilmoment=peilmoment), peilmoment
    return Benchmark(
        periode=perioden.voor_stuurgroep(periode)[0],
        cellen={
            code: (toon_mediaan(REGISTER[code], regio), toon_mediaan(REGISTER[code], land))
            for code, (regio, land) in ruw.items()
            if code in REGISTER
        },
        ruw=ruw,
        berekend_op=berekend_op,
    )
