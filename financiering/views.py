"""Pages of the co-financing ledger. The projectleider books and closes quarters, projectleider and
beheerder keep the budget lines, the stuurgroep reads the overviews (rights in loket.access);
another loket's objects are a 404. Views stay thin: writes go through services, reads through
selectors."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from loket.access import Recht, RolVereistMixin, mag
from loket.models import Organisatie

from . import selectors, services
from .constants import KWARTALEN, standaardnorm
from .export import grootboek_csv, grootboek_xlsx, jaaroverzicht_xlsx
from .forms import (
    BoekingFilterForm,
    BoekingForm,
    FinancieringsbronForm,
    ImportForm,
    KostenpostForm,
    KwartaalBevestigForm,
    KwartaalForm,
    NormForm,
    TariefForm,
    TegenboekingForm,
    UrenForm,
)
from .importeren import controleer_regels, lees_bestand, sjabloon_xlsx
from .models import Begroting, Boeking, Tarief

PAGINA_GROOTTE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _fouten(exc: ValidationError) -> list[str]:
    return list(exc.messages)


def _meld_bij_veld(form, exc: ValidationError) -> None:
    """A service's error on the field it is about when the form has that field, else on top."""
    if hasattr(exc, "error_dict") and set(exc.error_dict) <= set(form.fields):
        form.add_error(None, exc)
    else:
        for fout in _fouten(exc):
            form.add_error(None, fout)


class JaarMixin(RolVereistMixin):
    """Pages about one budget year of the user's own loket."""

    def dispatch(self, request, *args, **kwargs):
        jaar = kwargs.get("jaar")
        if jaar is not None and not 2000 <= jaar <= 2100:
            raise Http404("Onbekend jaar.")
        self.jaar = jaar
        return super().dispatch(request, *args, **kwargs)

    def context(self, **extra):
        return {
            "jaar": self.jaar,
            "jaren": selectors.jaren_van(self.loket),
            "mag_boeken": mag(self.request.user, Recht.BOEKEN),
            "mag_begroten": mag(self.request.user, Recht.BEGROTING_BEHEREN),
            **extra,
        }


class JaaroverzichtView(JaarMixin, View):
    """Budget against realisation per line, the norm on both bases, partners and quarters."""

    recht = Recht.FINANCIERING_INZIEN

    def get(self, request, jaar):
        overzicht = selectors.jaaroverzicht(self.loket, jaar)
        return render(
            request,
            "financiering/jaaroverzicht.html",
            self.context(
                overzicht=overzicht,
                partners=selectors.partnertotalen(self.loket, jaar),
                kwartalen=[(k, k in overzicht.afgesloten_kwartalen) for k in KWARTALEN],
                kwartaal_form=KwartaalForm(),
            ),
        )


class IndexView(JaaroverzichtView):
    """The menu's entry: the overview of the current year."""

    def get(self, request):
        self.jaar = timezone.localdate().year
        return super().get(request, self.jaar)


class BegrotingView(JaarMixin, View):
    """The budget as in the business plan: costs and financing side by side, the difference shown."""

    recht = Recht.FINANCIERING_INZIEN

    def get(self, request, jaar):
        overzicht = selectors.jaaroverzicht(self.loket, jaar)
        regels = max(len(overzicht.kosten), len(overzicht.financiering))
        rijen = [
            (
                overzicht.kosten[i] if i < len(overzicht.kosten) else None,
                overzicht.financiering[i] if i < len(overzicht.financiering) else None,
            )
            for i in range(regels)
        ]
        return render(
            request,
            "financiering/begroting.html",
            self.context(overzicht=overzicht, rijen=rijen),
        )


class FormulierView(JaarMixin, View):
    """A booking form on a year: subclasses give the form, the texts and the service call."""

    recht = Recht.BOEKEN
    template_name = "financiering/formulier.html"
    titel = knop = melding = uitleg = ""
    tab = ""  # the financiering tab this form is, if it is one

    def maak_form(self, data=None, files=None):
        raise NotImplementedError

    def opslaan(self, form):
        raise NotImplementedError

    def terug(self):
        return reverse("financiering:begroting", args=[self.jaar])

    def get(self, request, jaar):
        return self.render(self.maak_form())

    def post(self, request, jaar):
        form = self.maak_form(request.POST, request.FILES)
        if form.is_valid():
            try:
                self.opslaan(form)
            except ValidationError as exc:
                _meld_bij_veld(form, exc)
            else:
                messages.success(request, self.melding)
                return redirect(self.terug())
        return self.render(form, status=400)

    def render(self, form, status=200, **extra):
        return render(
            self.request,
            self.template_name,
            self.context(
                form=form,
                titel=self.titel,
                knop=self.knop,
                uitleg=self.uitleg,
                terug=self.terug(),
                tab=self.tab,
                **extra,
            ),
            status=status,
        )


