"""Employer pages: list with search and filters, create/edit, detail with contact history, and
recording a werkgeverscontact. For werkcoach and projectleider of the employer's own loket."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from loket.access import Recht, RolVereistMixin

from .models import Werkgever
from .werkgever_forms import WerkgeverFilterForm, WerkgeverForm, WerkgeverscontactForm

PAGINA_GROOTTE = 25


def werkgevers_van(loket):
    return Werkgever.objects.voor_loket(loket)


class WerkgeverScopeMixin(RolVereistMixin):
    recht = Recht.KLANTWERK
    kwargs: dict[str, Any]  # set by View.setup

    def get_werkgever(self) -> Werkgever:
        return get_object_or_404(
            werkgevers_van(self.loket).select_related("gemeente"), pk=self.kwargs["pk"]
        )


class WerkgeverListView(RolVereistMixin, View):
    recht = Recht.KLANTWERK

    def get(self, request):
        form = WerkgeverFilterForm(request.GET or None, loket=self.loket)
        filters = form.cleaned_data if form.is_valid() else {}
        qs = (
            werkgevers_van(self.loket)
            .select_related("gemeente")
            .annotate(aantal_contacten=Count("contacten"), laatste_contact=Max("contacten__datum"))
        )
        zoekterm = filters.get("q", "").strip()
        if zoekterm:
            qs = qs.filter(Q(naam__icontains=zoekterm) | Q(kvk_nummer=zoekterm.replace(" ", "")))
        if filters.get("erkend"):
            qs = qs.filter(erkend_leerbedrijf=filters["erkend"] == "ja")
        if filters.get("gemeente"):
            qs = qs.filter(gemeente=filters["gemeente"])
        pagina = Paginator(qs.order_by("naam", "pk"), PAGINA_GROOTTE).get_page(
            request.GET.get("pagina")
        )
        query = request.GET.copy()
        query.pop("pagina", None)
        return render(
            request,
            "werkgevers/werkgever_list.html",
            {"form": form, "pagina": pagina, "query": query.urlencode()},
        )


class WerkgeverFormView(RolVereistMixin, View):
    """Create (no pk) or edit (pk) an employer."""

    recht = Recht.KLANTWERK

    def get_instance(self):
        if "pk" in self.kwargs:
            return get_object_or_404(werkgevers_van(self.loket), pk=self.kwargs["pk"])
        return Werkgever(loket=self.loket)

    def get(self, request, pk=None):
        werkgever = self.get_instance()
        return self.render(WerkgeverForm(instance=werkgever, loket=self.loket))

    def post(self, request, pk=None):
        werkgever = self.get_instance()
        form = WerkgeverForm(request.POST, instance=werkgever, loket=self.loket)
        if form.is_valid():
            try:
                with transaction.atomic():
                    werkgever = form.save()
            except IntegrityError:
                # Two people registering the same KvK number at the same moment.
                form.add_error(
                    "kvk_nummer", "Er staat al een werkgever met dit KvK-nummer in uw loket."
                )
            else:
                messages.success(request, f"Werkgever {werkgever.naam} is opgeslagen.")
                return redirect("werkgevers:detail", werkgever.pk)
        return self.render(form, status=400)

    def render(self, form, status=200):
        nieuw = form.instance.pk is None
        return render(
            self.request,
            "werkgevers/werkgever_form.html",
            {
                "form": form,
                "werkgever": None if nieuw else form.instance,
                "titel": "Nieuwe werkgever" if nieuw else "Werkgever wijzigen",
            },
            status=status,
        )


class WerkgeverDetailView(WerkgeverScopeMixin, View):
    def get(self, request, pk):
        werkgever = self.get_werkgever()
        contacten = werkgever.contacten.select_related("organisatie", "medewerker")
        return render(
            request,
            "werkgevers/werkgever_detail.html",
            {"werkgever": werkgever, "contacten": contacten},
        )


class WerkgeverscontactCreateView(WerkgeverScopeMixin, View):
    def get(self, request, pk):
        werkgever = self.get_werkgever()
        form = WerkgeverscontactForm(loket=self.loket, initial={"datum": timezone.localdate()})
        return self.render(werkgever, form)

    def post(self, request, pk):
        werkgever = self.get_werkgever()
        form = WerkgeverscontactForm(request.POST, loket=self.loket)
        if not form.is_valid():
            return self.render(werkgever, form, status=400)
        contact = form.save(commit=False)
        contact.loket = self.loket
        contact.werkgever = werkgever
        contact.medewerker = request.user
        contact.save()
        messages.success(request, "Het werkgeverscontact is vastgelegd.")
        return redirect(reverse("werkgevers:detail", args=[werkgever.pk]))

    def render(self, werkgever, form, status=200):
        return render(
            self.request,
            "werkgevers/werkgeverscontact_form.html",
            {"form": form, "werkgever": werkgever},
            status=status,
        )
