"""Monitor pages: the dashboard (projectleider and stuurgroep), drill-down to the records behind a
count (projectleider only), definitions, xlsx export, and the pages that keep targets, satisfaction
scores, the year plan, the action list and the quarterly review."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from beheer.constants import Onderwerp
from beheer.models import Wijziging
from loket import perioden
from loket.access import Recht, RolVereistMixin, mag
from loket.audit import log_verwerking
from loket.datums import controleer_datum
from loket.invoer import als_geheel, als_id
from loket.models import Verwerking
from loket.replica import leest_van_replica

from . import doelen, records
from .benchmark import benchmark
from .dashboard import bouw_dashboard
from .export import monitor_xlsx
from .forms import (
    ActieForm,
    DoelstellingForm,
    JaarplanDoelForm,
    KwartaaltoelichtingForm,
    PrestatieForm,
    StatusForm,
    TevredenheidForm,
)
from .indicatoren import DIMENSIE_NAMEN, INDICATOREN, REGISTER
from .models import (
    Actie,
    Doelstelling,
    JaarplanDoel,
    Kwartaaltoelichting,
    Prestatie,
    PrestatieStatus,
    Tevredenheidsmeting,
)
from .suppressie import BESCHERMING


def periode_uit(request) -> perioden.Periode:
    return perioden.uit_parameters(request.GET)


def beschermd(user) -> bool:
    """Who may not see the records behind a figure sees every figure protected (ADR 0020)."""
    return not mag(user, Recht.MONITOR_DETAILS)


def beschermde_periode(request) -> perioden.Periode:
    """The period asked for, limited for a protected user to whole closed quarters and years,
    also when typed into the query string."""
    periode = periode_uit(request)
    if not beschermd(request.user):
        return periode
    periode, melding = perioden.voor_stuurgroep(periode)
    if melding:
        messages.info(request, melding)
    return periode


class DashboardView(RolVereistMixin, View):
    recht = Recht.MONITOR_INZIEN

    @leest_van_replica  # reads may go to the replica (ADR 0065); writes stay on default
    def get(self, request):
        if onleesbaar := perioden.onleesbaar(request.GET):
            messages.warning(request, onleesbaar)
        periode = beschermde_periode(request)
        voor_stuurgroep = beschermd(request.user)
        dashboard = bouw_dashboard(self.loket, periode, voor_stuurgroep=voor_stuurgroep)
        huidig = perioden.kwartaal_van(periode.tot)
        vergelijking = benchmark(self.loket, periode)
        return render(
            request,
            "monitor/dashboard.html",
            {
                "d": dashboard,
                "benchmark": vergelijking,
                "regels": vergelijking.naast(dashboard.regels),
                "periode": periode,
                "query": "&".join(f"{k}={v}" for k, v in periode.as_query().items()),
                "drilldown": not voor_stuurgroep,
                "jaren": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
                "huidig_kwartaal": huidig,
                "soorten": perioden.STUURGROEP_SOORTEN if voor_stuurgroep else None,
            },
        )


class DefinitiesView(RolVereistMixin, View):
    recht = (Recht.MONITOR_INZIEN, Recht.PROGRAMMA_INZIEN)

    @leest_van_replica  # reads may go to the replica (ADR 0065); writes stay on default
    def get(self, request):
        return render(
            request,
            "monitor/definities.html",
            {"indicatoren": INDICATOREN, "dimensies": DIMENSIE_NAMEN, "bescherming": BESCHERMING},
        )


class ExportView(RolVereistMixin, View):
    recht = Recht.MONITOR_INZIEN

    @leest_van_replica  # reads may go to the replica (ADR 0065); writes stay on default
    def get(self, request):
        periode = beschermde_periode(request)
        dashboard = bouw_dashboard(self.loket, periode, voor_stuurgroep=beschermd(request.user))
        response = HttpResponse(
            monitor_xlsx(dashboard),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        naam = f"monitor-{self.loket.code}-{periode.label}".replace(" ", "-").replace("/", "-")
        response["Content-Disposition"] = f'attachment; filename="{naam}.xlsx"'
        return response


class RecordsView(RolVereistMixin, View):
    """The records behind one count (projectleider only: the stuurgroep never sees people)."""

    recht = Recht.MONITOR_DETAILS

    @leest_van_replica  # reads may go to the replica (ADR 0065); writes stay on default
    def get(self, request, code):
        indicator = REGISTER.get(code)
        if indicator is None or indicator.records is None:
            raise Http404("Voor dit cijfer zijn geen onderliggende gegevens te tonen.")
        periode = periode_uit(request)
        dimensie = request.GET.get("dimensie", "")
        waarde = request.GET.get("waarde") if dimensie else None
        if dimensie and dimensie not in records.dimensies_van(indicator.records):
            raise Http404("Deze uitsplitsing bestaat niet.")
        if indicator.records == "intakes":
            qs = records.intakes_achter(self.loket, periode, dimensie, waarde)
        elif indicator.records == "contacten":
            qs = records.contacten_achter(
                self.loket, periode, code == "warme_overdrachten", dimensie, waarde
            )
        else:
            qs = records.trajecten_achter(self.loket, periode, indicator, dimensie, waarde)
        pagina = Paginator(qs, 50).get_page(request.GET.get("pagina"))
        log_verwerking(
            request,
            Verwerking.Actie.BEKEKEN,
            f"monitor: gegevens achter {indicator.naam}",
            sorted({r.klant_id for r in pagina.object_list}),
        )
        query = request.GET.copy()
        query.pop("pagina", None)
        return render(
            request,
            "monitor/records.html",
            {
                "indicator": indicator,
                "periode": periode,
                "pagina": pagina,
                "soort": indicator.records,
                "dimensie": DIMENSIE_NAMEN.get(dimensie, ""),
                "waarde": waarde,
                "query": query.urlencode(),
                "terug": reverse("monitor:dashboard")
                + "?"
                + "&".join(f"{k}={v}" for k, v in periode.as_query().items()),
            },
        )


def _te_berekenen(datum) -> bool:
    try:
        controleer_datum(datum)
    except ValidationError:
        return False
    return True


class DoelstellingenView(RolVereistMixin, View):
    """Targets and satisfaction norms: add, change (?bewerk=<id>), end; who may is the rule
    Recht.DOELEN_BEHEREN in loket.access. The history is the change log of beheer."""

    recht = Recht.DOELEN_BEHEREN
    template_name = "monitor/doelstellingen.html"

    def te_bewerken(self, waarde):
        pk = als_id(waarde)
        if pk is None:
            return None
        return Doelstelling.objects.voor_loket(self.loket, pk=pk).first()

    def get(self, request):
        doel = self.te_bewerken(request.GET.get("bewerk"))
        return self.render(DoelstellingForm(instance=doel), doel)

    def post(self, request):
        if "verwijder" in request.POST:
            # A target whose stored dates cannot be computed (the dashboard shows an error row
            # pointing here) is removed; the same write as ending one: logged, with history.
            doel = get_object_or_404(
                Doelstelling.objects.voor_loket(self.loket),
                pk=als_id(request.POST["verwijder"]) or 0,
            )
            doelen.beeindig_doelstelling(
                door=request.user, loket=self.loket, pk=doel.pk, kapot=True
            )
            messages.success(request, "De doelstelling is verwijderd.")
            return redirect("monitor:doelstellingen")
        if request.POST.get("actie") == "beeindigen":
            doel = self.te_bewerken(request.POST.get("doelstelling"))
            if doel is None:
                raise Http404("Deze doelstelling bestaat niet (meer).")
            doelen.beeindig_doelstelling(door=request.user, loket=self.loket, pk=doel.pk)
            messages.success(
                request, "De doelstelling is beëindigd; de geschiedenis blijft bewaard."
            )
            return redirect("monitor:doelstellingen")
        doel = self.te_bewerken(request.POST.get("doelstelling"))
        form = DoelstellingForm(request.POST, instance=doel)
        if not form.is_valid():
            return self.render(form, doel, status=400)
        doelen.bewaar_doelstelling(door=request.user, loket=self.loket, doel=form.instance)
        messages.success(request, "De doelstelling is opgeslagen.")
        return redirect("monitor:doelstellingen")

    def render(self, form, bewerkt=None, status=200):
        lijst = Doelstelling.objects.voor_loket(self.loket)
        for doel in lijst:
            doel.indicator_naam = (
                REGISTER[doel.indicator].naam if doel.indicator in REGISTER else doel.indicator
            )
            doel.kapot = not (_te_berekenen(doel.startdatum) and _te_berekenen(doel.einddatum))
        geschiedenis = Wijziging.objects.voor_loket(self.loket, onderwerp=Onderwerp.DOELSTELLING)[
            :30
        ]
        context = {
            "form": form,
            "doelen": lijst,
            "bewerkt": bewerkt,
            "geschiedenis": geschiedenis,
        }
        return render(self.request, self.template_name, context, status=status)


class TevredenheidView(RolVereistMixin, View):
    recht = Recht.KLANTWERK
    template_name = "monitor/tevredenheid.html"

    def get(self, request):
        return self.render(TevredenheidForm(initial={"datum": timezone.localdate()}))

    def post(self, request):
        form = TevredenheidForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        form.instance.loket = self.loket
        form.instance.vastgelegd_door = request.user
        form.save()
        messages.success(request, "De tevredenheidsmeting is vastgelegd.")
        return redirect("monitor:tevredenheid")

    def render(self, form, status=200):
        metingen = Tevredenheidsmeting.objects.voor_loket(self.loket).select_related(
            "vastgelegd_door"
        )[:20]
        return render(
            self.request, self.template_name, {"form": form, "metingen": metingen}, status=status
        )


class JaarplanView(RolVereistMixin, View):
    """The year plan: goals, their prestaties with trekker and quarter, and the stoplight history."""

    recht = Recht.MONITOR_INZIEN
    template_name = "monitor/jaarplan.html"

    def jaar(self):
        vandaag = timezone.localdate().year
        return max(2000, min(2100, als_geheel(self.request.GET.get("jaar"), vandaag, -9999, 9999)))

    def get(self, request):
        return self.render()

    def post(self, request):
        if not mag(request.user, Recht.MONITOR_BEHEREN):
            return HttpResponse("Alleen de projectleider kan het jaarplan bijwerken.", status=403)
        jaar = self.jaar()
        soort = request.POST.get("formulier")
        forms = {}
        if soort == "doel":
            form = JaarplanDoelForm(request.POST)
            if form.is_valid():
                form.instance.loket, form.instance.jaar = self.loket, jaar
                form.save()
                messages.success(request, "Het doel is toegevoegd.")
                return redirect(f"{reverse('monitor:jaarplan')}?jaar={jaar}")
            forms["doel_form"] = form
        elif soort == "prestatie":
            form = PrestatieForm(request.POST, loket=self.loket, jaar=jaar)
            if form.is_valid():
                form.save()
                messages.success(request, "De prestatie is toegevoegd.")
                return redirect(f"{reverse('monitor:jaarplan')}?jaar={jaar}")
            forms["prestatie_form"] = form
        else:
            form = StatusForm(request.POST, loket=self.loket, jaar=jaar)
            if form.is_valid():
                vandaag = timezone.localdate()
                PrestatieStatus.objects.create(
                    prestatie=form.cleaned_data["prestatie"],
                    jaar=vandaag.year,
                    kwartaal=perioden.kwartaal_van(vandaag),
                    stoplicht=form.cleaned_data["stoplicht"],
                    toelichting=form.cleaned_data["toelichting"],
                    door=request.user,
                )
                messages.success(request, "De status is bijgewerkt.")
                return redirect(f"{reverse('monitor:jaarplan')}?jaar={jaar}")
            forms["status_form"] = form
        return self.render(status=400, **forms)

    def render(self, status=200, **forms):
        jaar = self.jaar()
        doelen = JaarplanDoel.objects.voor_loket(self.loket, jaar=jaar).prefetch_related(
            Prefetch(
                "prestaties",
                Prestatie.objects.voor_loket(self.loket)
                .select_related("trekker_organisatie")
                .prefetch_related(
                    Prefetch(
                        "statussen",
                        PrestatieStatus.objects.voor_loket(self.loket)
                        .select_related("door")
                        .order_by("op", "pk"),
                    )
                ),
            )
        )
        for doel in doelen:
            for prestatie in doel.prestaties.all():
                prestatie.historie = list(prestatie.statussen.all())
                prestatie.laatste = prestatie.historie[-1] if prestatie.historie else None
        context = {
            "jaar": jaar,
            "doelen": doelen,
            "mag_wijzigen": mag(self.request.user, Recht.MONITOR_BEHEREN),
            "doel_form": forms.get("doel_form") or JaarplanDoelForm(),
            "prestatie_form": forms.get("prestatie_form")
            or PrestatieForm(loket=self.loket, jaar=jaar),
            "status_form": forms.get("status_form") or StatusForm(loket=self.loket, jaar=jaar),
        }
        return render(self.request, self.template_name, context, status=status)


class ActielijstView(RolVereistMixin, View):
    recht = Recht.MONITOR_INZIEN
    template_name = "monitor/actielijst.html"

    def get(self, request):
        return self.render(ActieForm())

    def post(self, request):
        if not mag(request.user, Recht.MONITOR_BEHEREN):
            return HttpResponse("Alleen de projectleider kan de actielijst bijwerken.", status=403)
        if "afwerken" in request.POST:
            actie = get_object_or_404(
                Actie.objects.voor_loket(self.loket), pk=als_id(request.POST.get("afwerken")) or 0
            )
            if actie.afgewerkt_op is None:
                actie.afgewerkt_op = timezone.localdate()
                actie.save(update_fields=["afgewerkt_op"])
            messages.success(request, f"'{actie.actie}' is afgewerkt.")
            return redirect("monitor:actielijst")
        form = ActieForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        form.instance.loket = self.loket
        form.save()
        messages.success(request, "De actie is toegevoegd.")
        return redirect("monitor:actielijst")

    def render(self, form, status=200):
        acties = Actie.objects.voor_loket(self.loket)
        context = {
            "form": form,
            "acties": acties,
            "mag_wijzigen": mag(self.request.user, Recht.MONITOR_BEHEREN),
        }
        return render(self.request, self.template_name, context, status=status)


class KwartaaltoelichtingView(RolVereistMixin, View):
    recht = Recht.MONITOR_BEHEREN
    template_name = "monitor/toelichting.html"

    def periode(self):
        return perioden.uit_parameters({**self.request.GET.dict(), "periode": "kwartaal"})

    def instance(self, periode):
        return Kwartaaltoelichting.objects.voor_loket(
            self.loket, jaar=periode.jaar, kwartaal=perioden.kwartaal_van(periode.tot)
        ).first()

    def get(self, request):
        periode = self.periode()
        return self.render(periode, KwartaaltoelichtingForm(instance=self.instance(periode)))

    def post(self, request):
        periode = self.periode()
        form = KwartaaltoelichtingForm(request.POST, instance=self.instance(periode))
        if not form.is_valid():
            return self.render(periode, form, status=400)
        form.instance.loket = self.loket
        form.instance.jaar = periode.jaar
        form.instance.kwartaal = perioden.kwartaal_van(periode.tot)
        form.instance.bijgewerkt_door = request.user
        form.save()
        messages.success(request, f"De toelichting over {periode.label} is opgeslagen.")
        return redirect(
            f"{reverse('monitor:toelichting')}?jaar={periode.jaar}&kwartaal={perioden.kwartaal_van(periode.tot)}"
        )

    def render(self, periode, form, status=200):
        return render(
            self.request, self.template_name, {"form": form, "periode": periode}, status=status
        )
