"""Pages of the programme's quarterly PDF (issue 17): the list with the request form, the status
fragment HTMX polls, and the download. For users with PROGRAMMA_INZIEN (regio, landelijk).

Who sees which report: the national report (every loket) is the national publication, whose
cells every regional view publishes too (monitor/programma.py), so every programme user may read
it; a regional report only the users of that region. Who requests: landelijk the national
report, a regio user their own region's report (once the user has a region)."""

import logging

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from loket import perioden
from loket.access import Recht, RolVereistMixin
from loket.constants import Rol
from loket.datums import RedelijkeDatums
from loket.models import Regio

from .models import Programmarapport
from .rapport_views import KWARTAAL_KEUZES, _standaard_kwartaal, open_pdf, pdf_antwoord
from .services import vraag_programmarapport_aan

log = logging.getLogger(__name__)


class ProgrammarapportForm(RedelijkeDatums, forms.Form):
    jaar = forms.IntegerField(
        label="Jaar",
        min_value=2000,
        max_value=9999,
        error_messages={
            "required": "Vul een jaar in.",
            "invalid": "Vul een jaar in als getal, bijvoorbeeld 2026.",
            "min_value": "Kies een jaar vanaf 2000.",
            "max_value": "Kies een jaar tot en met 9999.",
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

    def __init__(self, *args, landelijk: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if landelijk:  # the programme chooses the scope; a regio user has one
            self.fields["regio"] = forms.ModelChoiceField(
                label="Bereik",
                queryset=Regio.objects.order_by("naam"),
                required=False,
                empty_label="Landelijk (alle loketten)",
                help_text="Of het rapport van één arbeidsmarktregio.",
                error_messages={"invalid_choice": "Kies een bestaande regio."},
            )

    def clean(self):
        data = super().clean()
        jaar, kwartaal = data.get("jaar"), data.get("kwartaal")
        if jaar is not None and kwartaal is not None:
            periode = perioden.kwartaal(jaar, kwartaal)
            # Only whole, ended quarters are published across loketten (as for the stuurgroep).
            if perioden.voor_stuurgroep(periode, timezone.localdate())[1]:
                raise forms.ValidationError(
                    "Dit kwartaal is nog niet afgesloten; een programmarapport gaat alleen over "
                    "een afgelopen kwartaal."
                )
        return data


def eigen_regio(user) -> Regio | None:
    """The region a regio user works for (the database guarantees one for that role)."""
    return user.regio if user.rol == Rol.REGIO else None


def zichtbaar(user):
    """The reports a programme user may read: the national ones, and their own region's; the
    landelijk programme every report (it sees every loket's published figures anyway)."""
    alle = Programmarapport.objects.select_related("regio", "aangevraagd_door")
    if user.rol == Rol.LANDELIJK:
        return alle
    regio = eigen_regio(user)
    filter_ = Q(regio__isnull=True)
    if regio is not None:
        filter_ |= Q(regio=regio)
    return alle.filter(filter_)


def aanvraagbereik(user) -> tuple[bool, Regio | None]:
    """(may request, scope): landelijk the national report (or a region it chooses in the
    form), a regio user their region's."""
    if user.rol == Rol.LANDELIJK:
        return True, None
    regio = eigen_regio(user)
    return regio is not None, regio


class ProgrammarapportenView(RolVereistMixin, View):
    recht = Recht.PROGRAMMA_INZIEN
    template_name = "monitor/programma_rapporten.html"

    def formulier(self, data=None):
        landelijk = self.request.user.rol == Rol.LANDELIJK
        return ProgrammarapportForm(data, initial=_standaard_kwartaal(), landelijk=landelijk)

    def get(self, request):
        return self.render(self.formulier())

    def post(self, request):
        mag, regio = aanvraagbereik(request.user)
        if not mag:
            raise PermissionDenied("U kunt geen programmarapport aanvragen.")
        form = self.formulier(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        regio = form.cleaned_data.get("regio") or regio
        rapport = vraag_programmarapport_aan(
            regio, form.cleaned_data["jaar"], form.cleaned_data["kwartaal"], request.user
        )
        messages.success(
            request,
            f"Het {rapport.bereik.lower()} rapport over {rapport.label} (versie {rapport.versie}) "
            "is aangevraagd. De status hieronder wordt vanzelf bijgewerkt.",
        )
        return redirect("monitor:programma_rapporten")

    def render(self, form, status=200):
        groepen: dict[str, list[Programmarapport]] = {}
        for rapport in zichtbaar(self.request.user):
            groepen.setdefault(f"{rapport.bereik} {rapport.label}", []).append(rapport)
        mag, regio = aanvraagbereik(self.request.user)
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "groepen": groepen,
                "mag_aanvragen": mag,
                "bereik": "landelijk" if regio is None else f"regio {regio}",
            },
            status=status,
        )


def _rapport(request, pk) -> Programmarapport:
    """A report the user may read; any other is a 404."""
    return get_object_or_404(zichtbaar(request.user), pk=pk)


class ProgrammarapportStatusView(RolVereistMixin, View):
    """The status cell HTMX polls every 2 s while the report is queued or being rendered."""

    recht = Recht.PROGRAMMA_INZIEN

    def get(self, request, pk):
        return render(
            request,
            "monitor/_programmarapport_status.html",
            {"rapport": _rapport(request, pk)},
        )


class ProgrammarapportDownloadView(RolVereistMixin, View):
    """The PDF, only through this view; logged."""

    recht = Recht.PROGRAMMA_INZIEN

    def get(self, request, pk):
        rapport = _rapport(request, pk)
        bestand = open_pdf(rapport)
        # Aggregates only, no client's data: no row in the verwerkingenlog (which is per loket,
        # and a programme user has none), but the application log records who took it.
        log.info("Programmarapport %s gedownload door gebruiker %s", rapport.pk, request.user.pk)
        return pdf_antwoord(rapport, bestand)
