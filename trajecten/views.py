"""Trajectory pages: list (with "mijn trajecten"), start from a client, detail with the stage
timeline and HTMX step buttons, edit, funding lines. Every view is for werkcoach and projectleider
of the trajectory's own loket (404 for another loket); stage changes go through services."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from clients.privacy import weiger_als_geanonimiseerd
from clients.selectors import klanten_van
from loket.access import Recht, RolVereistMixin
from loket.audit import log_verwerking
from loket.invoer import als_id
from loket.models import Verwerking

from . import selectors, services
from .forms import (
    CorrectieForm,
    FinancieringsRegelForm,
    KwalificatieForm,
    StapForm,
    TrajectFilterForm,
    TrajectForm,
)
from .models import Kwalificatie, Traject, dekking

PAGINA_GROOTTE = 25


class TrajectScopeMixin(RolVereistMixin):
    recht = Recht.KLANTWERK
    kwargs: dict[str, Any]  # set by View.setup

    def get_traject(self) -> Traject:
        return get_object_or_404(
            selectors.trajecten_van(self.loket).select_related(
                "klant", "kwalificatie", "aanbieder", "leerbedrijf", "begeleider"
            ),
            pk=self.kwargs["pk"],
        )

    def http_method_not_allowed(self, request, *args, **kwargs):
        # Another loket's trajectory is not found (404), whatever the method.
        self.get_traject()
        return super().http_method_not_allowed(request, *args, **kwargs)


class TrajectListView(RolVereistMixin, View):
    recht = Recht.KLANTWERK
    titel = "Trajecten"
    alleen_eigen = False

    def get(self, request):
        form = TrajectFilterForm(request.GET or None, loket=self.loket)
        filters = form.cleaned_data if form.is_valid() else {}
        begeleider = filters.get("begeleider")
        trajecten = selectors.trajectenlijst(
            self.loket,
            type=filters.get("type", ""),
            status=filters.get("status", ""),
            aanbieder_id=filters["aanbieder"].pk if filters.get("aanbieder") else None,
            begeleider_id=request.user.pk
            if self.alleen_eigen
            else (begeleider.pk if begeleider else None),
            gemeente_id=filters["gemeente"].pk if filters.get("gemeente") else None,
            van=filters.get("van"),
            tot=filters.get("tot"),
            alleen_stil=filters.get("stil", False),
        )
        pagina = Paginator(trajecten, PAGINA_GROOTTE).get_page(request.GET.get("pagina"))
        log_verwerking(
            request,
            Verwerking.Actie.GEZOCHT,
            "trajectenlijst",
            [t.klant_id for t in pagina.object_list],
        )
        query = request.GET.copy()
        query.pop("pagina", None)
        return render(
            request,
            "trajecten/traject_list.html",
            {
                "form": form,
                "pagina": pagina,
                "query": query.urlencode(),
                "titel": self.titel,
                "alleen_eigen": self.alleen_eigen,
                "stil_grens": selectors.stil_grens(self.loket),
                "stil_dagen": selectors.stil_dagen(self.loket),
            },
            status=200 if form.is_valid() or not request.GET else 400,
        )


class MijnTrajectenView(TrajectListView):
    titel = "Mijn trajecten"
    alleen_eigen = True


class TrajectStartView(RolVereistMixin, View):
    """Start a trajectory for a client (from the client page)."""

    recht = Recht.KLANTWERK

    def get_klant(self):
        return get_object_or_404(klanten_van(self.loket), pk=self.kwargs["klant_pk"])

    def get(self, request, klant_pk):
        klant = self.get_klant()
        if weigering := weiger_als_geanonimiseerd(request, klant):
            return weigering
        form = TrajectForm(
            loket=self.loket,
            initial={"begeleider": request.user, "datum_aanmelding": timezone.localdate()},
        )
        return self.render(klant, form)

    def post(self, request, klant_pk):
        klant = self.get_klant()
        if weigering := weiger_als_geanonimiseerd(request, klant):
            return weigering
        form = TrajectForm(request.POST, loket=self.loket)
        if not form.is_valid():
            return self.render(klant, form, status=400)
        traject = form.instance
        traject.klant = klant
        try:
            services.start_traject(request, traject, form.cleaned_data["datum_aanmelding"])
        except services.TrajectFout as fout:
            form.add_error(None, str(fout))
            return self.render(klant, form, status=400)
        messages.success(request, f"Het {traject.get_type_display()}-traject is aangemeld.")
        return redirect(traject)

    def render(self, klant, form, status=200):
        # The page shows the client's name: a look at the client's data (issue 20).
        log_verwerking(self.request, Verwerking.Actie.BEKEKEN, "traject starten", [klant.pk])
        return render(
            self.request,
            "trajecten/traject_form.html",
            {"form": form, "klant": klant, "titel": "Traject starten", "knop": "Traject starten"},
            status=status,
        )


class TrajectWijzigView(TrajectScopeMixin, View):
    def get(self, request, pk):
        traject = self.get_traject()
        if weigering := weiger_als_geanonimiseerd(request, traject.klant):
            return weigering
        return self.render(traject, TrajectForm(instance=traject, loket=self.loket, nieuw=False))

    def post(self, request, pk):
        traject = self.get_traject()
        if weigering := weiger_als_geanonimiseerd(request, traject.klant):
            return weigering
        form = TrajectForm(request.POST, instance=traject, loket=self.loket, nieuw=False)
        if not form.is_valid():
            return self.render(traject, form, status=400)
        try:
            services.wijzig_traject(request, form.instance, form.changed_data)
        except services.TrajectFout as fout:
            form.add_error(None, str(fout))
            return self.render(traject, form, status=400)
        messages.success(request, "Het traject is opgeslagen.")
        return redirect(traject)

    def render(self, traject, form, status=200):
        log_verwerking(
            self.request, Verwerking.Actie.BEKEKEN, "traject wijzigen", [traject.klant_id]
        )
        return render(
            self.request,
            "trajecten/traject_form.html",
            {
                "form": form,
                "klant": traject.klant,
                "traject": traject,
                "titel": "Traject wijzigen",
                "knop": "Opslaan",
            },
            status=status,
        )


def paneel_context(traject: Traject, stap_form=None, correctie_form=None, fout=""):
    gebeurtenissen = selectors.tijdlijn(traject)
    effectief = [g for g in gebeurtenissen if not g.is_correctie and not hasattr(g, "correctie")]
    laatste = effectief[-1] if effectief and effectief[-1].van_status else None
    alleen_lezen = traject.klant.geanonimiseerd_op is not None  # no new facts about them
    return {
        "traject": traject,
        "gebeurtenissen": gebeurtenissen,
        "corrigeerbaar": None if alleen_lezen else laatste,
        "stappen": [] if alleen_lezen else services.toegestane_stappen(traject),
        "stap_form": stap_form or StapForm(initial={"verwacht": traject.status}),
        "correctie_form": correctie_form or CorrectieForm(),
        "fout": fout,
        "stil": traject.is_open and traject.status_sinds < selectors.stil_grens(traject.loket),
        "dagen_in_stadium": (timezone.now() - traject.status_sinds).days,
        "terugdateren_dagen": services.max_terugdateren(traject.loket).days,
    }


class TrajectDetailView(TrajectScopeMixin, View):
    def get(self, request, pk):
        traject = self.get_traject()
        log_verwerking(
            request, Verwerking.Actie.BEKEKEN, f"traject {traject.pk}", [traject.klant_id]
        )
        return render_detail(request, traject)


def render_detail(request, traject, *, financiering_form=None, status=200, **paneel):
    context = paneel_context(traject, **paneel)
    context.update(
        {
            "dekking": dekking(traject),
            "financiering": list(traject.financiering.select_related("organisatie")),
            "financiering_form": financiering_form
            or FinancieringsRegelForm(loket=request.user.loket),
        }
    )
    return render(request, "trajecten/traject_detail.html", context, status=status)


class PaneelPostView(TrajectScopeMixin, View):
    """A POST that changes the stage; answers HTMX with the status panel, others with a redirect
    (or the whole page with the error, status 400)."""

    def antwoord(self, traject, *, fout="", status=200, **forms):
        if self.request.htmx:
            traject.refresh_from_db()
            context = paneel_context(traject, fout=fout, **forms)
            return render(self.request, "trajecten/_status_paneel.html", context, status=status)
        if status == 200:
            return redirect(traject)
        traject.refresh_from_db()
        return render_detail(self.request, traject, fout=fout, status=status, **forms)


class TrajectStapView(PaneelPostView):
    def post(self, request, pk):
        traject = self.get_traject()
        if weigering := weiger_als_geanonimiseerd(request, traject.klant):
            return weigering
        form = StapForm(request.POST)
        if not form.is_valid():
            return self.antwoord(traject, stap_form=form, status=400)
        gegevens = form.cleaned_data
        try:
            gebeurtenis = services.voer_stap_uit(
                request,
                traject.pk,
                gegevens["stap"],
                verwacht=gegevens["verwacht"],
                datum=gegevens["datum"],
                reden=gegevens["reden"],
                uitkomst=gegevens["uitkomst"],
            )
        except services.TrajectFout as fout:
            return self.antwoord(traject, fout=str(fout), stap_form=form, status=409)
        if not request.htmx:
            messages.success(
                request, f"Het traject staat nu op '{gebeurtenis.get_naar_status_display()}'."
            )
        return self.antwoord(traject)


class TrajectCorrectieView(PaneelPostView):
    def post(self, request, pk):
        traject = self.get_traject()
        if weigering := weiger_als_geanonimiseerd(request, traject.klant):
            return weigering
        form = CorrectieForm(request.POST)
        if not form.is_valid():
            return self.antwoord(traject, correctie_form=form, status=400)
        try:
            services.corrigeer(
                request, traject.pk, form.cleaned_data["gebeurtenis"], form.cleaned_data["reden"]
            )
        except services.TrajectFout as fout:
            return self.antwoord(traject, fout=str(fout), correctie_form=form, status=409)
        if not request.htmx:
            messages.success(request, "De stap is gecorrigeerd.")
        return self.antwoord(traject)


class FinancieringToevoegenView(TrajectScopeMixin, View):
    def post(self, request, pk):
        traject = self.get_traject()
        if weigering := weiger_als_geanonimiseerd(request, traject.klant):
            return weigering
        form = FinancieringsRegelForm(request.POST, loket=self.loket)
        if not form.is_valid():
            return render_detail(request, traject, financiering_form=form, status=400)
        services.voeg_financiering_toe(request, traject, form.instance)
        messages.success(request, "De financieringsregel is toegevoegd.")
        return redirect(traject)


class FinancieringOntvangenView(TrajectScopeMixin, View):
    def post(self, request, pk, regel_pk):
        traject = self.get_traject()
        if weigering := weiger_als_geanonimiseerd(request, traject.klant):
            return weigering
        regel = get_object_or_404(traject.financiering.all(), pk=regel_pk)
        services.markeer_ontvangen(request, regel)
        messages.success(request, "De financiering is als ontvangen gemarkeerd.")
        return redirect(traject)


class KwalificatieBeheerView(RolVereistMixin, View):
    """The beheerder's reference table of qualifications: list, add, and edit (?bewerk=<pk>).
    Qualifications are national reference data, shared by every loket."""

    recht = Recht.REFERENTIEDATA

    def get(self, request):
        bewerk = als_id(request.GET.get("bewerk"))
        instance = get_object_or_404(Kwalificatie, pk=bewerk) if bewerk else Kwalificatie()
        return self.render(KwalificatieForm(instance=instance))

    def post(self, request):
        pk = als_id(request.POST.get("pk"))
        instance = get_object_or_404(Kwalificatie, pk=pk) if pk else Kwalificatie()
        form = KwalificatieForm(request.POST, instance=instance)
        if not form.is_valid():
            return self.render(form, status=400)
        kwalificatie = form.save()
        messages.success(request, f"Kwalificatie {kwalificatie} is opgeslagen.")
        return redirect("trajecten:kwalificaties")

    def render(self, form, status=200):
        return render(
            self.request,
            "trajecten/kwalificaties.html",
            {"form": form, "kwalificaties": Kwalificatie.objects.order_by("naam")},
            status=status,
        )
