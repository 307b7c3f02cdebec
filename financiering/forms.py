"""Forms of the ledger pages. Amounts are typed the Dutch way (75.000 or 1.500,50); every error is
Dutch and keeps what was typed."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from loket.datums import RedelijkeDatums
from loket.models import Loket, Organisatie
from loket.widgets import SnelleKeuzelijsten

from .constants import BoekingSoort, Financieringssoort, Kostencategorie, NormBasis, Vorm
from .geld import parse_bedrag, rond_af
from .models import Begroting, Financieringsbron, Kostenpost, Tarief

MAX_IMPORT_BYTES = 2 * 1024 * 1024


class DateInput(forms.DateInput):
    """The browser's own date picker, sent as yyyy-mm-dd (as on the client pages)."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _helper(*velden) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if velden:
        helper.layout = Layout(*velden)
    return helper


class BedragField(forms.CharField):
    """An amount in euros as people type it; cleaned to a Decimal in cents."""

    MAX_TEKENS = 30

    def __init__(self, *, positief: bool = True, **kwargs):
        kwargs.setdefault("help_text", "Bijvoorbeeld 75.000 of 1.500,50.")
        super().__init__(**kwargs)
        self.positief = positief
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("maxlength", str(self.MAX_TEKENS))

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > self.MAX_TEKENS:
            raise ValidationError("Dit is geen bedrag: te veel tekens.")
        try:
            bedrag = parse_bedrag(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        if self.positief and bedrag <= 0:
            raise ValidationError("Vul een bedrag groter dan nul in.")
        return bedrag


class KostenpostForm(forms.Form):
    naam = forms.CharField(label="Kostenpost", max_length=160)
    categorie = forms.ChoiceField(
        label="Categorie", choices=[("", "Kies de categorie")] + list(Kostencategorie.choices)
    )
    bedrag = BedragField(label="Begroot bedrag")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class FinancieringsbronForm(forms.Form):
    naam = forms.CharField(
        label="Omschrijving",
        max_length=160,
        help_text="Bijvoorbeeld 'Rijksbijdrage SZW' of 'Gemeente Haarlem/RMC (inzet uren)'.",
    )
    soort = forms.ChoiceField(
        label="Soort financiering",
        choices=[("", "Kies de soort")] + list(Financieringssoort.choices),
    )
    organisatie = forms.ModelChoiceField(
        label="Partner",
        queryset=Organisatie.objects.none(),
        required=False,
        empty_label="Geen partner (rijksbijdrage of subsidie)",
        help_text="Verplicht bij cofinanciering.",
    )
    vorm = forms.ChoiceField(label="Vorm", choices=Vorm.choices, initial=Vorm.CASH)
    bedrag = BedragField(
        label="Begroot of toegezegd bedrag",
        help_text="Bij cofinanciering is dit de toezegging van de partner. Bijvoorbeeld 12.500.",
    )

    def __init__(self, *args, loket: Loket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = Organisatie.objects.filter(loket=loket, actief=True)
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("soort") == Financieringssoort.COFINANCIERING and not cleaned.get(
            "organisatie"
        ):
            self.add_error("organisatie", "Kies de partner die de cofinanciering levert.")
        return cleaned


class NormForm(forms.ModelForm):
    class Meta:
        model = Begroting
        fields = ["norm_percentage", "norm_basis"]
        labels = {"norm_percentage": "Normpercentage (%)", "norm_basis": "Basis van de norm"}
        help_texts = {
            "norm_percentage": "2010-2012: 25; 2013-2016: 50.",
            "norm_basis": "De documenten gebruiken beide; het overzicht toont de norm op beide bases.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["norm_basis"].choices = NormBasis.choices
        self.helper = _helper()


class BoekingForm(RedelijkeDatums, SnelleKeuzelijsten, forms.Form):
    soort = forms.ChoiceField(
        label="Soort boeking", choices=[("", "Kies de soort")] + list(BoekingSoort.choices)
    )
    regel = forms.ChoiceField(label="Begrotingsregel")
    datum = forms.DateField(label="Boekdatum", widget=DateInput())
    bedrag = BedragField(label="Bedrag")
    omschrijving = forms.CharField(label="Omschrijving", max_length=200, required=False)

    def __init__(self, *args, loket: Loket, jaar: int, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("datum", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.kostenposten = {
            p.pk: p for p in Kostenpost.objects.filter(begroting__loket=loket, begroting__jaar=jaar)
        }
        self.bronnen = {
            b.pk: b
            for b in Financieringsbron.objects.filter(
                begroting__loket=loket, begroting__jaar=jaar
            ).select_related("begroting", "organisatie")
        }
        self.fields["regel"].choices = [
            ("", "Kies de regel"),
            ("Kosten", [(f"k-{pk}", p.naam) for pk, p in self.kostenposten.items()]),
            ("Financiering", [(f"f-{pk}", b.naam) for pk, b in self.bronnen.items()]),
        ]
        self.helper = _helper()

    def clean_regel(self):
        waarde = self.cleaned_data["regel"]
        soort, _, pk = waarde.partition("-")
        try:
            pk = int(pk)
        except ValueError:
            raise ValidationError("Kies een regel uit de lijst.") from None
        regel = (self.kostenposten if soort == "k" else self.bronnen).get(pk)
        if regel is None:
            raise ValidationError("Kies een regel uit de lijst.")
        return regel


class TegenboekingForm(RedelijkeDatums, forms.Form):
    reden = forms.CharField(
        label="Reden van de tegenboeking",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Verplicht. Bijvoorbeeld: dubbel geboekt, verkeerde partner, verkeerd bedrag.",
        error_messages={"required": "Geef de reden van de tegenboeking op."},
    )
    datum = forms.DateField(
        label="Boekdatum van de tegenboeking",
        widget=DateInput(),
        help_text="Een datum in een open kwartaal.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("datum", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_reden(self):
        reden = self.cleaned_data["reden"].strip()
        if not reden:
            raise ValidationError("Geef de reden van de tegenboeking op.")
        return reden


class TariefForm(forms.Form):
    rol = forms.CharField(
        label="Rol of functie", max_length=120, help_text="Bijvoorbeeld 'Loketadviseur UWV'."
    )
    uurtarief = BedragField(label="Uurtarief", help_text="In euro's per uur, bijvoorbeeld 62,50.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_uurtarief(self):
        tarief = self.cleaned_data["uurtarief"]
        if tarief is not None and tarief > Decimal("999999.99"):
            raise ValidationError("Het uurtarief is te hoog.")
        return tarief


class UrenForm(RedelijkeDatums, SnelleKeuzelijsten, forms.Form):
    financieringsbron = forms.ModelChoiceField(
        label="Partner (cofinanciering in natura)",
        queryset=Financieringsbron.objects.none(),
        empty_label="Kies de partnerregel",
    )
    tarief = forms.ModelChoiceField(
        label="Rol (tarief)", queryset=Tarief.objects.none(), empty_label="Kies de rol"
    )
    medewerker = forms.CharField(
        label="Medewerker of functie",
        max_length=120,
        help_text="Bijvoorbeeld 'RMC-consulent' of 'beleidsmedewerker kerngroep'.",
    )
    kwartaal = forms.TypedChoiceField(
        label="Kwartaal", coerce=int, choices=[(k, f"Kwartaal {k}") for k in (1, 2, 3, 4)]
    )
    maand = forms.TypedChoiceField(
        label="Maand",
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", "Hele kwartaal")] + [(m, f"{m:02d}") for m in range(1, 13)],
    )
    uren = forms.DecimalField(
        label="Uren",
        max_digits=7,
        decimal_places=2,
        min_value=Decimal("0.25"),
        max_value=Decimal("99999"),
        localize=True,
        help_text="Bijvoorbeeld 12,5.",
    )
    datum = forms.DateField(label="Boekdatum", widget=DateInput())

    def __init__(self, *args, loket: Loket, jaar: int, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("datum", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["financieringsbron"].queryset = Financieringsbron.objects.filter(
            begroting__loket=loket,
            begroting__jaar=jaar,
            soort=Financieringssoort.COFINANCIERING,
            vorm=Vorm.IN_NATURA,
        ).select_related("begroting", "organisatie")
        self.fields["tarief"].queryset = Tarief.objects.filter(loket=loket, jaar=jaar)
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        maand, kwartaal = cleaned.get("maand"), cleaned.get("kwartaal")
        if maand and kwartaal and (maand + 2) // 3 != kwartaal:
            self.add_error("maand", f"Maand {maand:02d} valt niet in kwartaal {kwartaal}.")
        tarief, uren = cleaned.get("tarief"), cleaned.get("uren")
        if tarief and uren:
            cleaned["bedrag"] = rond_af(uren * tarief.uurtarief)
        return cleaned


class BoekingFilterForm(RedelijkeDatums, SnelleKeuzelijsten, forms.Form):
    jaar = forms.IntegerField(label="Jaar", required=False, min_value=2000, max_value=2100)
    soort = forms.ChoiceField(
        label="Soort", required=False, choices=[("", "Alle soorten")] + list(BoekingSoort.choices)
    )
    organisatie = forms.ModelChoiceField(
        label="Partner", required=False, queryset=Organisatie.objects.none(), empty_label="Alle"
    )
    kostenpost = forms.ModelChoiceField(
        label="Kostenpost", required=False, queryset=Kostenpost.objects.none(), empty_label="Alle"
    )
    van = forms.DateField(label="Van", required=False, widget=DateInput())
    tot = forms.DateField(label="Tot en met", required=False, widget=DateInput())

    def __init__(self, *args, loket: Loket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = Organisatie.objects.filter(loket=loket)
        self.fields["kostenpost"].queryset = Kostenpost.objects.filter(
            begroting__loket=loket
        ).select_related("begroting")
        self.fields["kostenpost"].label_from_instance = lambda p: f"{p.naam} ({p.begroting.jaar})"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("van") and cleaned.get("tot") and cleaned["van"] > cleaned["tot"]:
            self.add_error("tot", "De einddatum ligt voor de begindatum.")
        return cleaned


class KwartaalForm(forms.Form):
    kwartaal = forms.TypedChoiceField(
        label="Kwartaal",
        coerce=int,
        choices=[(k, f"Kwartaal {k}") for k in (1, 2, 3, 4)],
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class ImportForm(forms.Form):
    bestand = forms.FileField(
        label="Begrotingsbestand (xlsx of csv)",
        help_text="Gebruik het sjabloon. Kolommen: Kant, Naam, Categorie of soort, Partner, Vorm, Bedrag.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > MAX_IMPORT_BYTES:
            raise ValidationError("Het bestand is groter dan 2 MB.")
        if not bestand.name.lower().endswith((".xlsx", ".csv")):
            raise ValidationError("Kies een xlsx- of csv-bestand.")
        return bestand
