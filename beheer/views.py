"""Beheer of one loket by its beheerder (Recht.LOKET_BEHEER): users, partner organisations,
settings and the change log. Always the beheerder's own loket; another loket's object is a 404."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from loket.access import Recht, RolVereistMixin
from loket.models import Gemeente, Organisatie, User

from . import selectors, services
from .forms import (
    GebruikerFilterForm,
    GebruikerForm,
    InstellingenForm,
    OrganisatieForm,
    RedenForm,
    UitnodigingForm,
    WijzigingFilterForm,
)
from .models import LoketInstelling
from .services import BeheerFout

PER_PAGINA = 25


def pagina_van(request, qs, per_pagina=PER_PAGINA):
    return Paginator(qs, per_pagina).get_page(request.GET.get("pagina"))


def query_zonder_pagina(request) -> str:
    return urlencode([(k, v) for k, v in request.GET.items() if k != "pagina"])


class BeheerMixin(RolVereistMixin):
    recht = Recht.LOKET_BEHEER


class BeheerIndexView(BeheerMixin, View):
    def get(self, request):
        gebruikers = User.objects.filter(loket=self.loket)
        context = {
            "aantal_actief": gebruikers.filter(is_active=True).count(),
            "aantal_inactief": gebruikers.filter(is_active=False).count(),
            "aantal_organisaties": Organisatie.objects.voor_loket(self.loket, actief=True).count(),
        }
        return render(request, "beheer/index.html", context)


class GebruikersView(BeheerMixin, View):
    def get(self, request):
        filter_form = GebruikerFilterForm(request.GET or None)
        filters = filter_form.cleaned_data if filter_form.is_valid() else {}
        qs = selectors.gebruikers(
            self.loket,
            zoek=filters.get("zoek", ""),
            rol=filters.get("rol", ""),
            status=filters.get("status", ""),
        )
        pagina = pagina_van(request, qs)
        geblokkeerd = selectors.geblokkeerde_namen(u.username for u in pagina.object_list)
        for gebruiker in pagina.object_list:
            gebruiker.geblokkeerd = gebruiker.username in geblokkeerd
        return render(
            request,
            "beheer/gebruikers.html",
            {"filter_form": filter_form, "pagina": pagina, "query": query_zonder_pagina(request)},
        )


class UitnodigenView(BeheerMixin, View):
    def get(self, request):
        return self.render(UitnodigingForm(loket=self.loket))

    def post(self, request):
        form = UitnodigingForm(request.POST, loket=self.loket)
        if form.is_valid():
            d = form.cleaned_data
            try:
                gebruiker = services.nodig_uit(
                    door=request.user,
                    loket=self.loket,
                    voornaam=d["voornaam"],
                    achternaam=d["achternaam"],
                    email=d["email"],
                    rol=d["rol"],
                    organisatie=d["organisatie"],
                )
            except BeheerFout as fout:
                form.add_error("email" if "e-mail" in str(fout) else None, str(fout))
            else:
                messages.success(
                    request,
                    f"{gebruiker} is uitgenodigd; de link is gemaild naar {gebruiker.email}.",
                )
                return redirect("beheer:gebruikers")
        return self.render(form, status=400)

    def render(self, form, status=200):
        return render(request=self.request, template_name="beheer/uitnodigen.html",
                      context={"form": form}, status=status)  # fmt: skip


class GebruikerView(BeheerMixin, View):
    """One user: change name, role and organisation; deactivate or reactivate; reset the second
    factor; lift a lockout; send a new invitation. The POST field `actie` says which."""

    ACTIES = {"wijzigen", "deactiveren", "reactiveren", "tweede_factor", "blokkade", "uitnodigen"}

    def gebruiker(self, pk):
        return get_object_or_404(
            User.objects.select_related("organisatie"), pk=pk, loket=self.loket
        )

    def get(self, request, pk):
        gebruiker = self.gebruiker(pk)
        return self.render(gebruiker)

    def post(self, request, pk):
        gebruiker = self.gebruiker(pk)
        actie = request.POST.get("actie", "")
        if actie not in self.ACTIES:
            messages.error(request, "Onbekende handeling; er is niets gewijzigd.")
            return self.render(gebruiker, status=400)
        formulieren = {}
        try:
            if actie == "wijzigen":
                form = GebruikerForm(request.POST, loket=self.loket)
                formulieren["form"] = form
                if not form.is_valid():
                    return self.render(gebruiker, status=400, **formulieren)
                d = form.cleaned_data
                services.wijzig_gebruiker(
                    door=request.user, gebruiker=gebruiker, voornaam=d["voornaam"],
                    achternaam=d["achternaam"], rol=d["rol"], organisatie=d["organisatie"],
                )  # fmt: skip
                messages.success(request, "De gegevens zijn opgeslagen.")
            elif actie in ("deactiveren", "tweede_factor"):
                form = RedenForm(request.POST, prefix=actie)
                formulieren[f"{actie}_form"] = form
                if not form.is_valid():
                    return self.render(gebruiker, status=400, **formulieren)
                if actie == "deactiveren":
                    services.deactiveer(
                        door=request.user, gebruiker=gebruiker, reden=form.cleaned_data["reden"]
                    )
                    messages.success(
                        request, f"{gebruiker} is gedeactiveerd; alle sessies zijn beëindigd."
                    )
                else:
                    link = services.reset_tweede_factor(
                        door=request.user, gebruiker=gebruiker, reden=form.cleaned_data["reden"]
                    )
                    if link is None:
                        messages.success(
                            request,
                            f"De tweede factor van {gebruiker} is gereset. Er is een link gemaild "
                            f"naar {gebruiker.email} om de authenticator-app opnieuw te koppelen.",
                        )
                    else:
                        messages.warning(
                            request,
                            f"De tweede factor van {gebruiker} is gereset. {gebruiker} heeft geen "
                            "e-mailadres: geef deze eenmalige link (72 uur geldig) persoonlijk door; "
                            f"hij wordt maar één keer getoond: {settings.SITE_URL}{link}",
                        )
            elif actie == "reactiveren":
                services.reactiveer(door=request.user, gebruiker=gebruiker)
                messages.success(request, f"{gebruiker} is weer actief.")
            elif actie == "blokkade":
                services.hef_blokkade_op(door=request.user, gebruiker=gebruiker)
                messages.success(request, f"De inlogblokkade van {gebruiker} is opgeheven.")
            elif actie == "uitnodigen":
                services.nodig_opnieuw_uit(door=request.user, gebruiker=gebruiker)
                messages.success(
                    request, f"Er is een nieuwe uitnodiging gemaild naar {gebruiker.email}."
                )
        except BeheerFout as fout:
            messages.error(request, str(fout))
            return self.render(self.gebruiker(pk), status=400, **formulieren)
        return redirect("beheer:gebruiker", pk=gebruiker.pk)

    def render(self, gebruiker, status=200, **formulieren):
        context = {
            "gebruiker": gebruiker,
            "form": GebruikerForm(
                loket=self.loket,
                initial={
                    "voornaam": gebruiker.first_name,
                    "achternaam": gebruiker.last_name,
                    "rol": gebruiker.rol,
                    "organisatie": gebruiker.organisatie_id,
                },
            ),
            "deactiveren_form": RedenForm(prefix="deactiveren"),
            "tweede_factor_form": RedenForm(prefix="tweede_factor"),
            "geblokkeerd": bool(selectors.geblokkeerde_namen([gebruiker.username])),
            "tweede_factor": gebruiker.totpdevice_set.filter(confirmed=True).exists(),
            "wijzigingen": selectors.wijzigingen(loket=self.loket)
            .filter(object_id=gebruiker.pk)
            .exclude(onderwerp__in=["organisatie", "instelling", "doelstelling", "loket", "regio"])[
                :20
            ],
            **formulieren,
        }
        return render(self.request, "beheer/gebruiker.html", context, status=status)


class OrganisatiesView(BeheerMixin, View):
    def get(self, request):
        return self.render(OrganisatieForm())

    def post(self, request):
        form = OrganisatieForm(request.POST)
        if form.is_valid():
            try:
                organisatie = services.organisatie_toevoegen(
                    door=request.user, loket=self.loket, **form.cleaned_data
                )
            except BeheerFout as fout:
                form.add_error("naam", str(fout))
            else:
                messages.success(request, f"{organisatie} is toegevoegd.")
                return redirect("beheer:organisaties")
        return self.render(form, status=400)

    def render(self, form, status=200):
        context = {
            "form": form,
            "organisaties": Organisatie.objects.voor_loket(self.loket).order_by("-actief", "naam"),
            "gemeenten": Gemeente.objects.filter(regio_id=self.loket.regio_id),
            "regio": self.loket.regio,
        }
        return render(self.request, "beheer/organisaties.html", context, status=status)


class OrganisatieView(BeheerMixin, View):
    def organisatie(self, pk):
        return get_object_or_404(Organisatie.objects.voor_loket(self.loket), pk=pk)

    def get(self, request, pk):
        organisatie = self.organisatie(pk)
        form = OrganisatieForm(initial={"naam": organisatie.naam, "type": organisatie.type})
        return self.render(organisatie, form)

    def post(self, request, pk):
        organisatie = self.organisatie(pk)
        actie = request.POST.get("actie", "wijzigen")
        if actie in ("activeren", "deactiveren"):
            services.organisatie_actief(
                door=request.user, organisatie=organisatie, actief=actie == "activeren"
            )
            messages.success(
                request,
                f"{organisatie} is {'geactiveerd' if actie == 'activeren' else 'gedeactiveerd'}.",
            )
            return redirect("beheer:organisaties")
        form = OrganisatieForm(request.POST)
        if form.is_valid():
            try:
                services.organisatie_wijzigen(
                    door=request.user, organisatie=organisatie, **form.cleaned_data
                )
            except BeheerFout as fout:
                form.add_error("naam", str(fout))
            else:
                messages.success(request, "De organisatie is opgeslagen.")
                return redirect("beheer:organisaties")
        return self.render(self.organisatie(pk), form, status=400)

    def render(self, organisatie, form, status=200):
        return render(self.request, "beheer/organisatie.html",
                      {"organisatie": organisatie, "form": form}, status=status)  # fmt: skip


class InstellingenView(BeheerMixin, View):
    def instance(self):
        return LoketInstelling.objects.voor_loket(self.loket).first() or LoketInstelling(
            loket=self.loket
        )

    def get(self, request):
        return self.render(InstellingenForm(instance=self.instance()))

    def post(self, request):
        form = InstellingenForm(request.POST, instance=self.instance())
        if form.is_valid():
            services.instellingen_wijzigen(
                door=request.user, loket=self.loket, waarden=form.cleaned_data
            )
            messages.success(request, "De instellingen zijn opgeslagen.")
            return redirect("beheer:instellingen")
        return self.render(form, status=400)

    def render(self, form, status=200):
        from loket.instellingen import standaardwaarden

        return render(self.request, "beheer/instellingen.html",
                      {"form": form, "standaard": standaardwaarden(self.loket)}, status=status)  # fmt: skip


def wijzigingen_pagina(request, *, loket, template="beheer/wijzigingen.html", extra=None):
    form = WijzigingFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.wijzigingen(
        loket=loket,
        onderwerp=filters.get("onderwerp", ""),
        zoek=filters.get("zoek", ""),
        van=filters.get("van"),
        tot=filters.get("tot"),
    )
    context = {
        "filter_form": form,
        "pagina": pagina_van(request, qs, per_pagina=50),
        "query": query_zonder_pagina(request),
        "alle_loketten": loket is None,
        **(extra or {}),
    }
    return render(request, template, context, status=400 if form.errors else 200)


class WijzigingenView(BeheerMixin, View):
    def get(self, request):
        return wijzigingen_pagina(request, loket=self.loket)
