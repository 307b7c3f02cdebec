"""Figures of warm hand-overs (overdrachten app) for the indicator registry: hand-overs per
partner, the share reported back within the deadline, the median days to a report-back and the
outcomes. Five queries per measurement, whatever the number of hand-overs or loketten; as known at
the peilmoment when one is given."""

import datetime
import statistics
import zoneinfo
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from loket.geld import percentage
from loket.models import Loket
from overdrachten.constants import Soort
from overdrachten.models import Overdracht, OverdrachtGebeurtenis

AMSTERDAM = zoneinfo.ZoneInfo(settings.TIME_ZONE)


@dataclass
class Overdrachtcijfers:
    per_partner: Counter = field(default_factory=Counter)
    uitkomsten: Counter = field(default_factory=Counter)
    # Hand-overs sent in the period whose deadline passed (or that were reported back), not refused.
    te_beoordelen: int = 0
    binnen_termijn: int = 0
    dagen_tot_terugmelding: list[int] = field(default_factory=list)

    @property
    def verstuurd(self) -> int:
        return sum(self.per_partner.values())

    @property
    def binnen_termijn_pct(self) -> Decimal | None:
        return percentage(Decimal(self.binnen_termijn), Decimal(self.te_beoordelen))

    @property
    def mediaan_dagen(self) -> Decimal | None:
        if not self.dagen_tot_terugmelding:
            return None
        return Decimal(str(statistics.median(self.dagen_tot_terugmelding))).quantize(Decimal("0.1"))


def overdrachtcijfers(loket, van: datetime.date, tot: datetime.date, peilmoment=None):
    return overdrachtcijfers_loketten([loket], van, tot, peilmoment)[loket.pk]


def overdrachtcijfers_loketten(
    loketten: Iterable[Loket], van: datetime.date, tot: datetime.date, peilmoment=None
) -> dict[int, Overdrachtcijfers]:
    """The figures of several loketten in the same queries as one loket's, grouped by loket."""
    pks = [loket.pk for loket in loketten]
    uit = {pk: Overdrachtcijfers() for pk in pks}
    tot_moment = Q(tijdstip__lte=peilmoment) if peilmoment else Q()
    verstuurd = Overdracht.objects.voor_loketten(pks).filter(
        aangemaakt_op__date__range=(van, tot),
        **({"aangemaakt_op__lte": peilmoment} if peilmoment else {}),
    )
    for loket_id, naam, aantal in (
        verstuurd.values_list("loket_id", "organisatie__naam").annotate(n=Count("id")).order_by()
    ):
        uit[loket_id].per_partner[naam] += aantal

    # Per hand-over sent in the period: the date it was reported back or refused (as known then).
    gebeurtenissen = OverdrachtGebeurtenis.objects.voor_loketten(pks).filter(
        tot_moment, overdracht__in=verstuurd
    )
    antwoorden = {
        (pk, soort): datum
        for pk, soort, datum in gebeurtenissen.filter(
            soort__in=[Soort.TERUGGEMELD, Soort.AFGEWEZEN]
        )
        .annotate(datum=TruncDate("tijdstip", tzinfo=AMSTERDAM))
        .values_list("overdracht_id", "soort", "datum")
    }
    peildatum = peilmoment.astimezone(AMSTERDAM).date() if peilmoment else datetime.date.max
    vandaag = min(timezone.localdate(), peildatum)
    for pk, loket_id, termijn in verstuurd.values_list("pk", "loket_id", "termijn"):
        if (pk, Soort.AFGEWEZEN) in antwoorden:
            continue
        teruggemeld = antwoorden.get((pk, Soort.TERUGGEMELD))
        if teruggemeld is None and termijn >= vandaag:
            continue  # still within its deadline: not judged yet
        cijfers = uit[loket_id]
        cijfers.te_beoordelen += 1
        if teruggemeld is not None and teruggemeld <= termijn:
            cijfers.binnen_termijn += 1

    # Report-backs recorded in the period: outcomes and days since the hand-over was sent.
    terug = OverdrachtGebeurtenis.objects.voor_loketten(pks).filter(
        tot_moment,
        soort=Soort.TERUGGEMELD,
        tijdstip__date__range=(van, tot),
    )
    for loket_id, uitkomst, aantal in (
        terug.values_list("overdracht__loket_id", "uitkomst").annotate(n=Count("id")).order_by()
    ):
        uit[loket_id].uitkomsten[uitkomst] += aantal
    for loket_id, t, v in terug.values_list(
        "overdracht__loket_id", "tijdstip", "overdracht__aangemaakt_op"
    ):
        uit[loket_id].dagen_tot_terugmelding.append(
            (t.astimezone(AMSTERDAM).date() - v.astimezone(AMSTERDAM).date()).days
        )
    return uit
