"""Forms of the trajectory pages. Every error is Dutch; stage changes go through services."""

import datetime
from decimal import Decimal

from crispy_forms.layout import Div
from django import forms
from django.utils import timezone

from clients.forms import DateInput, formulier_helper, niet_in_toekomst, rij
from clients.models import Werkgever
from loket.constants import Rol
from loket.datums import RedelijkeDatums
from loket.models import Gemeente, Loket, Organisatie, User
from loket.velden import BedragVeld
from loket.widgets import SnelleKeuzelijsten

from .constants import BronVanFinanciering, FinancieringsStatus, Status, TrajectType, Uitkomst
from .models import AANBIEDER_TYPES, STAPPEN, FinancieringsRegel, Kwalificatie, Traject
from .services import max_terugdateren


def _binnen_terugdateer_grens(datum: datetime.date | None, loket=None) -> None:
    niet_in_toekomst(datum, "datum")
    grens = max_terugdateren(loket)
    if datum and datum < timezone.localdate() - grens:
        raise forms.ValidationError(f"De datum mag hoogstens {grens.days} dagen geleden zijn.")


def _begeleiders(loket: Loket):
    return User.objects.filter(
        loket=loket, rol__in=[Rol.WERKCOACH, Rol.PROJECTLEIDER], is_active=True
    ).order_by("last_name", "first_name")


def _aanbieders(loket: Loket):
    return Organisatie.objects.voor_loket(loket, type__in=AANBIEDER_TYPES, actief=True)


