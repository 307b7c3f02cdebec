"""Thin views of hand-overs: the werkcoach's side (consent, hand-over, its status) and the
partner's side (only hand-overs addressed to the own organisation, minimum client data, every
look logged). Objects outside the user's loket or organisation answer 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from clients.privacy import weiger_als_geanonimiseerd
from clients.selectors import klanten_van
from loket.access import Recht, RolVereistMixin
from loket.audit import log_verwerking
from loket.invoer import als_id
from loket.models import Verwerking

from . import selectors, services
from .constants import Gegevens, Grondslag, Soort
from .forms import AfwijzenForm, OverdrachtForm, TerugmeldForm, ToestemmingForm
from .models import Toestemming


def _fouten_naar_form(form, exc: ValidationError, veld: str | None = None) -> None:
    """A service's refusal on the form: per field when it names one, else on `veld` (so the
    message stands next to the field it is about, once), else on the whole form."""
    if hasattr(exc, "error_dict"):
        for naam, fouten in exc.error_dict.items():
            form.add_error(naam if naam in form.fields else veld, fouten)
    else:
        form.add_error(veld, exc.messages)


class KlantFormMixin(RolVereistMixin):
    recht = Recht.KLANTWERK
    template_name = "overdrachten/klant_form.html"
    titel = knop = ""

    def get_klant(self):
        return get_object_or_404(klanten_van(self.loket), pk=self.kwargs["pk"])

    def render(self, klant, form, status=200):
        return render(
            self.request,
            self.template_name,
            {"klant": klant, "form": form, "titel": self.titel, "knop": self.knop},
            status=status,
        )


class ToestemmingCreateView(KlantFormMixin, View):
    titel, knop = "Toestemming vastleggen", "Toestemming vastleggen"

    def get(self, request, pk):
        klant = self.get_klant()
        if weigering := weiger_als_geanonimiseerd(request, klant):
            return weigering
        return self.render(klant, ToestemmingForm(loket=self.loket))

    def post(self, request, pk):
        klant = self.get_klant()
        if weigering := weiger_als_geanonimiseerd(request, klant):
            return weigering
        form = ToestemmingForm(request.POST, loket=self.loket)
        if form.is_valid():
            try:
                services.leg_toestemming_vast(klant=klant, door=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _fouten_naar_form(form, exc)
            else:
                log_verwerking(request, Verwerking.Actie.GEWIJZIGD, "toestemming delen", [klant.pk])
                messages.success(
                    request, f"Toestemming voor {form.cleaned_data['organisatie']} is vastgelegd."
                )
                return redirect(klant)
        return self.render(klant, form, status=400)


class ToestemmingIntrekkenView(RolVereistMixin, View):
    recht = Recht.KLANTWERK

    def get_toestemming(self):
        return get_object_or_404(
            Toestemming.objects.voor_loket(self.loket).select_related("klant", "organisatie"),
            pk=self.kwargs["pk"],
        )

    def get(self, request, pk):
        toestemming = self.get_toestemming()
        return render(request, "overdrachten/toestemming_intrekken.html", {"t": toestemming})

    def post(self, request, pk):
        toestemming = self.get_toestemming()
        if request.POST.get("bevestig") != "ja":
            messages.error(request, "Bevestig het intrekken met de knop op deze pagina.")
            return redirect("overdrachten:toestemming_intrekken", pk=pk)
        try:
            services.trek_toestemming_in(toestemming=toestemming, door=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            log_verwerking(
                request,
                Verwerking.Actie.GEWIJZIGD,
                "toestemming ingetrokken",
                [toestemming.klant_id],
            )
            messages.success(
                request, f"De toestemming voor {toestemming.organisatie} is ingetrokken."
            )
        return redirect(toestemming.klant)


class OverdrachtCreateView(KlantFormMixin, View):
    titel, knop = "Warme overdracht", "Overdracht versturen"

    def get(self, request, pk):
        klant = self.get_klant()
        if weigering := weiger_als_geanonimiseerd(request, klant):
            return weigering
        initial = {}
        if organisatie_id := als_id(request.GET.get("partner")):
            initial["organisatie"] = organisatie_id
        return self.render(klant, OverdrachtForm(loket=self.loket, initial=initial))

    def post(self, request, pk):
        klant = self.get_klant()
        if weigering := weiger_als_geanonimiseerd(request, klant):
            return weigering
        form = OverdrachtForm(request.POST, loket=self.loket)
        if form.is_valid():
            try:
                overdracht = services.maak_overdracht(
                    klant=klant, door=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                _fouten_naar_form(form, exc)
            else:
                log_verwerking(
                    request,
                    Verwerking.Actie.GEEXPORTEERD,
                    f"warme overdracht naar {overdracht.organisatie}"[:200],
                    [klant.pk],
                )
                messages.success(
                    request,
                    f"De overdracht naar {overdracht.organisatie} is verstuurd; terugmelden "
                    f"uiterlijk {overdracht.termijn:%d-%m-%Y}.",
                )
                return redirect("overdrachten:detail", pk=overdracht.pk)
        return self.render(klant, form, status=400)


class OverdrachtListView(RolVereistMixin, View):
    recht = Recht.KLANTWERK

    def get(self, request):
        alleen_te_laat = request.GET.get("te_laat") == "1"
        qs = selectors.overdrachten_van(self.loket)
        qs = selectors.te_laat(qs) if alleen_te_laat else qs.order_by("-aangemaakt_op", "-pk")
        overdrachten = list(qs[:200])
        log_verwerking(
            request, Verwerking.Actie.GEZOCHT, "overdrachten", {o.klant_id for o in overdrachten}
        )
        for o in overdrachten:
            o.te_laat = selectors.is_te_laat(o)
        return render(
            request,
            "overdrachten/overdracht_list.html",
            {"overdrachten": overdrachten, "alleen_te_laat": alleen_te_laat},
        )


class OverdrachtDetailView(RolVereistMixin, View):
    recht = Recht.KLANTWERK

    def get(self, request, pk):
        overdracht = get_object_or_404(selectors.overdrachten_van(self.loket), pk=pk)
        log_verwerking(request, Verwerking.Actie.BEKEKEN, "warme overdracht", [overdracht.klant_id])
        overdracht.te_laat = selectors.is_te_laat(overdracht)
        return render(
            request,
            "overdrachten/overdracht_detail.html",
            {"o": overdracht, "gebeurtenissen": selectors.gebeurtenissen(overdracht)},
        )


class PartnerListView(RolVereistMixin, View):
    """The partner's inbox: hand-overs addressed to the own organisation (name and status only)."""

    recht = Recht.PARTNER_OVERDRACHTEN

    def get(self, request):
        overdrachten = list(selectors.voor_partner(request.user).order_by("termijn", "pk")[:200])
        log_verwerking(
            request,
            Verwerking.Actie.BEKEKEN,
            "overdrachten partner (lijst)",
            {o.klant_id for o in overdrachten},
        )
        for o in overdrachten:
            o.te_laat = selectors.is_te_laat(o)
        return render(request, "overdrachten/partner_list.html", {"overdrachten": overdrachten})


