"""Everything the dashboard shows for a loket and a period, assembled once from the indicator
registry: the same object feeds the dashboard page, the xlsx export and the PDF report.

With `voor_stuurgroep` every count is published under the disclosure rule of `suppressie`: each
quarter of each count is protected on its own, and every figure over several quarters (the
period's values, the chart, the funnels, a target's stand) is summed from those quarter tables."""

import datetime
import logging
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db import InterfaceError, OperationalError
from django.db.models import Q
from django.utils import timezone

from aanmelden.constants import EnqueteSoort, Situatie
from clients.constants import (
    Dienst,
    Doelgroep,
    Hoofddoel,
    Kanaal,
    Leeftijdsgroep,
    Verwijzer,
    WerkgeverscontactSoort,
)
from financiering.selectors import Normtoets, partnertotalen
from loket.datums import controleer_datum
from loket.geld import getal
from loket.models import Loket
from loket.perioden import Periode, jaar, kwartaal, kwartaal_van
from loket.perioden import vrij as perioden_vrij
from overdrachten.constants import Uitkomst as OverdrachtUitkomst
from trajecten.constants import Status, TrajectType

from . import grafieken
from .constants import Eenheid
from .indicatoren import DIMENSIE_NAMEN, INDICATOREN, REGISTER, Indicator
from .meting import Meting, kwartaalreeks, meet, voorraad_voor
from .models import Doelstelling
from .stoplicht import AFGESCHERMD_KLEUR, Beoordeling, beoordeel, voortgangsfractie
from .suppressie import (
    LEGENDA,
    Tabel,
    bescherm_kwartaal,
    is_klein,
    is_verborgen,
    open_kwartaal,
    tel_op,
    toon,
)
from .telstand.lezen import Voorraad

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
    "respondent": dict(EnqueteSoort.choices),
    "situatie": dict(Situatie.choices),
    "uitkomst": dict(OverdrachtUitkomst.choices),
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
        return getal(int(waarde), 0)
    tekst = getal(waarde, 1 if indicator.eenheid == Eenheid.CIJFER else 2)
    return f"{tekst} %" if indicator.eenheid == Eenheid.PROCENT else tekst


STADIUM_SLEUTEL = {
    # A funnel stage that is also an indicator is the same count, protected once.
    Status.CERTIFICAAT: "evc_certificaat",
    Status.GEPLAATST: "duaal_geplaatst",
    Status.GESTART: "duaal_gestart",
    Status.DIPLOMA: "duaal_diploma",
}
AANGEMELD_SLEUTEL = {TrajectType.EVC: "evc_gestart", TrajectType.DUAAL: "duaal_gestart_aangemeld"}
KWARTAALREEKSEN = {
    "Intakes": "nieuwe_klanten",
    "EVC aangemeld": "evc_gestart",
    "Duaal aangemeld": "duaal_gestart_aangemeld",
}


def volgorde(dimensie: str, code: str) -> tuple:
    """A breakdown's fixed row order: the vocabulary's order, else the label; 'Onbekend' last.
    Never the count, which would rank hidden cells."""
    vocabulaire = list(WAARDE_LABELS.get(dimensie, {}))
    plaats = vocabulaire.index(code) if code in vocabulaire else len(vocabulaire)
    return (code == "", plaats, label(dimensie, code).lower(), code)


def hele_kwartalen(van: datetime.date, tot: datetime.date) -> list[Periode]:
    """The whole quarters from the one holding `van` up to the one holding `tot`."""
    uit, q = [], kwartaal(van.year, kwartaal_van(van))
    while q.van <= tot:
        uit.append(q)
        volgende = q.tot + datetime.timedelta(days=1)
        q = kwartaal(volgende.year, kwartaal_van(volgende))
    return uit


def _ruwe_telling(meting: Meting, sleutel: str) -> tuple[int, dict[str, Counter]]:
    """A count and its breakdowns: an indicator, or 'bereikt:<stadium>' for a funnel stage."""
    if sleutel.startswith("bereikt:"):
        return meting.trajecten.totaal.bereikt[sleutel.removeprefix("bereikt:")], {}
    indicator = REGISTER[sleutel]
    return int(indicator.waarde(meting) or 0), {
        d: Counter(c) for d, c in indicator.uitsplitsing(meting).items()
    }