class KostenpostCreateView(FormulierView):
    recht = Recht.BEGROTING_BEHEREN
    titel, knop, melding = "Kostenpost toevoegen", "Toevoegen", "De kostenpost is begroot."

    def maak_form(self, data=None, files=None):
        return KostenpostForm(data)

    def opslaan(self, form):
        services.voeg_kostenpost_toe(
            services.haal_begroting(self.loket, self.jaar),
            naam=form.cleaned_data["naam"],
            categorie=form.cleaned_data["categorie"],
            bedrag=form.cleaned_data["bedrag"],
            door=self.request.user,
        )


class FinancieringsbronCreateView(FormulierView):
    recht = Recht.BEGROTING_BEHEREN
    titel, knop, melding = (
        "Financieringsregel toevoegen",
        "Toevoegen",
        "De financieringsregel is vastgelegd.",
    )
    uitleg = (
        "Rijksbijdrage en subsidie worden begroot; bij cofinanciering geldt het bedrag als "
        "toezegging van de partner."
    )

    def maak_form(self, data=None, files=None):
        return FinancieringsbronForm(data, loket=self.loket)

    def opslaan(self, form):
        services.voeg_financieringsbron_toe(
            services.haal_begroting(self.loket, self.jaar),
            naam=form.cleaned_data["naam"],
            soort=form.cleaned_data["soort"],
            organisatie=form.cleaned_data["organisatie"],
            vorm=form.cleaned_data["vorm"],
            bedrag=form.cleaned_data["bedrag"],
            datum=form.cleaned_data["datum"],
            door=self.request.user,
        )


class NormView(FormulierView):
    titel, knop, melding = "Cofinancieringsnorm", "Opslaan", "De norm is opgeslagen."
    tab = "norm"

    def maak_form(self, data=None, files=None):
        begroting = selectors.begroting_van(self.loket, self.jaar)
        if begroting is None:  # shown with the year's norm; created only when saved
            percentage, basis = standaardnorm(self.jaar)
            begroting = Begroting(
                loket=self.loket, jaar=self.jaar, norm_percentage=percentage, norm_basis=basis
            )
        return NormForm(data, instance=begroting)

    def opslaan(self, form):
        services.stel_norm_in(
            services.haal_begroting(self.loket, self.jaar),
            percentage=form.cleaned_data["norm_percentage"],
            basis=form.cleaned_data["norm_basis"],
            door=self.request.user,
        )

    def terug(self):
        return reverse("financiering:jaaroverzicht", args=[self.jaar])


class BoekingCreateView(FormulierView):
    titel, knop, melding = "Boeken", "Boeking vastleggen", "De boeking is vastgelegd."
    tab = "boeken"
    uitleg = (
        "Een boeking kan niet worden gewijzigd of verwijderd. Een fout herstelt u met een "
        "tegenboeking."
    )

    def maak_form(self, data=None, files=None):
        return BoekingForm(data, loket=self.loket, jaar=self.jaar)

    def opslaan(self, form):
        regel = form.cleaned_data["regel"]
        is_kosten = regel in form.kostenposten.values()
        services.boek(
            loket=self.loket,
            jaar=self.jaar,
            soort=form.cleaned_data["soort"],
            kostenpost=regel if is_kosten else None,
            financieringsbron=None if is_kosten else regel,
            bedrag=form.cleaned_data["bedrag"],
            datum=form.cleaned_data["datum"],
            omschrijving=form.cleaned_data["omschrijving"],
            door=self.request.user,
        )

    def terug(self):
        return reverse("financiering:boeking_list") + f"?jaar={self.jaar}"


class UrenCreateView(FormulierView):
    titel, knop, melding = (
        "Uren-inzet van een partner",
        "Uren boeken",
        "De uren zijn geboekt als realisatie in natura.",
    )
    tab = "uren"
    uitleg = (
        "Het bedrag is uren × het uurtarief van de rol en wordt als realisatie geboekt in de "
        "gekozen maand of het gekozen kwartaal (op de laatste dag ervan, of vandaag als die "
        "periode nog loopt)."
    )

    def maak_form(self, data=None, files=None):
        return UrenForm(data, loket=self.loket, jaar=self.jaar)

    def opslaan(self, form):
        data = form.cleaned_data
        services.registreer_uren(
            financieringsbron=data["financieringsbron"],
            tarief=data["tarief"],
            medewerker=data["medewerker"],
            uren=data["uren"],
            kwartaal=data["kwartaal"],
            maand=data["maand"],
            door=self.request.user,
        )

    def terug(self):
        return reverse("financiering:jaaroverzicht", args=[self.jaar])


