"""Pages of the privacy officer (beheerder): the access log with filters and export, and the
deletion request (verwijderverzoek) that anonymises one client at once."""

import csv

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views import View

from loket.access import Recht, RolVereistMixin
from loket.audit import log_verwerking
from loket.datums import RedelijkeDatums
from loket.models import User, Verwerking
from loket.spreadsheet import veilige_rij
from loket.widgets import SnelleKeuzelijsten

from .forms import DateInput
from .models import Klant
from .privacy import anonimiseer_klant


class VerwerkingenFilterForm(RedelijkeDatums, SnelleKeuzelijsten, forms.Form):
    gebruiker = forms.ModelChoiceField(
        label="Medewerker",
        queryset=User.objects.none(),
        required=False,
        empty_label="Alle medewerkers",
    )
    klantnummer = forms.CharField(label="Klantnummer", required=False, max_length=20)
    actie = forms.ChoiceField(
        label="Actie", required=False, choices=[("", "Alle acties"), *Verwerking.Actie.choices]
    )
    van = forms.DateField(label="Vanaf", required=False, widget=DateInput())
    tot = forms.DateField(label="Tot en met", required=False, widget=DateInput())

    def __init__(self, *args, loket, **kwargs):
        super().__init__(*args, **kwargs)
        self.loket = loket
        self.fields["gebruiker"].queryset = User.objects.filter(loket=loket).order_by("last_name")

    def clean_klantnummer(self):
        nummer = self.cleaned_data["klantnummer"].strip().upper()
        if nummer and not Klant.objects.voor_loket(self.loket, klantnummer=nummer).exists():
            raise forms.ValidationError("Geen klant met dit klantnummer in uw loket.")
        return nummer


def gefilterde_verwerkingen(loket, filters: dict):
    qs = Verwerking.objects.voor_loket(loket).select_related("gebruiker")
    if filters.get("gebruiker"):
        qs = qs.filter(gebruiker=filters["gebruiker"])
    if filters.get("klantnummer"):
        qs = qs.filter(
            klant_id__in=Klant.objects.voor_loket(loket, klantnummer=filters["klantnummer"]).values(
                "pk"
            )
        )
    if filters.get("actie"):
        qs = qs.filter(actie=filters["actie"])
    if filters.get("van"):
        qs = qs.filter(tijdstip__date__gte=filters["van"])
    if filters.get("tot"):
        qs = qs.filter(tijdstip__date__lte=filters["tot"])
    return qs.order_by("-tijdstip", "-pk")


def met_klantnummers(rijen, loket):
    """Attach client numbers to a page of log rows with one query."""
    ids = {r.klant_id for r in rijen if r.klant_id}
    nummers = dict(Klant.objects.voor_loket(loket, pk__in=ids).values_list("pk", "klantnummer"))
    for rij in rijen:
        rij.klantnummer = nummers.get(rij.klant_id, "")
    return rijen


class VerwerkingenView(RolVereistMixin, View):
    recht = Recht.PRIVACY

    def get(self, request):
        form = VerwerkingenFilterForm(request.GET or None, loket=self.loket)
        filters = form.cleaned_data if form.is_valid() else {}
        qs = gefilterde_verwerkingen(self.loket, filters)
        if request.GET.get("export") == "csv" and form.is_valid():
            return self.export(qs)
        pagina = Paginator(qs, 50).get_page(request.GET.get("pagina"))
        met_klantnummers(list(pagina.object_list), self.loket)
        query = request.GET.copy()
        query.pop("pagina", None)
        return render(
            request,
            "clients/verwerkingen.html",
            {"form": form, "pagina": pagina, "query": query.urlencode()},
        )

    def export(self, qs):
        Verwerking.objects.create(
            loket=self.loket,
            gebruiker=self.request.user,
            actie=Verwerking.Actie.GEEXPORTEERD,
            onderwerp="export verwerkingenlogging",
        )
        nummers = dict(Klant.objects.voor_loket(self.loket).values_list("pk", "klantnummer"))

        def rijen():
            yield ["tijdstip", "medewerker", "klantnummer", "actie", "onderwerp", "grondslag"]
            for v in qs.iterator(chunk_size=2000):
                yield [
                    v.tijdstip.isoformat(),
                    v.gebruiker.username if v.gebruiker else "systeem",
                    nummers.get(v.klant_id, ""),
                    v.get_actie_display(),
                    v.onderwerp,
                    v.grondslag,
                ]

        class Echo:
            def write(self, value):
                return value

        writer = csv.writer(Echo(), delimiter=";")
        response = StreamingHttpResponse(
            (writer.writerow(veilige_rij(r)) for r in rijen()),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="verwerkingenlogging.csv"'
        return response


class VerwijderverzoekForm(forms.Form):
    klantnummer = forms.CharField(label="Klantnummer", max_length=20)
    reden = forms.CharField(
        label="Reden en kenmerk van het verzoek",
        max_length=200,
        help_text="Bijvoorbeeld: verzoek van de klant per e-mail van 12-03-2026, kenmerk AVG-2026-014.",
    )
    # Asked on the second step only, next to the client the wipe is about.
    bevestig = forms.BooleanField(
        label="Ik begrijp dat naam, contactgegevens en notities definitief worden verwijderd.",
        required=False,
    )

    def __init__(self, *args, loket, **kwargs):
        super().__init__(*args, **kwargs)
        self.loket = loket

    def clean_klantnummer(self):
        nummer = self.cleaned_data["klantnummer"].strip().upper()
        klant = Klant.objects.voor_loket(self.loket, klantnummer=nummer).first()
        if klant is None:
            raise forms.ValidationError("Geen klant met dit klantnummer in uw loket.")
        if klant.geanonimiseerd_op:
            raise forms.ValidationError("Deze klant is al geanonimiseerd.")
        self.klant = klant
        return nummer


class VerwijderverzoekView(RolVereistMixin, View):
    """Two steps, because the wipe cannot be undone: the client number and the reason first; then
    the page shows who that is (logged as a look at the client) and asks to confirm."""

    recht = Recht.PRIVACY
    template_name = "clients/verwijderverzoek.html"
    bevestig_template = "clients/verwijderverzoek_bevestigen.html"

    def get(self, request):
        return render(request, self.template_name, {"form": VerwijderverzoekForm(loket=self.loket)})

    def post(self, request):
        form = VerwijderverzoekForm(request.POST, loket=self.loket)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        bevestigd = request.POST.get("stap") == "bevestig"
        if not (bevestigd and form.cleaned_data["bevestig"]):
            if bevestigd:
                form.add_error("bevestig", "Bevestig dat de gegevens definitief worden verwijderd.")
            return self.bevestigen(form, status=400 if bevestigd else 200)
        anonimiseer_klant(
            form.klant, door=request.user, reden=f"verwijderverzoek: {form.cleaned_data['reden']}"
        )
        messages.success(request, f"Klant {form.cleaned_data['klantnummer']} is geanonimiseerd.")
        return redirect("privacy:verwijderverzoek")

    def bevestigen(self, form, status):
        klant = form.klant
        log_verwerking(
            self.request,
            Verwerking.Actie.BEKEKEN,
            "verwijderverzoek: controle voor het anonimiseren",
            [klant.pk],
        )
        return render(
            self.request,
            self.bevestig_template,
            {
                "form": form,
                "klant": klant,
                "intakes": klant.intakes.count(),
                "contacten": klant.contactmomenten.count(),
                "trajecten": klant.trajecten.count(),
            },
            status=status,
        )
