"""The programme pages (Recht.PROGRAMMA_INZIEN: the roles landelijk and regio): every loket's
protected figures side by side, sortable on any column, with the trend per quarter, and the same
as xlsx. Never a client: only what monitor.programma publishes (ADR 0067).

Which loketten: a regio user sees the loketten of their own region (the query says so, not the
template); a landelijk user sees every loket, or those of one region (?regio=<id>)."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from loket import perioden
from loket.access import Recht, RolVereistMixin
from loket.constants import Rol
from loket.geld import getal
from loket.invoer import als_id
from loket.models import Loket, Regio
from loket.replica import leest_van_replica

from . import grafieken
from .constants import Eenheid
from .dashboard import opmaak
from .indicatoren import REGISTER, Indicator
from .programma import AFLOPEND, OPLOPEND, Programmacijfers, programma
from .programma_export import programma_xlsx

# The series of the trend chart (every count is in the trend table below it).
TRENDREEKSEN = {
    "Intakes": "nieuwe_klanten",
    "EVC aangemeld": "evc_gestart",
    "Duaal aangemeld": "duaal_gestart_aangemeld",
}


def mediaan_opmaak(indicator: Indicator, waarde: Decimal | None) -> str:
    """A median as shown: a count's median may be a half (12,5), so one decimal when needed."""
    if waarde is None:
        return "–"
    if indicator.eenheid == Eenheid.AANTAL:
        return getal(waarde, 1, nullen_weg=True)
    return opmaak(indicator, waarde)


@dataclass
class Keuze:
    """What the request asks for, already limited to what this user may see."""

    periode: perioden.Periode
    regio: Regio | None  # the region shown (a regio user's own; a landelijk user's filter)
    loketten: list[Loket]
    sorteer: str
    richting: str

    def query(self, **anders) -> str:
        """The query string of this choice, with some parameters replaced (links keep state)."""
        params = dict(self.periode.as_query())
        if self.regio is not None:
            params["regio"] = str(self.regio.pk)
        params.update({"sorteer": self.sorteer, "richting": self.richting})
        params.update({k: str(v) for k, v in anders.items()})
        return "&".join(f"{k}={v}" for k, v in params.items() if v)


class ProgrammaMixin(RolVereistMixin):
    recht = Recht.PROGRAMMA_INZIEN

    def keuze(self, request) -> Keuze:
        if onleesbaar := perioden.onleesbaar(request.GET):
            messages.warning(request, onleesbaar)
        periode, melding = perioden.voor_stuurgroep(perioden.uit_parameters(request.GET))
        if melding and "periode" in request.GET:  # said only when another period was asked for
            messages.info(request, melding.replace("De stuurgroep ziet", "U ziet"))
        user = request.user
        if user.rol == Rol.REGIO:
            regio = user.regio  # the database guarantees one for this role
        else:
            regio_id = als_id(request.GET.get("regio"))
            regio = Regio.objects.filter(pk=regio_id).first() if regio_id else None
            if request.GET.get("regio") and regio is None:
                messages.warning(request, "Deze regio bestaat niet; alle loketten worden getoond.")
        loketten = Loket.objects.select_related("regio").order_by("code")
        if regio is not None:
            loketten = loketten.filter(regio=regio)
        sorteer = request.GET.get("sorteer", "")
        sorteer = sorteer if sorteer in REGISTER or sorteer == "loket" else "loket"
        richting = AFLOPEND if request.GET.get("richting") == AFLOPEND else OPLOPEND
        return Keuze(periode, regio, list(loketten), sorteer, richting)


class ProgrammaView(ProgrammaMixin, View):
    @leest_van_replica  # reads may go to the replica (ADR 0065); writes stay on default
    def get(self, request):
        keuze = self.keuze(request)
        p = programma(keuze.loketten, keuze.periode)
        jaren = range(timezone.localdate().year, timezone.localdate().year - 6, -1)
        return render_programma(request, keuze, p, jaren)


def _kolom(p: Programmacijfers, keuze: Keuze, indicator: Indicator) -> dict:
    actief = keuze.sorteer == indicator.code
    volgende = OPLOPEND if actief and keuze.richting == AFLOPEND else AFLOPEND
    if not actief:
        volgende = AFLOPEND if indicator.is_aantal else OPLOPEND
    return {
        "indicator": indicator,
        "sorteer_query": keuze.query(sorteer=indicator.code, richting=volgende),
        "aria_sort": ("descending" if keuze.richting == AFLOPEND else "ascending")
        if actief
        else "none",
        "totaal": opmaak(indicator, p.totaal[indicator.code]),
        "mediaan": mediaan_opmaak(indicator, p.mediaan[indicator.code]),
    }


def render_programma(request, keuze: Keuze, p: Programmacijfers, jaren):
    rijen = [
        {
            "rij": rij,
            "cellen": [opmaak(i, rij.waarden[i.code]) for i in p.indicatoren],
        }
        for rij in p.gesorteerd(keuze.sorteer, keuze.richting)
    ]
    telbaar = [i for i in p.indicatoren if i.is_aantal]
    labels = [q.label for q in p.kwartalen]
    grafiek = grafieken.kwartaalstaven(
        "Totaal per kwartaal", {n: p.trend[c] for n, c in TRENDREEKSEN.items()}, labels
    )
    loket_actief = keuze.sorteer == "loket"
    context = {
        "p": p,
        "keuze": keuze,
        "periode": keuze.periode,
        "kolommen": [_kolom(p, keuze, i) for i in p.indicatoren],
        "rijen": rijen,
        "loket_sorteer_query": keuze.query(
            sorteer="loket",
            richting=AFLOPEND if loket_actief and keuze.richting == OPLOPEND else OPLOPEND,
        ),
        "loket_aria_sort": ("descending" if keuze.richting == AFLOPEND else "ascending")
        if loket_actief
        else "none",
        "trend": [(i, [opmaak(i, w) for w in p.trend[i.code]]) for i in telbaar],
        "kwartaallabels": labels,
        "grafiek": grafiek,
        "export_query": keuze.query(),
        "jaren": jaren,
        "huidig_kwartaal": perioden.kwartaal_van(keuze.periode.tot),
        "regios": Regio.objects.order_by("naam") if request.user.rol == Rol.LANDELIJK else None,
        "totaal_label": "Totaal landelijk"
        if p.landelijk
        else "Totaal regio (som van getoonde cellen)",
    }
    return render(request, "monitor/programma.html", context)


class ProgrammaExportView(ProgrammaMixin, View):
    @leest_van_replica  # reads may go to the replica (ADR 0065); writes stay on default
    def get(self, request):
        keuze = self.keuze(request)
        p = programma(keuze.loketten, keuze.periode)
        response = HttpResponse(
            programma_xlsx(p, keuze.regio, keuze.sorteer, keuze.richting),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        waar = keuze.regio.code if keuze.regio else "landelijk"
        naam = re.sub(r"[^A-Za-z0-9]+", "-", f"programma-{waar}-{keuze.periode.label}")
        response["Content-Disposition"] = f'attachment; filename="{naam}.xlsx"'
        return response
