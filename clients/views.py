"""Pages of a werkcoach: client list, intake (with duplicate check), client detail, edit, contact."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from loket.access import Recht, RolVereistMixin
from loket.audit import log_verwerking
from loket.models import Verwerking

from . import dubbelcheck, selectors, services
from .forms import (
    ContactCorrectieForm,
    ContactmomentForm,
    DubbeleBevestigingForm,
    IntakeForm,
    KlantFilterForm,
    KlantForm,
)
from .models import Klant
from .privacy import weiger_als_geanonimiseerd

PAGINA_GROOTTE = 25


class KlantScopeMixin(RolVereistMixin):
    """Client pages: werkcoach and projectleider of the client's own loket (404 for another loket)."""

    recht = Recht.KLANTWERK
    kwargs: dict[str, Any]  # set by View.setup

    def get_klant(self) -> Klant:
        return get_object_or_404(selectors.klanten_van(self.loket), pk=self.kwargs["pk"])


class KlantListView(RolVereistMixin, View):
    recht = Recht.KLANTWERK

    def get(self, request):
        form = KlantFilterForm(request.GET or None, loket=self.loket)
        filters = form.cleaned_data if form.is_valid() else {}
        klanten = selectors.klantenlijst(
            self.loket,
            zoekterm=filters.get("q", ""),
            doelgroep=filters.get("doelgroep", ""),
            werkcoach_id=filters["werkcoach"].pk if filters.get("werkcoach") else None,
            van=filters.get("van"),
            tot=filters.get("tot"),
            eerst_van_werkcoach_id=request.user.pk if filters.get("mijn_eerst") else None,
        )
        pagina = Paginator(klanten, PAGINA_GROOTTE).get_page(request.GET.get("pagina"))
        pagina.object_list = selectors.met_laatste_intake(pagina.object_list)
        log_verwerking(
            request, Verwerking.Actie.GEZOCHT, "klantenlijst", [k.pk for k in pagina.object_list]
        )
        query = request.GET.copy()
        query.pop("pagina", None)
        return render(
            request,
            "clients/klant_list.html",
            {"form": form, "pagina": pagina, "query": query.urlencode()},
        )


class IntakeView(RolVereistMixin, View):
    """Register a new client with an intake; warns first when the person probably exists."""

    recht = Recht.KLANTWERK
    template_name = "clients/intake_form.html"
    dubbelcheck_onderwerp = "dubbelcheck intake"

    def get(self, request):
        klant_form = KlantForm(loket=self.loket)
        intake_form = IntakeForm(
            loket=self.loket, initial={"datum": timezone.localdate(), "werkcoach": request.user}
        )
        return self.render(klant_form, intake_form)

    def post(self, request):
        klant_form = KlantForm(request.POST, loket=self.loket)
        intake_form = IntakeForm(request.POST, loket=self.loket)
        bevestiging = DubbeleBevestigingForm(request.POST)
        if not (klant_form.is_valid() and intake_form.is_valid() and bevestiging.is_valid()):
            return self.render(klant_form, intake_form, status=400)
        if waarschuwing := self.eerst_dubbelen(klant_form, intake_form, bevestiging):
            return waarschuwing
        klant = services.registreer_intake(request, klant_form.instance, intake_form.instance)
        messages.success(
            request, f"Klant {klant.volledige_naam} is geregistreerd als {klant.klantnummer}."
        )
        return redirect(klant)

    def eerst_dubbelen(self, klant_form, intake_form, bevestiging):
        """The form again with the clients who are probably this person (the search logged), unless
        there are none or the werkcoach confirmed it is someone new; None to go on saving."""
        dubbelen = selectors.dubbelen_voor(self.loket, klant_form.cleaned_data)
        if not dubbelen or bevestiging.cleaned_data["toch_nieuw"]:
            return None
        log_verwerking(
            self.request,
            Verwerking.Actie.GEZOCHT,
            self.dubbelcheck_onderwerp,
            [k.pk for k in dubbelen],
        )
        return self.render(klant_form, intake_form, dubbelen=dubbelen, bevestiging=bevestiging)

    def intake_context(self) -> dict:
        """What a subclass's template needs besides the forms (the sign-up's intake: its sign-up)."""
        return {}

    def render(self, klant_form, intake_form, dubbelen=None, bevestiging=None, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "klant_form": klant_form,
                "intake_form": intake_form,
                "dubbelen": dubbelen or [],
                "bevestiging": bevestiging or DubbeleBevestigingForm(),
                **self.intake_context(),
            },
            status=status,
        )