class Kwartaaltabellen:
    """The published table of every quarter and count, measured once per quarter (a year costs
    four measurements: the number of queries follows the period's length, not the data)."""

    def __init__(self, loket: Loket, peilmoment: datetime.datetime | None = None):
        self.loket = loket
        self.peilmoment = peilmoment
        self._metingen: dict[datetime.date, Meting] = {}
        self._tabellen: dict[tuple[str, datetime.date], tuple[int, Tabel]] = {}
        self._voorraad: Voorraad | None = None

    def bereid_voor(self, kwartalen: list[Periode]) -> None:
        """The counts of all months of the quarters still to measure, in one query (not one
        per quarter); a later call for quarters outside them fetches the whole span again."""
        nieuw = [q for q in kwartalen if q.van not in self._metingen]
        if self.peilmoment is not None or not nieuw:
            return
        van, tot = min(q.van for q in nieuw), max(q.tot for q in nieuw)
        if self._voorraad is not None:
            van, tot = min(van, self._voorraad.van), max(tot, self._voorraad.tot)
        span = perioden_vrij(van, tot)
        if not (self._voorraad and self._voorraad.bevat(self.loket.pk, span)):
            self._voorraad = voorraad_voor([self.loket], span)

    def _kwartaal(self, sleutel: str, q: Periode) -> tuple[int, Tabel]:
        if (sleutel, q.van) not in self._tabellen:
            if q.van not in self._metingen:
                self._metingen[q.van] = Meting(
                    self.loket, q, self.peilmoment, voorraad=self._voorraad
                )
            totaal, uitsplitsingen = _ruwe_telling(self._metingen[q.van], sleutel)
            self._tabellen[(sleutel, q.van)] = (totaal, bescherm_kwartaal(totaal, uitsplitsingen))
        return self._tabellen[(sleutel, q.van)]

    def tabel(self, sleutel: str, kwartalen: list[Periode]) -> Tabel:
        self.bereid_voor(kwartalen)
        return tel_op([self._kwartaal(sleutel, q)[1] for q in kwartalen])

    def ruw(self, sleutel: str, kwartalen: list[Periode]) -> int:
        self.bereid_voor(kwartalen)
        return sum(self._kwartaal(sleutel, q)[0] for q in kwartalen)


@dataclass
class Uitsplitsing:
    dimensie: str
    naam: str
    rijen: list[tuple[str, str, object]]  # (code, label, shown value: an int or a mark)


@dataclass
class Regel:
    indicator: Indicator
    waarde: object  # raw value
    getoond: str  # value as shown (suppressed for the stuurgroep)
    uitsplitsingen: list[Uitsplitsing] = field(default_factory=list)
    cel: object = None  # the value as published, unformatted: a number, None, or a mark

    @property
    def verborgen(self) -> bool:
        return is_verborgen(self.cel)


@dataclass
class Doelregel:
    doelstelling: Doelstelling
    indicator: Indicator
    beoordeling: Beoordeling
    getoond_waarde: str
    getoond_prognose: str
    grafiek: str
    records_query: str = ""  # GET parameters of the records behind the realised value
    stand: object = None  # the realised value as published (a number or a mark)
    kwartalen: list[Periode] = field(default_factory=list)  # for the stuurgroep: the stand's span
    fout: str = ""  # why this target could not be judged (a bad stored value)

    @property
    def afgeschermd(self) -> bool:
        return is_verborgen(self.stand)


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
    normtoets: Normtoets | None
    kwartaallabels: list[str] = field(default_factory=list)
    kwartaalreeksen: dict[str, list] = field(default_factory=dict)  # name -> shown values
    trechters: dict[str, list[tuple[str, str, object]]] = field(default_factory=dict)
    legenda: str = LEGENDA

    @property
    def kern(self) -> list[Regel]:
        return [r for r in self.regels if r.indicator.kern]

    def regel(self, code: str) -> Regel:
        return next(r for r in self.regels if r.indicator.code == code)


def _regel(indicator: Indicator, waarde, tabel: Tabel | None) -> Regel:
    if tabel is None:  # a score or a percentage: no persons counted
        return Regel(indicator, waarde, opmaak(indicator, waarde), cel=waarde)
    regel = Regel(indicator, waarde, opmaak(indicator, tabel.totaal), cel=tabel.totaal)
    for dimensie, cellen in sorted(tabel.uitsplitsingen.items()):
        if not cellen:
            continue
        rijen = [
            (code, label(dimensie, code), cellen[code])
            for code in sorted(cellen, key=lambda c: volgorde(dimensie, c))
        ]
        regel.uitsplitsingen.append(
            Uitsplitsing(dimensie, DIMENSIE_NAMEN.get(dimensie, dimensie), rijen)
        )
    return regel