class TariefView(FormulierView):
    recht = Recht.BEGROTING_BEHEREN
    titel, knop, melding = "Uurtarieven", "Tarief toevoegen", "Het tarief is vastgelegd."
    tab = "tarieven"
    template_name = "financiering/tarieven.html"

    def maak_form(self, data=None, files=None):
        return TariefForm(data, loket=self.loket)

    def opslaan(self, form):
        services.stel_tarief_in(
            self.loket,
            self.jaar,
            form.cleaned_data["rol"],
            form.cleaned_data["uurtarief"],
            organisatie=form.cleaned_data["organisatie"],
        )

    def terug(self):
        return reverse("financiering:tarieven", args=[self.jaar])

    def render(self, form, status=200, **extra):
        tarieven = (
            Tarief.objects.voor_loket(self.loket, jaar=self.jaar)
            .select_related("organisatie")
            .order_by("organisatie__naam", "rol")
        )
        return super().render(form, status=status, tarieven=tarieven, **extra)


class BegrotingImportView(FormulierView):
    recht = Recht.BEGROTING_BEHEREN
    titel, knop = "Begroting importeren", "Importeren"
    template_name = "financiering/import.html"

    def maak_form(self, data=None, files=None):
        return ImportForm(data, files)

    def post(self, request, jaar):
        form = self.maak_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form, status=400)
        bestand = form.cleaned_data["bestand"]
        try:
            rijen = lees_bestand(bestand.name, bestand.read())
        except ValueError as exc:
            form.add_error("bestand", str(exc))
            return self.render(form, status=400)
        begroting = selectors.begroting_van(self.loket, jaar)
        regels, fouten = controleer_regels(rijen, self.loket, begroting)
        if not fouten:
            try:
                aantal = services.importeer_begroting(
                    services.haal_begroting(self.loket, jaar),
                    regels,
                    datum=form.cleaned_data["datum"],
                    door=request.user,
                )
            except ValidationError as exc:
                fouten = [f"Boeken mislukt: {m}" for m in _fouten(exc)]
            else:
                messages.success(request, f"{aantal} begrotingsregels geïmporteerd.")
                return redirect("financiering:begroting", jaar=jaar)
        return self.render(form, status=400, importfouten=[str(f) for f in fouten])


