"""Forms of the ledger pages. Amounts are typed the Dutch way (75.000 or 1.500,50); every error is
Dutch and keeps what was typed."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from loket.datums import RedelijkeDatums
from loket.geld import als_euro, getal, rond_af
from loket.models import Loket, Organisatie
from loket.perioden import kwartaal_van_maand
from loket.velden import BedragVeld, DecimaalVeld
from loket.widgets import SnelleKeuzelijsten

from .constants import (
    BoekingSoort,
    Financieringssoort,
    Kostencategorie,
    NormBasis,
    Vorm,
    standaardnorm,
)
from .models import Begroting, Financieringsbron, Kostenpost, Tarief
from .services import controleer_tarief_van_partner

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


class KostenpostForm(forms.Form):
    naam = forms.CharField(label="Kostenpost", max_length=160)
    categorie = forms.ChoiceField(
        label="Categorie", choices=[("", "Kies de categorie")] + list(Kostencategorie.choices)
    )
    bedrag = BedragVeld(label="Begroot bedrag")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class FinancieringsbronForm(RedelijkeDatums, forms.Form):
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
    bedrag = BedragVeld(
        label="Begroot of toegezegd bedrag",
        help_text="Bij cofinanciering is dit de toezegging van de partner. Bijvoorbeeld 12.500.",
    )
    datum = forms.DateField(
        label="Datum van de toezegging",
        widget=DateInput(),
        help_text="De dag waarop de partner toezegde (bij rijksbijdrage of subsidie: de datum "
        "van de beschikking), niet de dag van invoeren.",
        error_messages={
            "required": "Vul de datum van de toezegging in.",
            "invalid": "Vul een geldige datum in (dd-mm-jjjj).",
        },
    )

    def __init__(self, *args, loket: Loket, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("datum", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = Organisatie.objects.voor_loket(loket, actief=True)
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("soort") == Financieringssoort.COFINANCIERING and not cleaned.get(
            "organisatie"
        ):
            self.add_error("organisatie", "Kies de partner die de cofinanciering levert.")
        datum = cleaned.get("datum")
        if datum and datum > timezone.localdate():
            self.add_error("datum", "Een toezegging ligt niet in de toekomst.")
        elif datum and datum.year < 2000:
            self.add_error("datum", "Kies een datum vanaf 2000.")
        return cleaned


class NormForm(forms.ModelForm):
    norm_percentage = DecimaalVeld(
        label="Normpercentage (%)", decimalen=2, min_waarde=0, max_waarde=100, voorbeeld="50"
    )

    class Meta:
        model = Begroting
        fields = ["norm_percentage", "norm_basis"]
        labels = {"norm_basis": "Basis van de norm"}
        help_texts = {
            "norm_basis": "De documenten gebruiken beide; het overzicht toont de norm op beide bases.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        percentage, basis = standaardnorm(self.instance.jaar)
        self.fields["norm_percentage"].help_text = (
            f"De norm van {self.instance.jaar} is {getal(percentage, 0)} % van de "
            f"{NormBasis(basis).label.lower()}; vul een ander percentage in als daarvoor is "
            "gekozen. 2010-2012: 25; vanaf 2013: 50."
        )
        self.fields["norm_basis"].choices = NormBasis.choices
        self.helper = _helper()


class BoekingForm(RedelijkeDatums, SnelleKeuzelijsten, forms.Form):
    soort = forms.ChoiceField(
        label="Soort boeking", choices=[("", "Kies de soort")] + list(BoekingSoort.choices)
    )
    regel = forms.ChoiceField(label="Begrotingsregel")
    datum = forms.DateField(label="Boekdatum", widget=DateInput())
    bedrag = BedragVeld(label="Bedrag")
    omschrijving = forms.CharField(label="Omschrijving", max_length=200, required=False)

    def __init__(self, *args, loket: Loket, jaar: int, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("datum", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.kostenposten = {
            p.pk: p for p in Kostenpost.objects.voor_loket(loket, begroting__jaar=jaar)
        }
        self.bronnen = {
            b.pk: b
            for b in Financieringsbron.objects.voor_loket(
                loket, begroting__jaar=jaar
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


class TariefForm(SnelleKeuzelijsten, forms.Form):
    organisatie = forms.ModelChoiceField(
        label="Partner",
        queryset=Organisatie.objects.none(),
        empty_label="Kies de partner",
        help_text="Het tarief geldt alleen voor de uren van deze partner.",
    )
    rol = forms.CharField(
        label="Rol of functie", max_length=120, help_text="Bijvoorbeeld 'Loketadviseur UWV'."
    )
    uurtarief = BedragVeld(
        label="Uurtarief",
        max_waarde=Decimal("999999.99"),
        help_text="In euro's per uur, bijvoorbeeld 62,50.",
    )

    def __init__(self, *args, loket: Loket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = Organisatie.objects.voor_loket(
            loket, actief=True
        ).order_by("naam")
        self.helper = _helper()


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
    uren = DecimaalVeld(
        label="Uren",
        decimalen=2,
        min_waarde=Decimal("0.25"),
        max_waarde=Decimal("99999"),
        help_text="Met een komma voor decimalen, bijvoorbeeld 12,5.",
    )

    def __init__(self, *args, loket: Loket, jaar: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["financieringsbron"].queryset = Financieringsbron.objects.voor_loket(
            loket,
            begroting__jaar=jaar,
            soort=Financieringssoort.COFINANCIERING,
            vorm=Vorm.IN_NATURA,
        ).select_related("begroting", "organisatie")
        self.fields["tarief"].queryset = (
            Tarief.objects.voor_loket(loket, jaar=jaar)
            .select_related("organisatie")
            .order_by("organisatie__naam", "rol")
        )
        self.fields["tarief"].label_from_instance = lambda t: (
            f"{t.rol} · {t.organisatie.naam if t.organisatie else 'geen partner'} "
            f"({als_euro(t.uurtarief)} per uur)"
        )
        self.fields["tarief"].help_text = "Alleen een tarief van dezelfde partner."
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        maand, kwartaal = cleaned.get("maand"), cleaned.get("kwartaal")
        if maand and kwartaal and kwartaal_van_maand(maand) != kwartaal:
            self.add_error("maand", f"Maand {maand:02d} valt niet in kwartaal {kwartaal}.")
        tarief, uren = cleaned.get("tarief"), cleaned.get("uren")
        if tarief and cleaned.get("financieringsbron"):
            try:
                controleer_tarief_van_partner(tarief, cleaned["financieringsbron"])
            except ValidationError as fout:
                self.add_error(None, fout)
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
        self.fields["organisatie"].queryset = Organisatie.objects.voor_loket(loket)
        self.fields["kostenpost"].queryset = Kostenpost.objects.voor_loket(loket).select_related(
            "begroting"
        )
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


class KwartaalBevestigForm(forms.Form):
    bevestig = forms.BooleanField(
        label="Ik begrijp dat dit kwartaal definitief dicht gaat en niet meer open kan.",
        error_messages={"required": "Vink aan dat u het kwartaal definitief wilt afsluiten."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ImportForm(RedelijkeDatums, forms.Form):
    bestand = forms.FileField(
        label="Begrotingsbestand (xlsx of csv)",
        help_text="Gebruik het sjabloon. Kolommen: Kant, Naam, Categorie of soort, Partner, Vorm, Bedrag.",
    )
    datum = forms.DateField(
        label="Datum van de begroting en de toezeggingen",
        widget=DateInput(),
        help_text="De dag waarop de begroting is vastgesteld en de partners toezegden, niet de dag "
        "van importeren.",
        error_messages={
            "required": "Vul de datum van de begroting en de toezeggingen in.",
            "invalid": "Vul een geldige datum in (dd-mm-jjjj).",
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("datum", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        if datum > timezone.localdate():
            raise ValidationError("Een toezegging ligt niet in de toekomst.")
        if datum.year < 2000:
            raise ValidationError("Kies een datum vanaf 2000.")
        return datum

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > MAX_IMPORT_BYTES:
            raise ValidationError("Het bestand is groter dan 2 MB.")
        if not bestand.name.lower().endswith((".xlsx", ".csv")):
            raise ValidationError("Kies een xlsx- of csv-bestand.")
        return bestand
