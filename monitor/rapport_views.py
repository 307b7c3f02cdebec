"""Quarterly report pages: the list of a loket's reports (projectleider and stuurgroep), the
projectleider's request form, the status fragment that HTMX polls, and the download."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from loket import perioden
from loket.access import Recht, RolVereistMixin, mag
from loket.audit import log_verwerking
from loket.datums import RedelijkeDatums
from loket.models import Verwerking

from .models import Kwartaalrapport
from .services import vraag_rapport_aan

KWARTAAL_KEUZES = [(1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")]


class RapportAanvraagForm(RedelijkeDatums, forms.Form):
    jaar = forms.IntegerField(
        label="Jaar",
        min_value=2000,
        error_messages={
            "required": "Vul een jaar in.",
            "invalid": "Vul een jaar in als getal, bijvoorbeeld 2026.",
            "min_value": "Kies een jaar vanaf 2000.",
        },
    )
    kwartaal = forms.TypedChoiceField(
        label="Kwartaal",
        choices=KWARTAAL_KEUZES,
        coerce=int,
        error_messages={
            "required": "Kies een kwartaal.",
            "invalid_choice": "Kies een kwartaal van Q1 tot en met Q4.",
        },
    )

    peildatum = forms.DateField(
        label="Peildatum (optioneel)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Cijfers zoals bekend aan het eind van deze dag. Leeg: bij de afsluiting van "
        "het kwartaal (definitief), of nu als het kwartaal nog open is (voorlopig).",
        error_messages={"invalid": "Vul een geldige datum in (dd-mm-jjjj)."},
    )

    def clean(self):
        data = super().clean()
        jaar, kwartaal = data.get("jaar"), data.get("kwartaal")
        if jaar is not None and kwartaal is not None:
            periode = perioden.kwartaal(jaar, kwartaal) if jaar <= 9999 else None
            if periode is None or periode.van > timezone.localdate():
                raise forms.ValidationError(
                    "Dit kwartaal is nog niet begonnen; een rapport kan alleen over een "
                    "lopend of afgelopen kwartaal gaan."
                )
            peildatum = data.get("peildatum")
            if peildatum and peildatum < periode.van:
                self.add_error("peildatum", "De peildatum ligt voor het begin van het kwartaal.")
            elif peildatum and peildatum > timezone.localdate():
                self.add_error("peildatum", "De peildatum ligt in de toekomst.")
        return data


def _standaard_kwartaal():
    vorig = perioden.vorig_kwartaal(timezone.localdate())
    return {"jaar": vorig.jaar, "kwartaal": perioden.kwartaal_van(vorig.tot)}


class RapportenView(RolVereistMixin, View):
    """Every version of every quarterly report of the loket; the projectleider also requests."""

    recht = Recht.MONITOR_INZIEN
    template_name = "monitor/rapporten.html"

    def get(self, request):
        return self.render(RapportAanvraagForm(initial=_standaard_kwartaal()))

    def post(self, request):
        if not mag(request.user, Recht.MONITOR_BEHEREN):
            raise PermissionDenied("Alleen de projectleider kan een rapport aanvragen.")
        form = RapportAanvraagForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        rapport = vraag_rapport_aan(
            self.loket,
            form.cleaned_data["jaar"],
            form.cleaned_data["kwartaal"],
            request.user,
            peildatum=form.cleaned_data.get("peildatum"),
        )
        messages.success(
            request,
            f"Het rapport over {rapport.label} (versie {rapport.versie}) is aangevraagd. "
            "De status hieronder wordt vanzelf bijgewerkt.",
        )
        return redirect("monitor:rapporten")

    def render(self, form, status=200):
        rapporten = Kwartaalrapport.objects.voor_loket(self.loket).select_related(
            "loket", "aangevraagd_door"
        )
        groepen: dict[str, list[Kwartaalrapport]] = {}
        for rapport in rapporten:
            groepen.setdefault(rapport.label, []).append(rapport)
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "groepen": groepen,
                "mag_aanvragen": mag(self.request.user, Recht.MONITOR_BEHEREN),
            },
            status=status,
        )


def open_pdf(rapport):
    """The finished PDF of a report of either kind (Rapportopdracht), opened; 404 otherwise."""
    if rapport.status != rapport.Status.KLAAR or not rapport.bestand:
        raise Http404("Dit rapport is (nog) niet beschikbaar.")
    try:
        return rapport.bestand.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Het bestand van dit rapport ontbreekt.") from exc


def pdf_antwoord(rapport, bestand) -> FileResponse:
    return FileResponse(
        bestand, as_attachment=True, filename=rapport.bestandsnaam, content_type="application/pdf"
    )


def _rapport(view, pk) -> Kwartaalrapport:
    """A report of the user's own loket; any other loket's report is a 404."""
    return get_object_or_404(
        Kwartaalrapport.objects.voor_loket(view.loket).select_related("loket", "aangevraagd_door"),
        pk=pk,
    )


class RapportStatusView(RolVereistMixin, View):
    """The status cell of one report: HTMX polls it every 2 s while the report is queued or
    being rendered; once it is ready (or failed) the fragment stops polling."""

    recht = Recht.MONITOR_INZIEN

    def get(self, request, pk):
        return render(request, "monitor/_rapport_status.html", {"rapport": _rapport(self, pk)})


class RapportDownloadView(RolVereistMixin, View):
    """The PDF, only through this view: own loket, projectleider or stuurgroep; logged."""

    recht = Recht.MONITOR_INZIEN

    def get(self, request, pk):
        rapport = _rapport(self, pk)
        bestand = open_pdf(rapport)
        log_verwerking(
            request,
            Verwerking.Actie.GEEXPORTEERD,
            f"kwartaalrapport {rapport.label} versie {rapport.versie} gedownload",
            [None],  # aggregates only: no client's data
        )
        return pdf_antwoord(rapport, bestand)
