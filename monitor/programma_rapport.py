"""The programme's quarterly PDF over several loketten (issue 17): every loket of the installation
(the national report) or those of one region, rendered by the worker (monitor/rapport_opmaken.py,
kind PROGRAMMARAPPORT) with WeasyPrint like a loket's report.

Every figure comes from `programma(...)` (monitor/programma.py), the same protected publication
as the national and regional pages: per indicator group one table with a row per loket, the total
and the median; each loket's targets with their stoplight as text, and the co-financing norm; the
trend per quarter of the year up to the report's quarter. Nothing unprotected is read: the report
cannot show a count of 1-4 that the pages do not show.

The figures are read as they stand now (no peilmoment passed down: that is what lets a
measurement use the kept counts of monitor/telstand instead of recounting every loket's events),
and the moment they were read is stored as the report's peilmoment. They are definitief when every
loket in the report had closed the quarter by then, otherwise voorlopig."""

import datetime
import json
from dataclasses import dataclass, field

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from financiering.models import Kwartaalafsluiting
from loket import perioden
from loket.geld import getal
from loket.models import Loket

from .benchmark import toon_mediaan
from .dashboard import opmaak
from .indicatoren import INDICATOREN, Indicator
from .models import Programmarapport
from .programma import Doelstand, Programmacijfers, Publicatie, programma
from .rapport import checksum, render_pdf_van
from .suppressie import LEGENDA

# Indicator groups of the report: one table each (at most MAX_KOLOMMEN indicators side by side).
# An indicator matching no group lands in "Overige indicatoren", so a new one is never left out.
GROEPEN: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Klanten en contacten", ("nieuwe_klanten", "contactmomenten", "warme_overdrachten")),
    ("EVC", ("evc_",)),
    ("Duale trajecten", ("duaal_",)),
    ("Uitstroom", ("startkwalificatie", "uitstroom_")),
    ("Werkgevers", ("werkgeverscontacten", "leerbanen")),
    ("Tevredenheid en enquêtes", ("tevredenheid_", "enquete_", "respons_", "situatie_")),
    ("Overdrachten aan partners", ("overdrachten_",)),
    ("Financiën", ("cofinanciering_", "budget_")),
)
MAX_KOLOMMEN = 5
KLEUR_TEKST = {
    "groen": "Groen",
    "oranje": "Oranje",
    "rood": "Rood",
}


def groepen(indicatoren: list[Indicator]) -> list[tuple[str, list[Indicator]]]:
    """(title, indicators) per table, in the order of GROEPEN; long groups split in parts."""
    ingedeeld: dict[str, list[Indicator]] = {titel: [] for titel, _ in GROEPEN}
    overig: list[Indicator] = []
    for indicator in indicatoren:
        titel = next(
            (t for t, prefixen in GROEPEN if indicator.code.startswith(prefixen)),
            None,
        )
        (ingedeeld[titel] if titel else overig).append(indicator)
    if overig:
        ingedeeld["Overige indicatoren"] = overig
    uit = []
    for titel, leden in ingedeeld.items():
        delen = [leden[i : i + MAX_KOLOMMEN] for i in range(0, len(leden), MAX_KOLOMMEN)]
        for n, deel in enumerate(delen, 1):
            uit.append((titel if len(delen) == 1 else f"{titel} ({n})", deel))
    return uit


@dataclass
class Tabelrij:
    naam: str
    cellen: list[str]


@dataclass
class Groepstabel:
    titel: str
    indicatoren: list[Indicator]
    rijen: list[Tabelrij]
    totaal: list[str]
    mediaan: list[str]


@dataclass
class Doelregel:
    loket: str
    indicator: str
    doel: str
    stand: str
    status: str


@dataclass
class Inhoud:
    rapport: Programmarapport
    titel: str
    periode: perioden.Periode
    peilmoment: datetime.datetime
    definitief: bool
    programma: Programmacijfers
    tabellen: list[Groepstabel]
    doelen: list[Doelregel]
    normen: list[tuple[str, str]]
    trend_kwartalen: list[str]
    trend: list[tuple[str, list[str]]]
    opgemaakt_op: datetime.datetime = field(default_factory=timezone.localtime)
    legenda: str = LEGENDA
    definities: tuple = tuple(INDICATOREN)


def _status(doel: Doelstand) -> str:
    """The stoplight as text (the PDF is also read in black and white, and by screen readers)."""
    if doel.afgeschermd:
        return "Afgeschermd (geen kleur)"
    return KLEUR_TEKST.get(doel.beoordeling.kleur, "Niet te beoordelen")


def loketten_van(rapport: Programmarapport) -> list[Loket]:
    alle = Loket.objects.select_related("regio").order_by("code")
    if rapport.regio_id is not None:
        alle = alle.filter(regio_id=rapport.regio_id)
    return list(alle)


