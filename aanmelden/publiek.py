"""The citizen's pages: no login. Sign up (with an appointment), manage the appointment through
the link in the mail, answer a survey, opt out. A link that is wrong gives a Dutch 404, one that
was used or expired a 410; never a 500."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from loket.models import Loket

from . import enquetes, services
from .constants import AanmeldingStatus, EnqueteSoort
from .forms import AanmeldForm, EnqueteForm, VerplaatsForm
from .limiet import te_vaak
from .models import Aanmelding
from .tokens import hash_token, is_plausibel

openbaar = method_decorator(login_not_required, name="dispatch")
# Pages behind a personal link are never stored by a browser or proxy.
niet_bewaren = method_decorator(never_cache, name="dispatch")
SLOT_BEZET = "Dit moment is net door iemand anders gekozen. Kies een ander moment."


def link_fout(request, status: int, titel: str, uitleg: str):
    return render(
        request, "aanmelden/link_fout.html", {"titel": titel, "uitleg": uitleg}, status=status
    )


def link_onbekend(request):
    return link_fout(
        request,
        404,
        "Deze link werkt niet",
        "Controleer of u de hele link uit de e-mail hebt gebruikt. Lukt het niet, neem dan "
        "contact op met het leerwerkloket.",
    )


@openbaar
@niet_bewaren
class AanmeldView(View):
    template_name = "aanmelden/aanmelden.html"

    def dispatch(self, request, code):
        self.loket = get_object_or_404(Loket, code=code, actief=True)
        return super().dispatch(request, code)

    def get(self, request, code):
        return self.render(AanmeldForm(loket=self.loket))

    def post(self, request, code):
        if te_vaak(request, "aanmelden"):
            return render(request, "aanmelden/te_vaak.html", {"loket": self.loket}, status=429)
        form = AanmeldForm(request.POST, loket=self.loket)
        if form.is_bot():
            # Look like success, store nothing.
            return redirect("aanmelden:bedankt", code=self.loket.code)
        if not form.is_valid():
            return self.render(form, status=400)
        slot = form.cleaned_data["tijdslot"]
        try:
            services.meld_aan(
                loket=self.loket, gegevens=form.gegevens(), tijdslot_id=slot.pk if slot else None
            )
        except services.TijdslotBezet:
            # Rebuilt, the form no longer offers the slot and says so in the field's error.
            form = AanmeldForm(request.POST, loket=self.loket)
            if form.is_valid():
                form.add_error("tijdslot", SLOT_BEZET)
            return self.render(form, status=409)
        return redirect("aanmelden:bedankt", code=self.loket.code)

    def render(self, form, status=200):
        return render(
            self.request, self.template_name, {"form": form, "loket": self.loket}, status=status
        )


@openbaar
class BedanktView(TemplateView):
    template_name = "aanmelden/bedankt.html"

    def get_context_data(self, **kwargs):
        return {"loket": get_object_or_404(Loket, code=kwargs["code"], actief=True)}


@openbaar
@niet_bewaren
class AfspraakView(View):
    """Move or cancel an appointment through the link in the confirmation mail."""

    template_name = "aanmelden/afspraak.html"

    def dispatch(self, request, token):
        self.aanmelding = None
        if is_plausibel(token):
            self.aanmelding = (
                Aanmelding.objects.alle_loketten(reden="beheerlink van de burger (token)")
                .select_related("loket", "tijdslot__werkcoach")
                .filter(beheer_token_hash=hash_token(token))
                .first()
            )
        if self.aanmelding is None:
            return link_onbekend(request)
        if self.aanmelding.status == AanmeldingStatus.GESLOTEN:
            return link_fout(
                request,
                410,
                "Deze aanmelding is afgesloten",
                "Wilt u toch hulp van het leerwerkloket? Meld u opnieuw aan.",
            )
        return super().dispatch(request, token)

    def get(self, request, token):
        return self.render(VerplaatsForm(aanmelding=self.aanmelding))

    def post(self, request, token):
        if request.POST.get("actie") == "annuleren":
            if self.aanmelding.tijdslot_id is None:  # nothing to cancel
                return self.render(VerplaatsForm(aanmelding=self.aanmelding))
            services.annuleer_afspraak(aanmelding=self.aanmelding)
            return redirect("aanmelden:afspraak_gewijzigd")
        form = VerplaatsForm(request.POST, aanmelding=self.aanmelding)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            services.verplaats_afspraak(
                aanmelding=self.aanmelding, tijdslot_id=form.cleaned_data["tijdslot"].pk
            )
        except services.TijdslotBezet:
            form = VerplaatsForm(request.POST, aanmelding=self.aanmelding)
            if form.is_valid():
                form.add_error("tijdslot", SLOT_BEZET)
            return self.render(form, status=409)
        return redirect("aanmelden:afspraak_gewijzigd")

    def render(self, form, status=200):
        slot = self.aanmelding.tijdslot
        return render(
            self.request,
            self.template_name,
            {
                "aanmelding": self.aanmelding,
                "slot": slot,
                "voorbij": bool(slot and slot.start <= timezone.now()),
                "form": form,
            },
            status=status,
        )


@openbaar
class AfspraakGewijzigdView(TemplateView):
    template_name = "aanmelden/afspraak_gewijzigd.html"


def _enquete_fout(request, fout: Exception):
    if isinstance(fout, enquetes.LinkGebruikt):
        return link_fout(
            request,
            410,
            "U hebt deze vragenlijst al ingevuld",
            "Bedankt! Elke link werkt één keer; uw antwoord is bewaard.",
        )
    if isinstance(fout, enquetes.LinkVerlopen):
        return link_fout(
            request,
            410,
            "Deze link is verlopen",
            "De vragenlijst kon tot een bepaalde datum worden ingevuld. Die datum is voorbij.",
        )
    return link_onbekend(request)


LINKFOUTEN = (enquetes.LinkOngeldig, enquetes.LinkGebruikt, enquetes.LinkVerlopen)


@openbaar
@niet_bewaren
class EnqueteView(View):
    template_name = "aanmelden/enquete.html"

    def get(self, request, token):
        try:
            verzoek = enquetes.zoek_verzoek(token)
        except LINKFOUTEN as fout:
            return _enquete_fout(request, fout)
        return self.render(verzoek, self.form(verzoek))

    def post(self, request, token):
        try:
            verzoek = enquetes.zoek_verzoek(token)
            form = self.form(verzoek, request.POST)
            if not form.is_valid():
                return self.render(verzoek, form, status=400)
            enquetes.beantwoord(
                token=token,
                score=form.cleaned_data["score"],
                situatie=form.cleaned_data.get("situatie", ""),
            )
        except LINKFOUTEN as fout:
            return _enquete_fout(request, fout)
        return redirect("aanmelden:enquete_bedankt")

    def form(self, verzoek, data=None):
        return EnqueteForm(data, met_situatie=verzoek.soort == EnqueteSoort.KLANT)

    def render(self, verzoek, form, status=200):
        return render(
            self.request, self.template_name, {"verzoek": verzoek, "form": form}, status=status
        )


@openbaar
@niet_bewaren
class EnqueteAfmeldenView(View):
    """GET asks, POST opts out (a mail scanner following the link changes nothing)."""

    template_name = "aanmelden/enquete_afmelden.html"

    def get(self, request, token):
        if not is_plausibel(token) or not enquetes.bestaat(token):
            return link_onbekend(request)
        return render(request, self.template_name, {"afgemeld": False})

    def post(self, request, token):
        try:
            enquetes.meld_af(token=token)
        except enquetes.LinkOngeldig:
            return link_onbekend(request)
        return render(request, self.template_name, {"afgemeld": True})


@openbaar
class EnqueteBedanktView(TemplateView):
    template_name = "aanmelden/enquete_bedankt.html"
