"""The right of access (AVG art. 15): everything stored about one client, as one JSON file, for
the privacy officer (beheerder). The client's related rows are found through the model graph
(every table pointing to the client, and the tables pointing to those), so a new app's data is
included without a line here and clients need not import the apps built on it."""

import json

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from loket.access import Recht, RolVereistMixin
from loket.models import Verwerking
from loket.scope import LoketQuerySet

from .models import Klant

DIEPTE = 2  # the client's rows, and the rows hanging from those (a trajectory's events)


def _gerelateerd(model, veld: str, waarden, loket_id: int) -> list[dict]:
    """The rows of `model` pointing to `waarden`, within the client's loket (tenancy on every
    query: a tenant model through its scope, whatever its path to the loket)."""
    alle = model._default_manager.all()
    if isinstance(alle, LoketQuerySet):
        qs = alle.voor_loket(loket_id, **{veld: waarden})
    else:  # no loket's data of its own; reached only through the client's rows
        qs = alle.filter(**{veld: waarden})
    return list(qs.order_by("pk").values())


def _relaties(model):
    return [
        rel
        for rel in model._meta.related_objects
        if (rel.one_to_many or rel.one_to_one) and rel.field.concrete
    ]


def gegevens_van(klant: Klant) -> dict:
    """Everything stored about the client: its row, every row that points to it (and rows that
    point to those), and the access log's rows about it. One query per table, not per row."""
    gegevens: dict[str, list[dict]] = {}
    uit: dict[str, object] = {
        "klant": Klant.objects.voor_loket(klant.loket_id, pk=klant.pk).values().get(),
        "gegevens": gegevens,
    }
    lagen = [(Klant, [klant.pk])]
    for _ in range(DIEPTE):
        volgende = []
        for model, ids in lagen:
            for rel in _relaties(model):
                doel = rel.related_model
                if doel is Klant or not ids:
                    continue
                rijen = _gerelateerd(doel, f"{rel.field.name}__in", ids, klant.loket_id)
                if not rijen:
                    continue
                naam = f"{doel._meta.app_label}.{doel._meta.model_name}"
                gegevens.setdefault(naam, []).extend(rijen)
                volgende.append((doel, [r["id"] for r in rijen if "id" in r]))
        lagen = volgende
    uit["verwerkingen"] = list(
        Verwerking.objects.voor_loket(klant.loket_id, klant_id=klant.pk)
        .order_by("tijdstip", "pk")
        .values("tijdstip", "gebruiker__username", "actie", "onderwerp", "grondslag")
    )
    return uit


class InzageverzoekForm(forms.Form):
    klantnummer = forms.CharField(
        label="Klantnummer",
        max_length=20,
        error_messages={"required": "Vul het klantnummer in."},
    )
    reden = forms.CharField(
        label="Kenmerk van het verzoek",
        max_length=200,
        help_text="Bijvoorbeeld: inzageverzoek per brief van 12-03-2026, kenmerk AVG-2026-015.",
        error_messages={"required": "Vul het kenmerk van het verzoek in."},
    )

    def __init__(self, *args, loket, **kwargs):
        super().__init__(*args, **kwargs)
        self.loket = loket

    def clean_klantnummer(self):
        nummer = self.cleaned_data["klantnummer"].strip().upper()
        self.klant = Klant.objects.voor_loket(self.loket, klantnummer=nummer).first()
        if self.klant is None:
            raise forms.ValidationError("Geen klant met dit klantnummer in uw loket.")
        return nummer


class InzageverzoekView(RolVereistMixin, View):
    recht = Recht.PRIVACY
    template_name = "clients/inzageverzoek.html"

    def get(self, request):
        form = InzageverzoekForm(loket=self.loket)
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = InzageverzoekForm(request.POST, loket=self.loket)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        klant = form.klant
        inhoud = {
            "toelichting": "Alle gegevens die het leerwerkloket over deze klant bewaart "
            "(AVG artikel 15), inclusief wie de gegevens heeft ingezien of gewijzigd.",
            "loket": self.loket.naam,
            "aangemaakt_op": timezone.now(),
            **gegevens_van(klant),
        }
        Verwerking.objects.create(
            loket=self.loket,
            gebruiker=request.user,
            klant_id=klant.pk,
            actie=Verwerking.Actie.GEEXPORTEERD,
            onderwerp=f"inzageverzoek: {form.cleaned_data['reden']}"[:200],
        )
        response = HttpResponse(
            json.dumps(inhoud, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="inzage-{klant.klantnummer}.json"'
        return response