class KlantDetailView(KlantScopeMixin, View):
    def get(self, request, pk):
        klant = self.get_klant()
        intakes = list(klant.intakes.select_related("werkcoach"))
        contacten = list(
            klant.contactmomenten.select_related(
                "medewerker", "warme_overdracht_naar", "corrigeert", "correctie"
            )
        )
        afsluitingen = list(klant.afsluitingen.select_related("door"))
        tijdlijn = sorted(
            [("intake", i.datum, i) for i in intakes]
            + [("contact", c.datum, c) for c in contacten]
            + [("afsluiting", a.datum, a) for a in afsluitingen],
            key=lambda item: (item[1], item[2].aangemaakt_op),
            reverse=True,
        )
        log_verwerking(request, Verwerking.Actie.BEKEKEN, "klantdossier", [klant.pk])
        return render(
            request,
            "clients/klant_detail.html",
            {
                "klant": klant,
                "tijdlijn": tijdlijn,
                "laatste_intake": intakes[0] if intakes else None,
                "documenten": list(klant.documenten.all()),
                "gesloten": _gesloten(afsluitingen, intakes),
            },
        )


def _gesloten(afsluitingen, intakes):
    """The closing that holds now: the latest one, unless an intake came after it."""
    if not afsluitingen:
        return None
    laatste = afsluitingen[0]
    if intakes and (intakes[0].datum, intakes[0].aangemaakt_op) > (
        laatste.datum,
        laatste.aangemaakt_op,
    ):
        return None
    return laatste


class KlantFormulierView(KlantScopeMixin, View):
    """A form about one existing client; subclasses say which form, texts and service."""

    template_name = "clients/klant_form.html"
    titel = knop = melding = onderwerp = ""

    def maak_form(self, klant, data=None):
        raise NotImplementedError

    def opslaan(self, klant, form):
        raise NotImplementedError

    def get(self, request, pk):
        klant = self.get_klant()
        if weigering := weiger_als_geanonimiseerd(request, klant):
            return weigering
        return self.render(klant, self.maak_form(klant))

    def post(self, request, pk):
        klant = self.get_klant()
        if weigering := weiger_als_geanonimiseerd(request, klant):
            return weigering
        form = self.maak_form(klant, request.POST)
        if not form.is_valid():
            return self.render(klant, form, status=400)
        self.opslaan(klant, form)
        messages.success(request, self.melding)
        return redirect(klant)

    def log_blik(self, klant):
        # Every form page about a client shows the client's name: a look, logged (issue 20).
        onderwerp = self.onderwerp or self.titel.lower()
        log_verwerking(self.request, Verwerking.Actie.BEKEKEN, onderwerp, [klant.pk])

    def render(self, klant, form, status=200):
        self.log_blik(klant)
        context = {"form": form, "klant": klant, "titel": self.titel, "knop": self.knop}
        return render(self.request, self.template_name, context, status=status)


class KlantUpdateView(KlantFormulierView):
    titel, knop, melding = "Gegevens wijzigen", "Opslaan", "De klantgegevens zijn opgeslagen."
    onderwerp = "klantgegevens wijzigen"  # the look is logged once, by render()

    def maak_form(self, klant, data=None):
        return KlantForm(data, instance=klant, loket=self.loket)

    def opslaan(self, klant, form):
        services.wijzig_klant(self.request, form.instance, form.changed_data)


class ContactmomentCreateView(KlantFormulierView):
    titel, knop, melding = (
        "Contactmoment",
        "Contactmoment vastleggen",
        "Het contactmoment is vastgelegd.",
    )

    def maak_form(self, klant, data=None):
        return ContactmomentForm(data, loket=self.loket, initial={"datum": timezone.localdate()})

    def opslaan(self, klant, form):
        services.registreer_contact(self.request, klant, form.instance)