def is_definitief(loketten: list[Loket], jaar: int, kwartaal: int, peil) -> bool:
    """Every loket had closed the quarter by the peilmoment (one query)."""
    gesloten = (
        Kwartaalafsluiting.objects.voor_loketten(loketten)
        .filter(Q(jaar=jaar, kwartaal=kwartaal, afgesloten_op__lte=peil))
        .values("loket_id")
        .distinct()
        .count()
    )
    return bool(loketten) and gesloten == len(loketten)


def _trend(
    cijfers: Programmacijfers, loketten: list[Loket], jaar: int, kwartaal: int
) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The protected total per quarter of the year up to the report's quarter, per count. The
    report's own quarter comes from `cijfers`; the earlier ones from the same publication rules
    (one measurement of all loketten per earlier quarter)."""
    eerdere = [perioden.kwartaal(jaar, q) for q in range(1, kwartaal)]
    alle = list(Loket.objects.order_by("code"))
    ids = None if cijfers.landelijk else [lk.pk for lk in loketten]
    publicatie = Publicatie(alle, None)  # as it stands now, like `cijfers`
    kopjes = [f"Q{q}" for q in range(1, kwartaal + 1)]
    rijen = []
    for indicator in INDICATOREN:
        if indicator.code not in cijfers.trend:
            continue
        waarden = [publicatie.som(indicator.code, [q], ids) for q in eerdere]
        waarden += cijfers.trend[indicator.code]
        rijen.append((indicator.naam, [opmaak(indicator, w) for w in waarden]))
    return kopjes, rijen


def verzamel(rapport: Programmarapport, peil: datetime.datetime) -> Inhoud:
    loketten = loketten_van(rapport)
    periode = perioden.kwartaal(rapport.jaar, rapport.kwartaal)
    cijfers = programma(loketten, periode)  # now: the kept counts (module docstring)
    tabellen = []
    for titel, leden in groepen(cijfers.indicatoren):
        tabellen.append(
            Groepstabel(
                titel=titel,
                indicatoren=leden,
                rijen=[
                    Tabelrij(
                        f"{r.loket.naam} ({r.loket.code})",
                        [opmaak(i, r.waarden[i.code]) for i in leden],
                    )
                    for r in cijfers.rijen
                ],
                totaal=[opmaak(i, cijfers.totaal[i.code]) for i in leden],
                mediaan=[toon_mediaan(i, cijfers.mediaan[i.code], leeg="–") for i in leden],
            )
        )
    doelen = [
        Doelregel(
            loket=r.loket.code,
            indicator=d.indicator.naam,
            doel=f"{getal(d.doelstelling.streefwaarde, 2, nullen_weg=True)} op "
            f"{d.doelstelling.einddatum:%d-%m-%Y}",
            stand=opmaak(d.indicator, d.stand),
            status=_status(d),
        )
        for r in cijfers.rijen
        for d in r.doelen
    ]
    kopjes, trend = _trend(cijfers, loketten, rapport.jaar, rapport.kwartaal)
    bereik = "Landelijk" if rapport.regio_id is None else f"Regio {rapport.regio}"
    return Inhoud(
        rapport=rapport,
        titel=bereik,
        periode=periode,
        peilmoment=peil,
        definitief=is_definitief(loketten, rapport.jaar, rapport.kwartaal, peil),
        programma=cijfers,
        tabellen=tabellen,
        doelen=doelen,
        normen=[(f"{r.loket.naam} ({r.loket.code})", r.norm_toelichting) for r in cijfers.rijen],
        trend_kwartalen=kopjes,
        trend=trend,
    )


def cijfers_van(inhoud: Inhoud) -> dict:
    """Exactly the figures the report shows, as shown: the checksum's input."""
    return {
        "bereik": inhoud.titel,
        "periode": inhoud.periode.label,
        "tabellen": {
            t.titel: {
                "indicatoren": [i.code for i in t.indicatoren],
                "rijen": {r.naam: r.cellen for r in t.rijen},
                "totaal": t.totaal,
                "mediaan": t.mediaan,
            }
            for t in inhoud.tabellen
        },
        "doelen": [[d.loket, d.indicator, d.doel, d.stand, d.status] for d in inhoud.doelen],
        "normen": inhoud.normen,
        "trend": dict(inhoud.trend),
    }


def render_html(inhoud: Inhoud) -> str:
    with translation.override("nl"):
        return render_to_string("monitor/programmarapport_pdf.html", {"r": inhoud})


def maak_pdf(rapport: Programmarapport) -> tuple[bytes, str]:
    """The PDF and the checksum of its figures. Sets (unsaved) the peilmoment (the moment the
    figures are read), definitief, the figures and the number of loketten; the caller saves them
    with the file."""
    peil = timezone.now()
    inhoud = verzamel(rapport, peil)
    figuren = cijfers_van(inhoud)
    rapport.peilmoment, rapport.definitief = peil, inhoud.definitief
    rapport.cijfers = json.loads(json.dumps(figuren, default=str))
    rapport.loketten = len(inhoud.programma.rijen)
    return render_pdf_van(render_html(inhoud)), checksum(figuren)
