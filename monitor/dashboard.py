"""Everything the dashboard shows for a loket and a period, assembled once from the indicator
registry: the same object feeds the dashboard page, the xlsx export and the PDF report. With
`voor_stuurgroep` every count between 1 and 4 (and its complement) is suppressed."""

import datetime
import logging
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import InterfaceError, OperationalError
from django.db.models import Q
from django.utils import timezone

from clients.constants import (
    Dienst,
    Doelgroep,
    Hoofddoel,
    Kanaal,
    Leeftijdsgroep,
    Verwijzer,
    WerkgeverscontactSoort,
)
from financiering.selectors import partnertotalen
from loket.datums import controleer_datum
from loket.models import Loket
from trajecten.constants import Status, TrajectType

from . import grafieken
from .constants import Eenheid
from .indicatoren import DIMENSIE_NAMEN, INDICATOREN, REGISTER, Indicator
from .meting import Meting, kwartaalreeks, meet
from .models import Doelstelling
from .perioden import Periode, jaar
from .perioden import vrij as perioden_vrij
from .stoplicht import Beoordeling, beoordeel, voortgangsfractie
from .suppressie import is_klein, onderdruk_uitsplitsing, toon

logger = logging.getLogger(__name__)
# The stoplight colour of a target that could not be judged (see _foutregel).
FOUT = "fout"

WAARDE_LABELS = {
    "doelgroep": dict(Doelgroep.choices),
    "leeftijdsgroep": dict(Leeftijdsgroep.choices),
    "verwijzer": dict(Verwijzer.choices),
    "kanaal": dict(Kanaal.choices),
    "hoofddoel": dict(Hoofddoel.choices),
    "dienst": dict(Dienst.choices),
    "soort": dict(WerkgeverscontactSoort.choices),
    "type": dict(TrajectType.choices),
}
EVC_TRECHTER = [
    Status.AANGEMELD,
    Status.INTAKE,
    Status.PORTFOLIO,
    Status.ASSESSMENT,
    Status.CERTIFICAAT,
]
DUAAL_TRECHTER = [
    Status.AANGEMELD,
    Status.LEERBAAN_GEZOCHT,
    Status.GEPLAATST,
    Status.GESTART,
    Status.DIPLOMA,
]


def label(dimensie: str, waarde: str) -> str:
    if not waarde:
        return "Onbekend"
    return str(WAARDE_LABELS.get(dimensie, {}).get(waarde, waarde))


def opmaak(indicator: Indicator, waarde) -> str:
    """A value as shown: counts as integers, scores with one decimal, percentages with '%'."""
    if waarde is None:
        return "–"
    if isinstance(waarde, str):
        return waarde
    if indicator.eenheid == Eenheid.AANTAL:
        return f"{int(waarde):,}".replace(",", ".")
    getal = Decimal(waarde).quantize(
        Decimal("0.1" if indicator.eenheid == Eenheid.CIJFER else "0.01"), ROUND_HALF_UP
    )
    tekst = f"{getal}".replace(".", ",")
    return f"{tekst} %" if indicator.eenheid == Eenheid.PROCENT else tekst


@dataclass
class Uitsplitsing:
    dimensie: str
    naam: str
    rijen: list[tuple[str, str, object]]  # (code, label, shown value)


@dataclass
class Regel:
    indicator: Indicator
    waarde: object  # raw value
    getoond: str  # value as shown (suppressed for the stuurgroep)
    uitsplitsingen: list[Uitsplitsing] = field(default_factory=list)


@dataclass
class Doelregel:
    doelstelling: Doelstelling
    indicator: Indicator
    beoordeling: Beoordeling
    getoond_waarde: str
    getoond_prognose: str
    grafiek: str
    records_query: str = ""  # GET parameters of the records behind the realised value
    fout: str = ""  # why this target could not be judged (a bad stored value)


@dataclass
class Dashboard:
    loket: Loket
    periode: Periode
    voor_stuurgroep: bool
    meting: Meting
    regels: list[Regel]
    doelen: list[Doelregel]
    kwartaalgrafiek: str
    evc_trechter: str
    duaal_trechter: str
    partners: list
    normtoets: object

    @property
    def kern(self) -> list[Regel]:
        return [r for r in self.regels if r.indicator.kern]

    def regel(self, code: str) -> Regel:
        return next(r for r in self.regels if r.indicator.code == code)


