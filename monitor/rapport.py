"""The quarterly PDF report for the stuurgroep, rendered by WeasyPrint from a Django template.

Every figure comes from `bouw_dashboard(..., voor_stuurgroep=True)` (the stuurgroep's own screen,
small cells suppressed) and the financial selectors, and every chart from the same SVG functions,
so the report cannot disagree with the dashboard. Aggregates only: no client is named anywhere.
The checksum is the SHA-256 of a canonical JSON of exactly the figures the report shows."""

import datetime
import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation

from financiering.models import Kwartaalafsluiting
from financiering.selectors import Jaaroverzicht, jaaroverzicht
from loket import perioden
from loket.geld import als_euro
from loket.models import Loket

from .benchmark import Benchmark, benchmark
from .constants import Stoplicht
from .dashboard import Dashboard, bouw_dashboard
from .indicatoren import DIMENSIE_NAMEN, INDICATOREN
from .models import (
    Actie,
    JaarplanDoel,
    Kwartaalrapport,
    Kwartaaltoelichting,
    PeilSoort,
    Prestatie,
    PrestatieStatus,
)
from .revisie import Revisie, vergelijk

log = logging.getLogger(__name__)
# WeasyPrint logs every step at INFO; a worker's log needs only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# Fonts from the system (Debian's fonts-dejavu-core), not from the repository. RAPPORT_FONT_DIR
# points elsewhere if a deployment installs them in another place.
FONT_DIR = Path(os.environ.get("RAPPORT_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
PDF_VARIANT = "pdf/a-3a"
LETTERTYPEN = {
    ("normal", "normal"): "DejaVuSans.ttf",
    ("bold", "normal"): "DejaVuSans-Bold.ttf",
    ("normal", "italic"): "DejaVuSans-Oblique.ttf",
    ("bold", "italic"): "DejaVuSans-BoldOblique.ttf",
}


@dataclass
class Indicatorrij:
    """One indicator of the quarter, with its targets (if any) judged at the quarter's end."""

    regel: object
    doelen: list = field(default_factory=list)


@dataclass
class Prestatierij:
    prestatie: Prestatie
    status: PrestatieStatus | None  # the last judgement up to and including the quarter


@dataclass
class Rapportinhoud:
    loket: Loket
    periode: perioden.Periode
    kwartaal: int
    dashboard: Dashboard
    indicatoren: list[Indicatorrij]
    jaaroverzicht: Jaaroverzicht
    jaarplan: list[tuple[JaarplanDoel, list[Prestatierij]]]
    acties: list[Actie]
    toelichting: Kwartaaltoelichting | None
    opgemaakt_op: object
    rapport: Kwartaalrapport | None = None
    peilmoment: datetime.datetime | None = None
    peil_soort: str = PeilSoort.OPMAAK
    definitief: bool = False
    revisie: Revisie | None = None
    benchmark: Benchmark | None = None  # regional and national medians beside each figure

    @property
    def peil_label(self) -> str:
        return str(PeilSoort(self.peil_soort).label) if self.peil_soort else ""

    @property
    def benchmark_rijen(self) -> list:
        return self.benchmark.naast(self.dashboard.regels) if self.benchmark else []

    @property
    def doelen_per_kleur(self) -> dict[str, int]:
        return _tel_kleuren(r.beoordeling.kleur for r in self.dashboard.doelen)

    @property
    def prestaties_per_kleur(self) -> dict[str, int]:
        return _tel_kleuren(
            p.status.stoplicht for _, rijen in self.jaarplan for p in rijen if p.status
        )

    @property
    def open_acties(self) -> int:
        return sum(1 for a in self.acties if not a.afgewerkt)


def _tel_kleuren(kleuren) -> dict[str, int]:
    telling = dict.fromkeys(Stoplicht.values, 0)
    for kleur in kleuren:
        # a target hidden from the stuurgroep, or one that could not be judged, has no colour
        if kleur in telling:
            telling[kleur] += 1
    return telling


def _jaarplan(loket: Loket, jaar: int, kwartaal: int, peilmoment=None):
    """Goals and prestaties of the year, each with its status as it stood at the quarter's end
    (a later judgement does not change an earlier quarter's report), as known at the peilmoment."""
    statussen = PrestatieStatus.objects.voor_loket(loket).order_by("op", "pk")
    if peilmoment is not None:
        statussen = statussen.filter(op__lte=peilmoment)
    doelen = JaarplanDoel.objects.voor_loket(loket, jaar=jaar).prefetch_related(
        Prefetch(
            "prestaties",
            Prestatie.objects.voor_loket(loket)
            .select_related("trekker_organisatie")
            .prefetch_related(Prefetch("statussen", statussen)),
        )
    )
    uit = []
    for doel in doelen:
        rijen = []
        for prestatie in doel.prestaties.all():
            geldig = [
                s for s in prestatie.statussen.all() if (s.jaar, s.kwartaal) <= (jaar, kwartaal)
            ]
            rijen.append(Prestatierij(prestatie, geldig[-1] if geldig else None))
        uit.append((doel, rijen))
    return uit


def _acties(loket: Loket, periode: perioden.Periode) -> list[Actie]:
    """The action list as it stood at the quarter's end: still open then, or finished within it."""
    acties = list(
        Actie.objects.voor_loket(loket)
        .exclude(afgewerkt_op__lt=periode.van)
        .order_by("wanneer", "pk")
    )
    for actie in acties:
        actie.afgewerkt = actie.afgewerkt_op is not None and actie.afgewerkt_op <= periode.tot
        actie.te_laat_in_periode = not actie.afgewerkt and actie.wanneer < periode.tot
    return acties


def afsluiting_van(loket: Loket, jaar: int, kwartaal: int) -> Kwartaalafsluiting | None:
    """The quarter's closing in the ledger: the monitor has no closing of its own."""
    return Kwartaalafsluiting.objects.voor_loket(loket, jaar=jaar, kwartaal=kwartaal).first()


def bepaal_peil(
    loket: Loket, jaar: int, kwartaal: int, gekozen: datetime.datetime | None = None
) -> tuple[datetime.datetime, str, bool]:
    """(peilmoment, kind, definitief) of a report: a chosen moment, else the quarter's closing,
    else now. Definitief when the quarter was closed at the peilmoment."""
    afsluiting = afsluiting_van(loket, jaar, kwartaal)
    if gekozen is not None:
        peil, soort = gekozen, PeilSoort.GEKOZEN
    elif afsluiting is not None:
        peil, soort = afsluiting.afgesloten_op, PeilSoort.AFSLUITING
    else:
        peil, soort = timezone.now(), PeilSoort.OPMAAK
    return peil, soort, afsluiting is not None and afsluiting.afgesloten_op <= peil


def verzamel(
    loket: Loket, jaar: int, kwartaal: int, peilmoment: datetime.datetime | None = None
) -> Rapportinhoud:
    """Everything the report shows; with a peilmoment, as known at that moment."""
    periode = perioden.kwartaal(jaar, kwartaal)
    dashboard = bouw_dashboard(loket, periode, voor_stuurgroep=True, peilmoment=peilmoment)
    per_indicator: dict[str, list] = {}
    for doel in dashboard.doelen:
        per_indicator.setdefault(doel.indicator.code, []).append(doel)
    return Rapportinhoud(
        loket=loket,
        periode=periode,
        kwartaal=kwartaal,
        dashboard=dashboard,
        indicatoren=[
            Indicatorrij(r, per_indicator.get(r.indicator.code, [])) for r in dashboard.regels
        ],
        jaaroverzicht=jaaroverzicht(loket, jaar, peilmoment),
        jaarplan=_jaarplan(loket, jaar, kwartaal, peilmoment),
        acties=_acties(loket, periode),
        toelichting=Kwartaaltoelichting.objects.voor_loket(
            loket, jaar=jaar, kwartaal=kwartaal
        ).first(),
        opgemaakt_op=timezone.localtime(),
        peilmoment=peilmoment,
        # The medians as they stand now, not at the peilmoment: context beside the loket's own
        # figures, read from the kept counts (recounting 35 loketten as known then would cost
        # a national recount per report). The PDF says so.
        benchmark=benchmark(loket, periode),
    )


def _bedrag(waarde) -> str:
    return als_euro(Decimal(waarde or 0))


def cijfers(inhoud: Rapportinhoud) -> dict:
    """The figures the report shows, as they are shown: the input of the checksum, and what the
    tests compare against the dashboard."""
    d, j = inhoud.dashboard, inhoud.jaaroverzicht
    toets = d.normtoets
    return {
        "loket": inhoud.loket.code,
        "periode": d.periode.label,
        "indicatoren": {r.indicator.code: r.getoond for r in d.regels},
        "uitsplitsingen": {
            r.indicator.code: {
                u.dimensie: [[lbl, str(w)] for _, lbl, w in u.rijen] for u in r.uitsplitsingen
            }
            for r in d.regels
            if r.uitsplitsingen
        },
        "doelen": [
            {
                "indicator": r.indicator.code,
                "einddatum": r.doelstelling.einddatum.isoformat(),
                "streefwaarde": str(r.beoordeling.streefwaarde),
                "stand": r.getoond_waarde,
                "prognose": r.getoond_prognose,
                "kleur": r.beoordeling.kleur,
            }
            for r in d.doelen
        ],
        "kosten": [[k.post.naam, _bedrag(k.begroot), _bedrag(k.uitgegeven)] for k in j.kosten],
        "financiering": [
            [f.bron.naam, _bedrag(f.begroot), _bedrag(f.gerealiseerd)] for f in j.financiering
        ],
        "normtoets": None
        if toets is None
        else {
            "vereist": _bedrag(toets.vereist),
            "toegezegd": _bedrag(toets.toegezegd),
            "gerealiseerd": _bedrag(toets.gerealiseerd),
        },
        "partners": [
            [p.organisatie.naam, _bedrag(p.toegezegd), _bedrag(p.gerealiseerd), str(p.uren)]
            for p in d.partners
        ],
        "jaarplan": [
            [p.prestatie.omschrijving, p.status.stoplicht if p.status else ""]
            for _, rijen in inhoud.jaarplan
            for p in rijen
        ],
        "benchmark": {code: list(cel) for code, cel in inhoud.benchmark.cellen.items()}
        if inhoud.benchmark
        else {},
    }


def checksum(figuren: dict) -> str:
    canoniek = json.dumps(
        figuren, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return hashlib.sha256(canoniek.encode()).hexdigest()


def lettertype_css() -> str:
    """@font-face rules pointing at the installed DejaVu files (one family, four faces)."""
    regels = []
    for (gewicht, stijl), naam in LETTERTYPEN.items():
        pad = FONT_DIR / naam
        if not pad.exists():
            log.warning("Lettertype %s ontbreekt; WeasyPrint kiest een vervanger", pad)
            continue
        regels.append(
            "@font-face { font-family: 'Rapportletter'; "
            f"src: url('{pad.as_uri()}'); font-weight: {gewicht}; font-style: {stijl}; }}"
        )
    return "\n".join(regels)


def render_html(inhoud: Rapportinhoud) -> str:
    with translation.override("nl"):
        return render_to_string(
            "monitor/rapport_pdf.html",
            {
                "r": inhoud,
                "d": inhoud.dashboard,
                "j": inhoud.jaaroverzicht,
                "definities": INDICATOREN,
                "dimensies": DIMENSIE_NAMEN,
            },
        )


def render_pdf(inhoud: Rapportinhoud) -> bytes:
    return render_pdf_van(render_html(inhoud))


def render_pdf_van(html: str) -> bytes:
    """Any report's HTML as a PDF, in the report style (also the programme's reports)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    stylesheets = [
        CSS(string=lettertype_css(), font_config=fonts),
        CSS(filename=finders.find("css/rapport.css"), font_config=fonts),
    ]
    # PDF/A-3a: for the archive (fonts embedded, sRGB output intent) and tagged, so a screen
    # reader follows headings and tables. Costs about a fifth more render time.
    return HTML(string=html, base_url=str(FONT_DIR)).write_pdf(
        stylesheets=stylesheets, font_config=fonts, pdf_variant=PDF_VARIANT
    )


def vorige_versie(rapport: Kwartaalrapport) -> Kwartaalrapport | None:
    """The last finished version of the same quarter before this one."""
    return (
        Kwartaalrapport.objects.voor_loket(
            rapport.loket_id,
            jaar=rapport.jaar,
            kwartaal=rapport.kwartaal,
            versie__lt=rapport.versie,
            status=Kwartaalrapport.Status.KLAAR,
        )
        .order_by("-versie")
        .first()
    )


def maak_pdf(rapport: Kwartaalrapport) -> tuple[bytes, str]:
    """The PDF of a report and the checksum of its figures.

    Sets (unsaved) the report's peilmoment, whether its figures are definitief, the figures
    themselves and the revisions against the previous version: the caller saves them with the
    file."""
    gekozen = rapport.peilmoment if rapport.peil_soort == PeilSoort.GEKOZEN else None
    peil, soort, definitief = bepaal_peil(rapport.loket, rapport.jaar, rapport.kwartaal, gekozen)
    inhoud = verzamel(rapport.loket, rapport.jaar, rapport.kwartaal, peil)
    inhoud.rapport = rapport
    inhoud.peil_soort, inhoud.definitief = soort, definitief
    figuren = cijfers(inhoud)
    inhoud.revisie = vergelijk(
        loket=rapport.loket,
        periode=inhoud.periode,
        vorige=vorige_versie(rapport),
        cijfers=figuren,
        peilmoment=peil,
    )
    rapport.peilmoment, rapport.peil_soort, rapport.definitief = peil, soort, definitief
    rapport.cijfers = json.loads(json.dumps(figuren, default=str))
    rapport.revisies = [w.als_lijst() for w in inhoud.revisie.wijzigingen] if inhoud.revisie else []
    return render_pdf(inhoud), checksum(figuren)
