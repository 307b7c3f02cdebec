"""Forms of the monitor pages, with Dutch labels and errors."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from clients.forms import DateInput, niet_in_toekomst
from loket.datums import RedelijkeDatums
from loket.models import Organisatie
from loket.velden import DecimaalVeld
from loket.widgets import SnelleKeuzelijsten

from .constants import Stoplicht
from .indicatoren import KEUZES
from .models import (
    Actie,
    Doelstelling,
    JaarplanDoel,
    Kwartaaltoelichting,
    Prestatie,
    Tevredenheidsmeting,
)

KWARTAAL_KEUZES = [(1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")]


class DoelstellingForm(RedelijkeDatums, forms.ModelForm):
    indicator = forms.ChoiceField(label="Indicator", choices=KEUZES)
    streefwaarde = DecimaalVeld(
        label="Streefwaarde",
        decimalen=2,
        min_waarde=0,
        max_waarde=Decimal("9999999999.99"),
        help_text="Voor aantallen: het totaal op de streefdatum (cumulatief vanaf de startdatum). "
        "Voor cijfers en percentages: het niveau dat gehaald moet worden, met een komma "
        "(bijv. 6,8).",
    )
    marge_pct = DecimaalVeld(
        label="Marge oranje (%)",
        decimalen=2,
        min_waarde=0,
        max_waarde=100,
        initial=Decimal("10"),
        voorbeeld="10 of 7,5",
        help_text="Tot zoveel procent onder de verwachte waarde is het stoplicht oranje, "
        "bijvoorbeeld 10 of 7,5.",
    )

    class Meta:
        model = Doelstelling
        fields = [
            "indicator",
            "omschrijving",
            "startdatum",
            "einddatum",
            "streefwaarde",
            "marge_pct",
        ]
        widgets = {"startdatum": DateInput(), "einddatum": DateInput()}

    def clean(self):
        cleaned = super().clean()
        start, eind = cleaned.get("startdatum"), cleaned.get("einddatum")
        if start and eind and eind <= start:
            self.add_error("einddatum", "De streefdatum moet na de startdatum liggen.")
        return cleaned


class TevredenheidForm(SnelleKeuzelijsten, RedelijkeDatums, forms.ModelForm):
    score = DecimaalVeld(
        label="Gemiddeld cijfer",
        decimalen=1,
        min_waarde=1,
        max_waarde=10,
        help_text="Rapportcijfer van 1 tot en met 10, met een komma: bijvoorbeeld 7,4.",
    )

    class Meta:
        model = Tevredenheidsmeting
        fields = ["soort", "datum", "score", "respondenten", "bron"]
        widgets = {"datum": DateInput()}

    def clean_datum(self):
        niet_in_toekomst(self.cleaned_data["datum"], "datum")
        return self.cleaned_data["datum"]


class JaarplanDoelForm(forms.ModelForm):
    class Meta:
        model = JaarplanDoel
        fields = ["titel", "meetbaar_resultaat", "volgorde"]


class PrestatieForm(SnelleKeuzelijsten, forms.ModelForm):
    gereed_kwartaal = forms.TypedChoiceField(
        label="Gereed in kwartaal", choices=KWARTAAL_KEUZES, coerce=int
    )

    class Meta:
        model = Prestatie
        fields = [
            "doel",
            "omschrijving",
            "trekker_organisatie",
            "trekker_persoon",
            "gereed_jaar",
            "gereed_kwartaal",
        ]

    def __init__(self, *args, loket, jaar, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["doel"].queryset = JaarplanDoel.objects.voor_loket(loket, jaar=jaar)
        self.fields["trekker_organisatie"].queryset = Organisatie.objects.voor_loket(loket)
        self.fields["gereed_jaar"].initial = jaar

    def clean_gereed_jaar(self):
        jaar = self.cleaned_data["gereed_jaar"]
        if not 2000 <= jaar <= 2100:
            raise forms.ValidationError("Vul een jaar tussen 2000 en 2100 in.")
        return jaar


class StatusForm(SnelleKeuzelijsten, forms.Form):
    prestatie = forms.ModelChoiceField(label="Prestatie", queryset=Prestatie.objects.none())
    stoplicht = forms.ChoiceField(label="Status", choices=Stoplicht.choices)
    toelichting = forms.CharField(
        label="Toelichting", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, loket, jaar, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prestatie"].queryset = Prestatie.objects.voor_loket(loket, doel__jaar=jaar)


class ActieForm(RedelijkeDatums, forms.ModelForm):
    class Meta:
        model = Actie
        fields = ["actie", "wie", "wanneer", "opmerking"]
        widgets = {"wanneer": DateInput()}


class KwartaaltoelichtingForm(forms.ModelForm):
    class Meta:
        model = Kwartaaltoelichting
        fields = ["samenwerking", "knelpunten", "vooruitblik"]
        widgets = {
            f: forms.Textarea(attrs={"rows": 5})
            for f in ["samenwerking", "knelpunten", "vooruitblik"]
        }
        help_texts = {
            "samenwerking": "Hoe verliep de samenwerking tussen de partners dit kwartaal?",
            "knelpunten": "Wat liep niet volgens plan, en waarom?",
            "vooruitblik": "Wat gaat er volgend kwartaal gebeuren?",
        }


def vandaag():
    return timezone.localdate()