def _toon(indicator: Indicator, waarde, voor_stuurgroep: bool):
    if voor_stuurgroep and indicator.is_aantal and is_klein(waarde):
        return toon(waarde)
    return waarde


def _regel(indicator: Indicator, meting: Meting, voor_stuurgroep: bool) -> Regel:
    waarde = indicator.waarde(meting)
    regel = Regel(indicator, waarde, opmaak(indicator, _toon(indicator, waarde, voor_stuurgroep)))
    for dimensie, cellen in sorted(indicator.uitsplitsing(meting).items()):
        cellen = {k: v for k, v in Counter(cellen).items() if v}
        if not cellen:
            continue
        getoond = onderdruk_uitsplitsing(cellen, int(waarde or 0)) if voor_stuurgroep else cellen
        rijen = sorted(
            ((code, label(dimensie, code), getoond[code]) for code in cellen),
            key=lambda r: (-cellen[r[0]], r[1]),
        )
        regel.uitsplitsingen.append(
            Uitsplitsing(dimensie, DIMENSIE_NAMEN.get(dimensie, dimensie), rijen)
        )
    return regel


def _doelen(loket: Loket, periode: Periode, voor_stuurgroep: bool) -> list[Doelregel]:
    """Targets whose span overlaps the period, judged at the end of the period (or the target
    date when that comes first). One measurement per distinct span: bounded by the number of
    targets, not by the data."""
    doelen = Doelstelling.objects.filter(loket=loket).filter(
        Q(startdatum__lte=periode.tot) & Q(einddatum__gte=periode.van)
    )
    metingen: dict[tuple[datetime.date, datetime.date], Meting] = {}
    uit = []
    for doel in doelen:
        indicator = REGISTER.get(doel.indicator)
        if indicator is None:
            continue
        try:
            controleer_datum(doel.startdatum)
            controleer_datum(doel.einddatum)
            uit.append(_doelregel(loket, periode, doel, indicator, voor_stuurgroep, metingen))
        except (InterfaceError, OperationalError):
            raise  # the database is away: the 503 page, not a row
        except Exception:
            # One bad stored target must not take the dashboard, export and report down: it is
            # shown as an error in its own row, and can be deleted on the targets page.
            logger.exception("Doelstelling %s kan niet worden berekend", doel.pk)
            uit.append(_foutregel(doel, indicator))
    return uit


def _foutregel(doel: Doelstelling, indicator: Indicator) -> Doelregel:
    def datum(d: datetime.date) -> str:  # strftime does not pad the year 1 to 0001
        return f"{d.day:02d}-{d.month:02d}-{d.year:04d}"

    uitleg = (
        f"Deze doelstelling kan niet worden berekend (loopt van {datum(doel.startdatum)} tot "
        f"{datum(doel.einddatum)}). Verwijder haar op de pagina Doelstellingen en leg haar "
        "opnieuw vast."
    )
    beoordeling = Beoordeling(
        kleur=FOUT,
        waarde=None,
        verwacht=Decimal(0),
        streefwaarde=doel.streefwaarde,
        prognose=None,
        toelichting=uitleg,
    )
    return Doelregel(doel, indicator, beoordeling, "–", "–", "", fout=uitleg)


