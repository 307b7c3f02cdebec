"""The werkcoach's side: the queue "Aanmeldingen", turning a sign-up into an intake or closing
it, the spreekuur (publishing slots) and the day's appointments. Every look at a sign-up's
personal data is logged."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from clients.constants import Kanaal, Verwijzer
from clients.forms import DubbeleBevestigingForm, IntakeForm, KlantForm
from clients.views import IntakeView
from loket.access import Recht, RolVereistMixin
from loket.invoer import als_id
from loket.models import Verwerking

from . import selectors, services
from .audit import log_aanmeldingen
from .constants import AanmeldingStatus
from .forms import AanmeldingFilterForm, DagForm, EnquetemomentForm, SluitForm, SpreekuurForm
from .models import Enquetemoment

PAGINA_GROOTTE = 25


class AanmeldingMixin(RolVereistMixin):
    recht = Recht.KLANTWERK

    def get_aanmelding(self):
        return get_object_or_404(
            selectors.aanmeldingen_van(self.loket).select_related("tijdslot__werkcoach", "klant"),
            pk=self.kwargs["pk"],
        )


class AanmeldingListView(AanmeldingMixin, View):
    def get(self, request):
        form = AanmeldingFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        status = filters.get("status", "") if request.GET else AanmeldingStatus.NIEUW
        aanmeldingen = selectors.wachtrij(self.loket, zoekterm=filters.get("q", ""), status=status)
        pagina = Paginator(aanmeldingen, PAGINA_GROOTTE).get_page(request.GET.get("pagina"))
        log_aanmeldingen(request, Verwerking.Actie.GEZOCHT, "wachtrij", pagina.object_list)
        query = request.GET.copy()
        query.pop("pagina", None)
        if not request.GET:
            form = AanmeldingFilterForm(initial={"status": AanmeldingStatus.NIEUW})
        return render(
            request,
            "aanmelden/aanmelding_list.html",
            {"form": form, "pagina": pagina, "query": query.urlencode()},
        )


class AanmeldingDetailView(AanmeldingMixin, View):
    def get(self, request, pk):
        return self.render(self.get_aanmelding(), SluitForm())

    def post(self, request, pk):
        aanmelding = self.get_aanmelding()
        form = SluitForm(request.POST)
        if not form.is_valid():
            return self.render(aanmelding, form, status=400)
        try:
            services.sluit_aanmelding(
                request,
                aanmelding=aanmelding,
                reden=form.cleaned_data["reden"],
                toelichting=form.cleaned_data["toelichting"],
            )
        except services.AlAfgehandeld:
            messages.error(request, "Deze aanmelding was al afgehandeld.")
            return redirect("aanmeldingen:detail", pk=pk)
        messages.success(request, "De aanmelding is gesloten.")
        return redirect("aanmeldingen:list")

    def render(self, aanmelding, form, status=200):
        log_aanmeldingen(self.request, Verwerking.Actie.BEKEKEN, "bekeken", [aanmelding])
        return render(
            self.request,
            "aanmelden/aanmelding_detail.html",
            {"aanmelding": aanmelding, "form": form},
            status=status,
        )


class AanmeldingIntakeView(AanmeldingMixin, IntakeView):
    """The intake form, prefilled from the sign-up (kanaal website), with the usual duplicate
    check; saving it marks the sign-up as handled."""

    template_name = "aanmelden/intake_form.html"
    dubbelcheck_onderwerp = "dubbelcheck aanmelding"

    def get(self, request, pk):
        self.aanmelding = self.get_aanmelding()
        if self.aanmelding.status != AanmeldingStatus.NIEUW:
            return redirect("aanmeldingen:detail", pk=pk)
        a = self.aanmelding
        klant_form = KlantForm(
            loket=self.loket,
            initial={
                "voornaam": a.voornaam,
                "tussenvoegsel": a.tussenvoegsel,
                "achternaam": a.achternaam,
                "geboortedatum": a.geboortedatum,
                "postcode": a.postcode,
                "telefoon": a.telefoon,
                "email": a.email,
            },
        )
        intake_form = IntakeForm(
            loket=self.loket,
            initial={
                "datum": timezone.localdate(),
                "werkcoach": request.user,
                "kanaal": Kanaal.WEBSITE,
                "hoofddoel": a.hoofddoel,
                "verwijzer": Verwijzer.EIGEN_INITIATIEF,
                "notities": a.vraag,
            },
        )
        log_aanmeldingen(request, Verwerking.Actie.BEKEKEN, "intake voorbereid", [a])
        return self.render(klant_form, intake_form)

    def post(self, request, pk):
        self.aanmelding = self.get_aanmelding()
        if self.aanmelding.status != AanmeldingStatus.NIEUW:
            messages.error(request, "Deze aanmelding was al afgehandeld.")
            return redirect("aanmeldingen:detail", pk=pk)
        klant_form = KlantForm(request.POST, loket=self.loket)
        intake_form = IntakeForm(request.POST, loket=self.loket)
        bevestiging = DubbeleBevestigingForm(request.POST)
        if not (klant_form.is_valid() and intake_form.is_valid() and bevestiging.is_valid()):
            return self.render(klant_form, intake_form, status=400)
        if waarschuwing := self.eerst_dubbelen(klant_form, intake_form, bevestiging):
            return waarschuwing
        try:
            klant = services.zet_om_in_intake(
                request,
                aanmelding=self.aanmelding,
                klant=klant_form.instance,
                intake=intake_form.instance,
            )
        except services.AlAfgehandeld:
            messages.error(request, "Deze aanmelding was al afgehandeld.")
            return redirect("aanmeldingen:detail", pk=pk)
        messages.success(
            request, f"Klant {klant.volledige_naam} is geregistreerd als {klant.klantnummer}."
        )
        return redirect(klant)

    def intake_context(self) -> dict:
        return {"aanmelding": self.aanmelding}


class AfsprakenView(AanmeldingMixin, View):
    """The appointments of one day (default today) for the whole loket."""

    def get(self, request):
        form = DagForm(request.GET or None)
        datum = (
            form.cleaned_data.get("datum") if form.is_valid() else None
        ) or timezone.localdate()
        afspraken = selectors.afspraken_op(self.loket, datum)
        log_aanmeldingen(request, Verwerking.Actie.BEKEKEN, "afsprakenlijst", afspraken)
        return render(
            request,
            "aanmelden/afspraken.html",
            {"form": form, "datum": datum, "afspraken": afspraken},
        )


class SpreekuurView(AanmeldingMixin, View):
    """Publish slots of a spreekuur and see the coming ones."""

    def get(self, request):
        form = SpreekuurForm(loket=self.loket, initial={"werkcoach": request.user})
        return self.render(form)

    def post(self, request):
        form = SpreekuurForm(request.POST, loket=self.loket)
        if not form.is_valid():
            return self.render(form, status=400)
        d = form.cleaned_data
        services.publiceer_tijdsloten(
            loket=self.loket,
            werkcoach=d["werkcoach"],
            datum=d["datum"],
            van=d["van"],
            aantal=d["aantal"],
            duur=d["duur"],
        )
        messages.success(request, "Het spreekuur is gepubliceerd.")
        return redirect("aanmeldingen:spreekuur")

    def render(self, form, status=200):
        sloten = list(selectors.komende_tijdsloten(self.loket)[:100])
        return render(
            self.request,
            "aanmelden/spreekuur.html",
            {"form": form, "sloten": sloten},
            status=status,
        )


class EnquetemomentenView(RolVereistMixin, View):
    """The loket's survey moments: when a follow-up survey goes out. Switching one off stops new
    invitations; answers already given keep counting."""

    recht = Recht.MONITOR_BEHEREN

    def get(self, request):
        return self.render(EnquetemomentForm(loket=self.loket))

    def post(self, request):
        wissel = request.POST.get("wissel", "")
        if wissel:
            moment = get_object_or_404(
                Enquetemoment.objects.voor_loket(self.loket),
                pk=als_id(wissel) or 0,
            )
            moment.actief = not moment.actief
            moment.save(update_fields=["actief"])
            messages.success(request, f"{moment.naam}: {'aan' if moment.actief else 'uit'}gezet.")
            return redirect("aanmeldingen:enquetemomenten")
        form = EnquetemomentForm(request.POST, loket=self.loket)
        if not form.is_valid():
            return self.render(form, status=400)
        form.instance.loket = self.loket
        form.save()
        messages.success(request, "Het enquêtemoment is toegevoegd.")
        return redirect("aanmeldingen:enquetemomenten")

    def render(self, form, status=200):
        momenten = Enquetemoment.objects.voor_loket(self.loket)
        return render(
            self.request,
            "aanmelden/enquetemomenten.html",
            {"form": form, "momenten": momenten},
            status=status,
        )