class ContactCorrectieView(KlantFormulierView):
    """Correct or withdraw a mistaken contact: a new row with a reason; the old one stays."""

    template_name = "clients/contact_correctie.html"
    titel, knop, melding = (
        "Contactmoment corrigeren",
        "Correctie vastleggen",
        "De correctie is vastgelegd.",
    )

    def get_contact(self, klant):
        if klant.geanonimiseerd_op:
            raise Http404  # an anonymised client's record is closed for edits
        return get_object_or_404(
            klant.contactmomenten.select_related("warme_overdracht_naar"),
            pk=self.kwargs["contact_pk"],
            ingetrokken=False,
        )

    def maak_form(self, klant, data=None):
        fout = self.get_contact(klant)
        initial = {
            "datum": fout.datum,
            "dienst": fout.dienst,
            "duur_minuten": fout.duur_minuten,
            "notitie": fout.notitie,
            "warme_overdracht_naar": fout.warme_overdracht_naar_id,
        }
        form = ContactCorrectieForm(data, loket=self.loket, initial=initial)
        form.fout = fout
        return form

    def post(self, request, pk, contact_pk):
        klant = self.get_klant()
        form = self.maak_form(klant, request.POST)
        if not form.is_valid():
            return self.render(klant, form, status=400)
        nieuw = None if form.cleaned_data.get("intrekken") else form.instance
        try:
            services.corrigeer_contact(
                request, form.fout, reden=form.cleaned_data["reden"], nieuw=nieuw
            )
        except services.ContactCorrectieFout as fout:
            form.add_error(None, str(fout))
            return self.render(klant, form, status=409)
        messages.success(request, self.melding)
        return redirect(klant)

    def get(self, request, pk, contact_pk):
        klant = self.get_klant()  # an anonymised client's contacts: 404 in get_contact()
        return self.render(klant, self.maak_form(klant))

    def render(self, klant, form, status=200):
        self.log_blik(klant)
        context = {"form": form, "klant": klant, "titel": self.titel, "knop": self.knop}
        context["fout"] = form.fout
        return render(self.request, self.template_name, context, status=status)


class VervolgIntakeView(KlantFormulierView):
    """A new intake for a client who returns to the desk. Reached from the duplicate warning of
    the new-client intake, it keeps what was typed there (a POST with `overnemen`) and offers a
    new phone number and e-mail address as updates of the client."""

    titel, knop, melding = "Nieuwe intake", "Intake registreren", "De intake is toegevoegd."

    def maak_form(self, klant, data=None, overgenomen=None):
        initial = {"datum": timezone.localdate(), "werkcoach": self.request.user}
        return IntakeForm(data, loket=self.loket, initial=initial | (overgenomen or {}))

    def post(self, request, pk):
        klant = self.get_klant()
        if weigering := weiger_als_geanonimiseerd(request, klant):
            return weigering
        if request.POST.get("overnemen"):
            form = self.maak_form(klant, overgenomen=dubbelcheck.overgenomen_intake(request.POST))
            nieuw = dubbelcheck.nieuwe_contactgegevens(request.POST, klant)
            bijwerken = dubbelcheck.ContactgegevensBijwerkenForm(initial=nieuw, klant=klant)
            return self.render(klant, form, bijwerken=bijwerken if nieuw else None)
        form = self.maak_form(klant, request.POST)
        bijwerken = dubbelcheck.ContactgegevensBijwerkenForm(request.POST, klant=klant)
        if not (form.is_valid() and bijwerken.is_valid()):
            toon = bijwerken if bijwerken.zichtbare_velden() else None
            return self.render(klant, form, status=400, bijwerken=toon)
        services.voeg_intake_toe_met_gegevens(
            request, klant, form.instance, bijwerken.wijzigingen()
        )
        messages.success(request, self.melding)
        return redirect(klant)

    def render(self, klant, form, status=200, bijwerken=None):
        self.log_blik(klant)
        context = {
            "form": form,
            "klant": klant,
            "titel": self.titel,
            "knop": self.knop,
            "bijwerken": bijwerken,
        }
        return render(self.request, self.template_name, context, status=status)