class PartnerDetailView(RolVereistMixin, View):
    """One hand-over for the partner: the minimum client data, and accept / refuse / report back.
    With the consent withdrawn the partner sees no client data any more."""

    recht = Recht.PARTNER_OVERDRACHTEN
    ACTIES = {"accepteren", "afwijzen", "terugmelden"}

    def get_overdracht(self):
        return get_object_or_404(
            selectors.voor_partner(self.request.user).select_related("toestemming"),
            pk=self.kwargs["pk"],
        )

    def get(self, request, pk):
        return self.render(self.get_overdracht())

    def post(self, request, pk):
        overdracht = self.get_overdracht()
        actie = request.POST.get("actie", "")
        afwijzen, terugmelden = None, None
        try:
            if actie == "accepteren":
                services.accepteer(overdracht=overdracht, door=request.user)
                messages.success(request, "U heeft de overdracht geaccepteerd.")
                return redirect("overdrachten:partner_detail", pk=pk)
            if actie == "afwijzen":
                afwijzen = AfwijzenForm(request.POST)
                if afwijzen.is_valid():
                    services.wijs_af(
                        overdracht=overdracht,
                        reden=afwijzen.cleaned_data["reden"],
                        door=request.user,
                    )
                    messages.success(request, "U heeft de overdracht afgewezen.")
                    return redirect("overdrachten:partner_list")
            elif actie == "terugmelden":
                terugmelden = TerugmeldForm(request.POST)
                if terugmelden.is_valid():
                    services.meld_terug(
                        overdracht=overdracht, door=request.user, **terugmelden.cleaned_data
                    )
                    messages.success(request, "Uw terugmelding is verstuurd naar de werkcoach.")
                    return redirect("overdrachten:partner_detail", pk=pk)
            else:
                messages.error(request, "Kies accepteren, afwijzen of terugmelden.")
        except ValidationError as exc:
            doel = afwijzen or terugmelden
            if doel is not None:
                _fouten_naar_form(doel, exc, veld="reden" if doel is afwijzen else "uitkomst")
            else:
                messages.error(request, " ".join(exc.messages))
        return self.render(overdracht, afwijzen=afwijzen, terugmelden=terugmelden, status=400)

    def render(self, overdracht, afwijzen=None, terugmelden=None, status=200):
        request = self.request
        gedeeld = overdracht.grondslag == Grondslag.WETTELIJK or (
            overdracht.toestemming is not None and overdracht.toestemming.geldig
        )
        if gedeeld:
            log_verwerking(
                request,
                Verwerking.Actie.BEKEKEN,
                "warme overdracht (partner)",
                [overdracht.klant_id],
            )
        overdracht.te_laat = selectors.is_te_laat(overdracht)
        return render(
            request,
            "overdrachten/partner_detail.html",
            {
                "o": overdracht,
                "klant": overdracht.klant if gedeeld else None,
                "met_opleiding": overdracht.toestemming is not None
                and overdracht.toestemming.gegevens == Gegevens.CONTACT_VRAAG_OPLEIDING,
                "gebeurtenissen": selectors.gebeurtenissen(overdracht),
                "kan_accepteren": overdracht.status == Soort.VERSTUURD,
                "kan_terugmelden": overdracht.status == Soort.ONTVANGEN,
                "afwijzen": afwijzen or AfwijzenForm(),
                "terugmelden": terugmelden or TerugmeldForm(),
            },
            status=status,
        )