class SjabloonView(RolVereistMixin, View):
    recht = Recht.BEGROTING_BEHEREN

    def get(self, request):
        response = HttpResponse(sjabloon_xlsx(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="begroting-sjabloon.xlsx"'
        return response


class BoekingListView(RolVereistMixin, View):
    """The ledger with filters and paging."""

    recht = Recht.FINANCIERING_INZIEN

    def get(self, request):
        form = BoekingFilterForm(request.GET or None, loket=self.loket)
        filters = form.cleaned_data if form.is_valid() else {}
        boekingen = selectors.boekingenlijst(
            self.loket,
            jaar=filters.get("jaar"),
            soort=filters.get("soort", ""),
            organisatie_id=filters["organisatie"].pk if filters.get("organisatie") else None,
            kostenpost_id=filters["kostenpost"].pk if filters.get("kostenpost") else None,
            van=filters.get("van"),
            tot=filters.get("tot"),
        )
        pagina = Paginator(boekingen, PAGINA_GROOTTE).get_page(request.GET.get("pagina"))
        query = request.GET.copy()
        query.pop("pagina", None)
        return render(
            request,
            "financiering/boeking_list.html",
            {
                "form": form,
                "pagina": pagina,
                "query": query.urlencode(),
                "mag_boeken": mag(request.user, Recht.BOEKEN),
                "jaar": filters.get("jaar") or timezone.localdate().year,
            },
        )


class TegenboekingView(RolVereistMixin, View):
    """Reverse one booking, with a required reason, dated in an open period."""

    recht = Recht.BOEKEN

    def get_boeking(self, pk) -> Boeking:
        return get_object_or_404(
            selectors.boekingen_van(self.loket).select_related(
                "kostenpost", "financieringsbron", "organisatie"
            ),
            pk=pk,
        )

    def get(self, request, pk):
        return self.render(self.get_boeking(pk), TegenboekingForm())

    def post(self, request, pk):
        boeking = self.get_boeking(pk)
        form = TegenboekingForm(request.POST)
        if form.is_valid():
            try:
                services.tegenboek(
                    boeking,
                    reden=form.cleaned_data["reden"],
                    datum=form.cleaned_data["datum"],
                    door=request.user,
                )
            except ValidationError as exc:
                for fout in _fouten(exc):
                    form.add_error(None, fout)
            else:
                messages.success(request, f"Boeking {boeking.pk} is tegengeboekt.")
                return redirect(reverse("financiering:boeking_list") + f"?jaar={boeking.jaar}")
        return self.render(boeking, form, status=400)

    def render(self, boeking, form, status=200):
        return render(
            self.request,
            "financiering/tegenboeking.html",
            {"boeking": boeking, "form": form},
            status=status,
        )


class PartnerView(JaarMixin, View):
    """One partner's statement: committed against realised, hours, per quarter."""

    recht = Recht.FINANCIERING_INZIEN

    def get(self, request, jaar, pk):
        organisatie = get_object_or_404(Organisatie.objects.voor_loket(self.loket), pk=pk)
        gegevens = selectors.partneroverzicht(self.loket, organisatie, jaar)
        return render(
            request,
            "financiering/partner.html",
            self.context(organisatie=organisatie, **gegevens),
        )


class KwartaalSluitenView(JaarMixin, View):
    """Closing a quarter cannot be undone, so it asks first: GET (or a POST without the tick)
    shows what will happen, a POST with `bevestig` closes."""

    recht = Recht.BOEKEN
    template_name = "financiering/kwartaal_sluiten.html"

    def get(self, request, jaar):
        form = KwartaalForm(request.GET or None)
        if not form.is_valid():  # first choose the quarter
            return render(
                request,
                self.template_name,
                self.context(kwartaal_form=KwartaalForm()),
                status=400 if request.GET else 200,
            )
        return self.render(form.cleaned_data["kwartaal"], KwartaalBevestigForm())

    def post(self, request, jaar):
        form = KwartaalForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Kies een kwartaal om af te sluiten.")
            return redirect("financiering:jaaroverzicht", jaar=jaar)
        kwartaal = form.cleaned_data["kwartaal"]
        bevestiging = KwartaalBevestigForm(request.POST)
        if not bevestiging.is_valid():
            return self.render(kwartaal, bevestiging, status=400)
        try:
            services.sluit_kwartaal(self.loket, jaar, kwartaal, door=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(_fouten(exc)))
        else:
            messages.success(
                request,
                f"Kwartaal {kwartaal} van {jaar} is afgesloten. Correcties boekt u voortaan in "
                "een open periode.",
            )
        return redirect("financiering:jaaroverzicht", jaar=jaar)

    def render(self, kwartaal, bevestiging, status=200):
        return render(
            self.request,
            self.template_name,
            self.context(
                kwartaal=kwartaal,
                form=bevestiging,
                samenvatting=selectors.kwartaalsamenvatting(self.loket, self.jaar, kwartaal),
                bezwaar=services.waarom_niet_sluitbaar(self.loket, self.jaar, kwartaal),
            ),
            status=status,
        )


class ExportView(JaarMixin, View):
    recht = Recht.FINANCIERING_INZIEN

    def get(self, request, jaar):
        inhoud = jaaroverzicht_xlsx(
            selectors.jaaroverzicht(self.loket, jaar), selectors.partnertotalen(self.loket, jaar)
        )
        response = HttpResponse(inhoud, content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="financiering-{self.loket.code.lower()}-{jaar}.xlsx"'
        )
        return response


class GrootboekExportView(JaarMixin, View):
    """The year's ledger booking by booking, for the accountant (xlsx or CSV)."""

    recht = Recht.FINANCIERING_INZIEN
    formaat = "xlsx"

    def get(self, request, jaar):
        boekingen = selectors.grootboek(self.loket, jaar)
        naam = f"boekingen-{self.loket.code.lower()}-{jaar}.{self.formaat}"
        if self.formaat == "csv":
            response = HttpResponse(
                grootboek_csv(boekingen), content_type="text/csv; charset=utf-8"
            )
        else:
            titel = f"Boekingen {jaar} · {self.loket.naam}"
            response = HttpResponse(grootboek_xlsx(titel, boekingen), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{naam}"'
        return response