def _regels(
    meting: Meting, kwartalen: list[Periode] | None, tabellen: Kwartaaltabellen | None
) -> list[Regel]:
    regels = []
    for indicator in INDICATOREN:
        if not indicator.is_aantal:
            waarde = indicator.waarde(meting)
            regel = _regel(indicator, waarde, None)
            if tabellen is not None and indicator.basis and is_klein(indicator.basis(meting)):
                # an average or share of 1-4 answers is not shown either
                getoond = toon(indicator.basis(meting))
                regel = Regel(indicator, waarde, opmaak(indicator, getoond), cel=getoond)
            regels.append(regel)
        elif tabellen is not None and kwartalen is not None:  # set together (stuurgroep)
            tabel = tabellen.tabel(indicator.code, kwartalen)
            regels.append(_regel(indicator, tabellen.ruw(indicator.code, kwartalen), tabel))
        else:
            totaal, uitsplitsingen = _ruwe_telling(meting, indicator.code)
            regels.append(_regel(indicator, totaal, open_kwartaal(totaal, uitsplitsingen)))
    return regels


def _doelen(
    loket: Loket,
    periode: Periode,
    tabellen: Kwartaaltabellen | None,
    peilmoment: datetime.datetime | None = None,
) -> list[Doelregel]:
    """Targets whose span overlaps the period, judged at the end of the period (or the target
    date when that comes first). One measurement per distinct span: bounded by the number of
    targets, not by the data. For the stuurgroep a count's stand is summed over whole quarters
    (from the quarter the target starts in) from the protected quarter tables. With a peilmoment:
    as known then."""
    vandaag = timezone.localdate(peilmoment) if peilmoment else timezone.localdate()
    doelen = Doelstelling.objects.voor_loket(
        loket, Q(startdatum__lte=periode.tot) & Q(einddatum__gte=periode.van)
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
            uit.append(
                _doelregel(loket, periode, doel, indicator, tabellen, metingen, vandaag, peilmoment)
            )
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
    tabellen: Kwartaaltabellen | None,
    metingen: dict,
    vandaag: datetime.date,
    peilmoment: datetime.datetime | None,
) -> Doelregel:
    peildatum = min(periode.tot, doel.einddatum, vandaag)
    span = (doel.startdatum, max(peildatum, doel.startdatum))
    kwartalen: list[Periode] = []
    if tabellen is not None and indicator.is_aantal:
        eind = min(periode.tot, doel.einddatum)
        kwartalen = hele_kwartalen(doel.startdatum, eind) if eind >= doel.startdatum else []
        waarde = tabellen.tabel(indicator.code, kwartalen).totaal
        if kwartalen:
            peildatum = min(kwartalen[-1].tot, doel.einddatum, vandaag)
    else:
        if span not in metingen:
            metingen[span] = meet(loket, Periode("doel", span[0], span[1], "doel"), peilmoment)
        waarde = indicator.waarde(metingen[span])
        if indicator.is_aantal:
            waarde = int(waarde or 0)
    verborgen = is_verborgen(waarde)
    beoordeling = beoordeel(
        eenheid=indicator.eenheid,
        waarde=0 if verborgen else waarde,
        streefwaarde=doel.streefwaarde,
        marge_pct=doel.marge_pct,
        start=doel.startdatum,
        eind=doel.einddatum,
        peildatum=peildatum,
    )
    if verborgen:
        # Neither the colour nor the forecast: both would bound the hidden stand.
        beoordeling = replace(
            beoordeling,
            kleur=AFGESCHERMD_KLEUR,
            waarde=None,
            prognose=None,
            toelichting="De stand is afgeschermd: hij bevat een kwartaal met een klein "
            "aantal, dus ook het stoplicht en de prognose worden niet getoond.",
        )
    getoond_waarde = opmaak(indicator, waarde)
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
        stand=waarde,
        kwartalen=kwartalen,
    )


