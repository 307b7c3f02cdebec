"""Beheer of the installation (Recht.INSTALLATIE_BEHEER, the functioneel beheerder): regions and
their gemeenten, loketten, and the invitation of a new loket's first beheerder."""

from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.views import View

from loket.access import Recht, RolVereistMixin
from loket.constants import Rol
from loket.models import Loket, Regio

from . import services
from .forms import (
    EersteBeheerderForm,
    GemeenteForm,
    LoketForm,
    ProgrammagebruikerForm,
    RegioForm,
)
from .services import BeheerFout
from .views import wijzigingen_pagina


class InstallatieMixin(RolVereistMixin):
    recht = Recht.INSTALLATIE_BEHEER


class InstallatieIndexView(InstallatieMixin, View):
    def get(self, request):
        loketten = Loket.objects.select_related("regio").annotate(
            beheerders=Count(
                "gebruikers",
                filter=Q(gebruikers__rol=Rol.BEHEERDER, gebruikers__is_active=True),
            ),
            gebruikers_aantal=Count("gebruikers", filter=Q(gebruikers__is_active=True)),
        )
        regios = Regio.objects.annotate(
            aantal_gemeenten=Count("gemeenten", distinct=True),
            aantal_loketten=Count("loketten", distinct=True),
        )
        return render(request, "installatie/index.html", {"loketten": loketten, "regios": regios})

    def post(self, request):
        """Deactivate or reactivate a loket (its data stays; the quarterly reports skip it)."""
        actie, pk = request.POST.get("actie"), request.POST.get("loket", "")
        loket = (
            Loket.objects.filter(pk=int(pk)).first()
            if pk.isascii() and pk.isdigit() and len(pk) < 18
            else None
        )
        if loket is None or actie not in ("activeren", "deactiveren"):
            messages.error(request, "Onbekend loket of onbekende handeling; er is niets gewijzigd.")
            return redirect("installatie:index")
        services.loket_actief(door=request.user, loket=loket, actief=actie == "activeren")
        messages.success(
            request, f"{loket} is {'geactiveerd' if actie == 'activeren' else 'gedeactiveerd'}."
        )
        return redirect("installatie:index")


class FormulierView(InstallatieMixin, View):
    """One form, one service; subclasses say which."""

    form_class: type[forms.BaseForm] | None = None
    titel = ""
    uitleg = ""
    knop = "Opslaan"

    def get(self, request):
        return self.render(self.form_class())

    def post(self, request):
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                melding = self.opslaan(form.cleaned_data)
            except BeheerFout as fout:
                form.add_error(None, str(fout))
            else:
                messages.success(request, melding)
                return redirect("installatie:index")
        return self.render(form, status=400)

    def render(self, form, status=200):
        context = {"form": form, "titel": self.titel, "uitleg": self.uitleg, "knop": self.knop}
        return render(self.request, "installatie/formulier.html", context, status=status)


class RegioNieuwView(FormulierView):
    form_class = RegioForm
    titel = "Arbeidsmarktregio toevoegen"
    knop = "Regio toevoegen"

    def opslaan(self, d):
        regio = services.regio_toevoegen(door=self.request.user, naam=d["naam"], code=d["code"])
        return f"Regio {regio} is toegevoegd."


class GemeenteNieuwView(FormulierView):
    form_class = GemeenteForm
    titel = "Gemeente toevoegen"
    knop = "Gemeente toevoegen"

    def opslaan(self, d):
        gemeente = services.gemeente_toevoegen(door=self.request.user, **d)
        return f"Gemeente {gemeente} is toegevoegd aan {gemeente.regio}."


class LoketNieuwView(FormulierView):
    form_class = LoketForm
    titel = "Loket toevoegen"
    uitleg = "Nodig daarna de eerste beheerder van het loket uit."
    knop = "Loket toevoegen"

    def opslaan(self, d):
        loket = services.loket_toevoegen(door=self.request.user, **d)
        return f"{loket} is toegevoegd. Nodig nu de eerste beheerder uit."


class BeheerderUitnodigenView(FormulierView):
    form_class = EersteBeheerderForm
    titel = "Beheerder van een loket uitnodigen"
    uitleg = (
        "De beheerder krijgt een link per e-mail (72 uur geldig) om een wachtwoord te kiezen en "
        "een authenticator-app te koppelen. Daarna nodigt de beheerder de medewerkers van het loket uit."
    )
    knop = "Uitnodiging versturen"

    def opslaan(self, d):
        gebruiker = services.nodig_uit(
            door=self.request.user,
            loket=d["loket"],
            voornaam=d["voornaam"],
            achternaam=d["achternaam"],
            email=d["email"],
            rol=Rol.BEHEERDER,
        )
        return f"{gebruiker} is uitgenodigd als beheerder van {d['loket']}."


class ProgrammagebruikerUitnodigenView(FormulierView):
    form_class = ProgrammagebruikerForm
    titel = "Programmagebruiker uitnodigen"
    uitleg = (
        "Een landelijke gebruiker ziet de beschermde cijfers van alle loketten, een regionale die "
        "van de loketten in één arbeidsmarktregio; geen van beiden ziet ooit een klant. De "
        "uitgenodigde krijgt een link per e-mail (72 uur geldig) om een wachtwoord te kiezen en "
        "een authenticator-app te koppelen."
    )
    knop = "Uitnodiging versturen"

    def opslaan(self, d):
        gebruiker = services.nodig_uit(
            door=self.request.user,
            loket=None,
            voornaam=d["voornaam"],
            achternaam=d["achternaam"],
            email=d["email"],
            rol=d["rol"],
            regio=d["regio"] if d["rol"] == Rol.REGIO else None,
        )
        waar = f" voor {d['regio']}" if d["rol"] == Rol.REGIO else ""
        return f"{gebruiker} is uitgenodigd als {gebruiker.get_rol_display()}{waar}."


class InstallatieWijzigingenView(InstallatieMixin, View):
    def get(self, request):
        return wijzigingen_pagina(request, loket=None)