def _doelregel(
    loket: Loket,
    periode: Periode,
    doel: Doelstelling,
    indicator: Indicator,
    voor_stuurgroep: bool,
    metingen: dict,
) -> Doelregel:
    peildatum = min(periode.tot, doel.einddatum, timezone.localdate())
    span = (doel.startdatum, max(peildatum, doel.startdatum))
    if span not in metingen:
        metingen[span] = meet(loket, Periode("doel", span[0], span[1], "doel"))
    waarde = indicator.waarde(metingen[span])
    if indicator.is_aantal:
        waarde = int(waarde or 0)
    beoordeling = beoordeel(
        eenheid=indicator.eenheid,
        waarde=waarde,
        streefwaarde=doel.streefwaarde,
        marge_pct=doel.marge_pct,
        start=doel.startdatum,
        eind=doel.einddatum,
        peildatum=peildatum,
    )
    verborgen = voor_stuurgroep and indicator.is_aantal and is_klein(waarde)
    getoond_waarde = opmaak(indicator, toon(waarde) if verborgen else waarde)
    getoond_prognose = (
        "–"
        if verborgen or beoordeling.prognose is None
        else opmaak(indicator, beoordeling.prognose)
    )
    grafiek = ""
    if indicator.is_aantal and not verborgen:
        grafiek = grafieken.voortgang(
            f"{indicator.naam}: voortgang naar het doel",
            streefwaarde=doel.streefwaarde,
            verwacht=beoordeling.verwacht,
            waarde=waarde,
            prognose=beoordeling.prognose,
            kleur=beoordeling.kleur,
            start_label=f"{doel.startdatum:%d-%m-%Y}",
            eind_label=f"{doel.einddatum:%d-%m-%Y}",
            peil_label=f"{peildatum:%d-%m-%Y}",
            fractie=voortgangsfractie(doel.startdatum, doel.einddatum, peildatum),
        )
    # The realised value's records: the target's own span, up to the peildatum.
    records_query = "&".join(f"{k}={v}" for k, v in perioden_vrij(*span).as_query().items())
    return Doelregel(
        doel,
        indicator,
        beoordeling,
        getoond_waarde,
        getoond_prognose,
        grafiek,
        records_query,
    )


def _trechter(
    meting: Meting, type_: str, stadia: list[str], voor_stuurgroep: bool, titel: str
) -> str:
    per_type = meting.trajecten.uitsplitsing["type"].get(type_)
    rijen = []
    for stadium in stadia:
        if stadium == Status.AANGEMELD:
            aantal = per_type.gestart if per_type else 0
        else:
            aantal = meting.trajecten.totaal.bereikt[stadium]
        rijen.append((str(Status(stadium).label), toon(aantal) if voor_stuurgroep else aantal))
    return grafieken.staafdiagram(titel, rijen)


def _kwartaalgrafiek(loket: Loket, periode: Periode, voor_stuurgroep: bool) -> str:
    # The quarters of the year (or programme) up to the end of the chosen period: a report on Q3
    # made in Q4 shows no part of Q4.
    bereik = periode if periode.soort == "programma" else jaar(periode.jaar)
    bereik = Periode(bereik.soort, bereik.van, min(bereik.tot, periode.tot), bereik.label)
    reeks = kwartaalreeks(loket, bereik)

    def waarde(n):
        return 0 if voor_stuurgroep and is_klein(n) else n  # a bar cannot say "< 5": draw none

    kwartalen = [k.label for k, *_ in reeks]
    reeksen = {
        "Intakes": [waarde(n) for _, n, _, _ in reeks],
        "EVC aangemeld": [waarde(n) for _, _, n, _ in reeks],
        "Duaal aangemeld": [waarde(n) for _, _, _, n in reeks],
    }
    titel = "Resultaten per kwartaal" + (
        " (aantallen onder 5 niet getekend)" if voor_stuurgroep else ""
    )
    return grafieken.kwartaalstaven(titel, reeksen, kwartalen)


def bouw_dashboard(loket: Loket, periode: Periode, *, voor_stuurgroep: bool) -> Dashboard:
    meting = meet(loket, periode)
    return Dashboard(
        loket=loket,
        periode=periode,
        voor_stuurgroep=voor_stuurgroep,
        meting=meting,
        regels=[_regel(i, meting, voor_stuurgroep) for i in INDICATOREN],
        doelen=_doelen(loket, periode, voor_stuurgroep),
        kwartaalgrafiek=_kwartaalgrafiek(loket, periode, voor_stuurgroep),
        evc_trechter=_trechter(
            meting, TrajectType.EVC, EVC_TRECHTER, voor_stuurgroep, "EVC-trechter in de periode"
        ),
        duaal_trechter=_trechter(
            meting,
            TrajectType.DUAAL,
            DUAAL_TRECHTER,
            voor_stuurgroep,
            "Duale trechter in de periode",
        ),
        partners=partnertotalen(loket, periode.jaar),
        normtoets=meting.financiering.normtoets,
    )