class TrajectForm(RedelijkeDatums, SnelleKeuzelijsten, forms.ModelForm):
    """Start (with type and sign-up date) or edit a trajectory; never its stage."""

    datum_aanmelding = forms.DateField(label="Datum aanmelding", widget=DateInput())
    kosten_raming = BedragVeld(
        label="Geraamde kosten",
        min_waarde=Decimal("0"),
        initial=Decimal("0.00"),
        help_text="In euro's, met een komma voor de centen, bijvoorbeeld 1.250,50.",
    )

    class Meta:
        model = Traject
        fields = [
            "type",
            "kwalificatie",
            "aanbieder",
            "leerbedrijf",
            "begeleider",
            "gepland_start",
            "gepland_eind",
            "kosten_raming",
        ]
        widgets = {"gepland_start": DateInput(), "gepland_eind": DateInput()}

    def __init__(self, *args, loket: Loket, nieuw: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.loket = loket
        self.fields["kwalificatie"].queryset = Kwalificatie.objects.filter(actief=True)
        self.fields["aanbieder"].queryset = _aanbieders(loket)
        self.fields["aanbieder"].empty_label = "Nog niet bekend"
        self.fields["leerbedrijf"].queryset = Werkgever.objects.voor_loket(loket).order_by(
            "-erkend_leerbedrijf", "naam"
        )
        self.fields["leerbedrijf"].empty_label = "Nog geen leerbedrijf"
        self.fields["leerbedrijf"].label_from_instance = lambda w: (
            f"{w.naam} ({'erkend leerbedrijf' if w.erkend_leerbedrijf else 'niet erkend'})"
        )
        self.fields["begeleider"].queryset = _begeleiders(loket)
        self.fields["type"].choices = [("", "Kies het soort traject"), *TrajectType.choices]
        self.fields[
            "datum_aanmelding"
        ].help_text = (
            f"Mag tot {max_terugdateren(loket).days} dagen terug liggen, niet in de toekomst."
        )
        if not nieuw:
            del self.fields["type"]
            del self.fields["datum_aanmelding"]
        self.helper = formulier_helper(
            Div(
                *([Div("type", css_class="col-md-4")] if nieuw else []),
                Div("kwalificatie", css_class="col-md-8"),
                css_class="row",
            ),
            rij(("aanbieder", 6), ("leerbedrijf", 6)),
            Div(
                Div("begeleider", css_class="col-md-4"),
                *([Div("datum_aanmelding", css_class="col-md-4")] if nieuw else []),
                Div("kosten_raming", css_class="col-md-4"),
                css_class="row",
            ),
            rij(("gepland_start", 6), ("gepland_eind", 6)),
        )

    def clean_datum_aanmelding(self):
        datum = self.cleaned_data["datum_aanmelding"]
        _binnen_terugdateer_grens(datum, self.loket)
        return datum

    def clean(self):
        cleaned = super().clean()
        soort = cleaned.get("type", self.instance.type if self.instance.pk else "")
        if cleaned.get("leerbedrijf") and soort and soort != TrajectType.DUAAL:
            self.add_error("leerbedrijf", "Alleen een duaal/BBL-traject heeft een leerbedrijf.")
        start, eind = cleaned.get("gepland_start"), cleaned.get("gepland_eind")
        if start and eind and eind < start:
            self.add_error("gepland_eind", "Het geplande einde ligt voor de geplande start.")
        return cleaned


class StapForm(RedelijkeDatums, forms.Form):
    """One stage change, posted by one of the step buttons (name="stap")."""

    stap = forms.ChoiceField(choices=list(STAPPEN.items()))
    verwacht = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)
    datum = forms.DateField(label="Datum", widget=DateInput(), help_text="Leeg laten voor vandaag.")
    uitkomst = forms.ChoiceField(
        label="Uitkomst (alleen bij afronden)",
        required=False,
        choices=[("", "Vanzelf: passend bij de stap"), *Uitkomst.choices],
    )
    reden = forms.CharField(label="Toelichting", required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_stap_%s")
        super().__init__(*args, **kwargs)
        self.fields["datum"].required = False
        self.fields["uitkomst"].widget.attrs["class"] = "form-select"
        self.fields["stap"].error_messages["invalid_choice"] = "Onbekende stap."

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        _binnen_terugdateer_grens(datum)
        return datum

    def clean(self):
        cleaned = super().clean()
        # Breaking off is a decision the next reader needs to understand: it needs a reason.
        if cleaned.get("stap") in STAPPEN_MET_REDEN and not cleaned.get("reden", "").strip():
            self.add_error("reden", STAPPEN_MET_REDEN[cleaned["stap"]])
        return cleaned


STAPPEN_MET_REDEN = {
    "breek_af": "Vul bij Toelichting de reden in waarom het traject wordt afgebroken.",
    "stop_voortijdig": "Vul bij Toelichting de reden in waarom de klant voortijdig stopt.",
}


class CorrectieForm(forms.Form):
    gebeurtenis = forms.IntegerField(widget=forms.HiddenInput)
    reden = forms.CharField(label="Reden van de correctie", max_length=500)


class FinancieringsRegelForm(SnelleKeuzelijsten, forms.ModelForm):
    class Meta:
        model = FinancieringsRegel
        fields = ["bron", "organisatie", "bedrag", "status", "omschrijving"]
        field_classes = {"bedrag": BedragVeld}

    def __init__(self, *args, loket: Loket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = Organisatie.objects.voor_loket(loket, actief=True)
        self.fields["organisatie"].empty_label = "Geen partnerorganisatie"
        self.fields["bron"].choices = [("", "Kies de bron"), *BronVanFinanciering.choices]
        self.fields["status"].choices = FinancieringsStatus.choices
        self.fields[
            "bedrag"
        ].help_text = "In euro's, met een komma voor de centen, bijvoorbeeld 1.250,50."
        self.helper = formulier_helper(
            rij(("bron", 4), ("organisatie", 4), ("bedrag", 4)),
            rij(("status", 4), ("omschrijving", 8)),
        )


class TrajectFilterForm(RedelijkeDatums, SnelleKeuzelijsten, forms.Form):
    type = forms.ChoiceField(
        label="Soort", required=False, choices=[("", "Alle soorten"), *TrajectType.choices]
    )
    status = forms.ChoiceField(
        label="Stadium", required=False, choices=[("", "Alle stadia"), *Status.choices]
    )
    aanbieder = forms.ModelChoiceField(
        label="Aanbieder", required=False, queryset=Organisatie.objects.none(), empty_label="Alle"
    )
    begeleider = forms.ModelChoiceField(
        label="Begeleider", required=False, queryset=User.objects.none(), empty_label="Alle"
    )
    gemeente = forms.ModelChoiceField(
        label="Woongemeente", required=False, queryset=Gemeente.objects.none(), empty_label="Alle"
    )
    van = forms.DateField(label="Aangemeld vanaf", required=False, widget=DateInput())
    tot = forms.DateField(label="Aangemeld tot en met", required=False, widget=DateInput())
    stil = forms.BooleanField(label="Alleen stilstaande trajecten", required=False)

    def __init__(self, *args, loket: Loket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aanbieder"].queryset = _aanbieders(loket)
        self.fields["begeleider"].queryset = _begeleiders(loket)
        self.fields["gemeente"].queryset = Gemeente.objects.filter(regio_id=loket.regio_id)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("van") and cleaned.get("tot") and cleaned["van"] > cleaned["tot"]:
            self.add_error("tot", "De einddatum ligt voor de begindatum.")
        return cleaned


class KwalificatieForm(forms.ModelForm):
    class Meta:
        model = Kwalificatie
        fields = ["crebo", "naam", "niveau", "actief"]
        help_texts = {"crebo": "5 cijfers, bijvoorbeeld 25491."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["niveau"] = forms.TypedChoiceField(
            label="Mbo-niveau",
            coerce=int,
            choices=[("", "Kies het niveau")] + [(n, f"Niveau {n}") for n in range(1, 5)],
        )
        self.fields["crebo"].error_messages["unique"] = (
            "Er bestaat al een kwalificatie met deze opleidingscode."
        )
        self.helper = formulier_helper(rij(("crebo", 2), ("naam", 6), ("niveau", 2), ("actief", 2)))
