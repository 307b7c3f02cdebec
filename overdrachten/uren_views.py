"""Partner hours: the partner enters and confirms its own organisation's hours; the projectleider
approves them. A partner sees only its own organisation's figures."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from financiering.models import Urenopgave
from loket.access import Recht, RolVereistMixin
from loket.invoer import als_id
from loket.models import Organisatie

from . import uren
from .forms import AfkeurForm, KwartaalBevestigenForm, UrenopgaveForm
from .views import _fouten_naar_form


class PartnerUrenView(RolVereistMixin, View):
    recht = Recht.PARTNER_UREN

    def get(self, request):
        return self.render(UrenopgaveForm(user=request.user), KwartaalBevestigenForm())

    def post(self, request):
        form = UrenopgaveForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                uren.dien_uren_in(door=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _fouten_naar_form(form, exc, veld="kwartaal")
            else:
                messages.success(
                    request,
                    "De uren zijn ingediend en wachten op goedkeuring van de projectleider.",
                )
                return redirect("overdrachten:partner_uren")
        return self.render(form, KwartaalBevestigenForm(), status=400)

    def render(self, form, bevestigen, status=200):
        user = self.request.user
        jaar = timezone.localdate().year
        return render(
            self.request,
            "overdrachten/partner_uren.html",
            {
                "form": form,
                "bevestigen": bevestigen,
                "opgaven": list(uren.opgaven_van(user)[:100]),
                "bevestigingen": list(uren.bevestigingen_van(user)),
                "jaar": jaar,
                "realisatie": uren.realisatie_per_kwartaal(user, jaar),
            },
            status=status,
        )


class KwartaalBevestigenView(PartnerUrenView):
    def post(self, request):
        form = KwartaalBevestigenForm(request.POST)
        if form.is_valid():
            try:
                bevestiging = uren.bevestig_kwartaal(
                    jaar=form.cleaned_data["jaar"],
                    kwartaal=form.cleaned_data["kwartaal"],
                    door=request.user,
                )
            except ValidationError as exc:
                _fouten_naar_form(form, exc, veld="kwartaal")
            else:
                messages.success(
                    request,
                    f"Kwartaal {bevestiging.kwartaal} van {bevestiging.jaar} is bevestigd. "
                    "De boekingen van dat kwartaal liggen nu vast.",
                )
                return redirect("overdrachten:partner_uren")
        return self.render(UrenopgaveForm(user=request.user), form, status=400)


class UrenGoedkeurenView(RolVereistMixin, View):
    """The projectleider approves (books) or rejects submitted partner hours."""

    recht = Recht.BOEKEN

    def get(self, request):
        return self.render()

    def post(self, request):
        opgave = get_object_or_404(
            Urenopgave.objects.voor_loket(self.loket),
            pk=als_id(request.POST.get("opgave")) or 0,
        )
        actie = request.POST.get("actie")
        afkeur = AfkeurForm(request.POST) if actie == "afkeuren" else None
        try:
            if actie == "goedkeuren":
                uren.keur_goed(opgave=opgave, door=request.user)
                messages.success(
                    request, f"De uren van {opgave.organisatie} zijn goedgekeurd en geboekt."
                )
                return redirect("overdrachten:uren_goedkeuren")
            if afkeur is not None and afkeur.is_valid():
                uren.keur_af(opgave=opgave, reden=afkeur.cleaned_data["reden"], door=request.user)
                messages.success(request, f"De uren van {opgave.organisatie} zijn afgekeurd.")
                return redirect("overdrachten:uren_goedkeuren")
            if afkeur is None:
                messages.error(request, "Kies goedkeuren of afkeuren.")
            else:
                messages.error(request, "Geef de reden van de afkeuring.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return self.render(status=400)

    def render(self, status=200):
        opgaven = uren.te_beoordelen(self.loket)
        partner = als_id(self.request.GET.get("partner"))
        if partner:
            opgaven = opgaven.filter(organisatie_id=partner)
        return render(
            self.request,
            "overdrachten/uren_goedkeuren.html",
            {
                "opgaven": list(opgaven[:200]),
                "partners": Organisatie.objects.voor_loket(self.loket).order_by("naam"),
                "partner": partner,
            },
            status=status,
        )