def _trechter(
    meting: Meting,
    tabellen: Kwartaaltabellen | None,
    kwartalen: list[Periode] | None,
    type_: TrajectType,
    stadia: list[Status],
) -> list[tuple[str, str, object]]:
    rijen = []
    for stadium in stadia:
        sleutel = (
            AANGEMELD_SLEUTEL[type_]
            if stadium == Status.AANGEMELD
            else STADIUM_SLEUTEL.get(stadium, f"bereikt:{stadium}")
        )
        if tabellen is not None and kwartalen is not None:  # set together (stuurgroep)
            aantal = tabellen.tabel(sleutel, kwartalen).totaal
        else:
            aantal = _ruwe_telling(meting, sleutel)[0]
        rijen.append((str(Status(stadium).label), sleutel, aantal))
    return rijen


def _bereik(periode: Periode) -> Periode:
    """The quarters of the year (or programme) up to the end of the chosen period: a report on
    Q3 made in Q4 shows no part of Q4."""
    bereik = periode if periode.soort == "programma" else jaar(periode.jaar)
    return Periode(bereik.soort, bereik.van, min(bereik.tot, periode.tot), bereik.label)


def _kwartaalreeks(
    loket: Loket,
    periode: Periode,
    tabellen: Kwartaaltabellen | None,
    peilmoment: datetime.datetime | None = None,
    voorraad: Voorraad | None = None,
) -> tuple[list[str], dict[str, list]]:
    bereik = _bereik(periode)
    if tabellen is not None:
        kwartalen = hele_kwartalen(bereik.van, bereik.tot)
        tabellen.bereid_voor(kwartalen)  # all their months in one query, not one per quarter
        return [q.label for q in kwartalen], {
            naam: [tabellen.tabel(code, [q]).totaal for q in kwartalen]
            for naam, code in KWARTAALREEKSEN.items()
        }
    reeks = kwartaalreeks(loket, bereik, peilmoment, voorraad)
    return [k.label for k, *_ in reeks], {
        naam: [rij[i + 1] for rij in reeks] for i, naam in enumerate(KWARTAALREEKSEN)
    }


def bouw_dashboard(
    loket: Loket,
    periode: Periode,
    *,
    voor_stuurgroep: bool,
    peilmoment: datetime.datetime | None = None,
) -> Dashboard:
    """The dashboard of a period; with a peilmoment, as it was known at that moment."""
    voorraad = None
    if peilmoment is None and not voor_stuurgroep:
        # The chart's span and the period from one query of kept counts (monitor/telstand).
        voorraad = voorraad_voor([loket], _bereik(periode))
    meting = Meting(loket, periode, peilmoment, voorraad=voorraad)
    tabellen = kwartalen = None
    if voor_stuurgroep:
        kwartalen = hele_kwartalen(periode.van, periode.tot)
        if kwartalen[0].van != periode.van or kwartalen[-1].tot != periode.tot:
            raise ValueError("Beschermde cijfers bestaan alleen over hele kwartalen.")
        tabellen = Kwartaaltabellen(loket, peilmoment)
    labels, reeksen = _kwartaalreeks(loket, periode, tabellen, peilmoment, voorraad)
    trechters = {
        "evc": _trechter(meting, tabellen, kwartalen, TrajectType.EVC, EVC_TRECHTER),
        "duaal": _trechter(meting, tabellen, kwartalen, TrajectType.DUAAL, DUAAL_TRECHTER),
    }
    return Dashboard(
        loket=loket,
        periode=periode,
        voor_stuurgroep=voor_stuurgroep,
        meting=meting,
        regels=_regels(meting, kwartalen, tabellen),
        doelen=_doelen(loket, periode, tabellen, peilmoment),
        kwartaalgrafiek=grafieken.kwartaalstaven("Resultaten per kwartaal", reeksen, labels),
        evc_trechter=grafieken.staafdiagram(
            "EVC-trechter in de periode", [(n, w) for n, _, w in trechters["evc"]]
        ),
        duaal_trechter=grafieken.staafdiagram(
            "Duale trechter in de periode", [(n, w) for n, _, w in trechters["duaal"]]
        ),
        partners=partnertotalen(loket, periode.jaar, peilmoment),
        normtoets=meting.financiering.normtoets,
        kwartaallabels=labels,
        kwartaalreeksen=reeksen,
        trechters=trechters,
    )
