"""Forms of the employer pages (werkgevers and werkgeverscontacten). Every error is Dutch."""

from django import forms

from loket.datums import RedelijkeDatums
from loket.models import Gemeente, Loket, Organisatie
from loket.widgets import SnelleKeuzelijsten

from .constants import WerkgeverscontactSoort
from .forms import DateInput, formulier_helper, niet_in_toekomst, niet_te_lang_geleden, rij
from .models import Werkgever, Werkgeverscontact
from .validators import normaliseer_telefoon


class WerkgeverForm(SnelleKeuzelijsten, forms.ModelForm):
    # Longer than 8 so "34 123 456" can be typed; clean_kvk_nummer normalises and checks.
    kvk_nummer = forms.CharField(
        label="KvK-nummer", max_length=20, help_text="8 cijfers, bijvoorbeeld 34123456."
    )

    class Meta:
        model = Werkgever
        fields = [
            "naam",
            "kvk_nummer",
            "sector",
            "gemeente",
            "erkend_leerbedrijf",
            "contactpersoon",
            "contact_telefoon",
            "contact_email",
        ]
        help_texts = {
            "erkend_leerbedrijf": "Erkend door SBB: nodig voor een plaatsing in een duaal/BBL-traject.",
        }

    def __init__(self, *args, loket: Loket, **kwargs):
        super().__init__(*args, **kwargs)
        self.loket = loket
        self.fields["gemeente"].queryset = Gemeente.objects.filter(regio_id=loket.regio_id)
        self.fields["gemeente"].empty_label = "Buiten de regio / onbekend"
        self.helper = formulier_helper(
            rij(("naam", 6), ("kvk_nummer", 3), ("gemeente", 3)),
            rij(("sector", 6), ("erkend_leerbedrijf", 6)),
            rij(("contactpersoon", 4), ("contact_telefoon", 4), ("contact_email", 4)),
        )

    def clean_kvk_nummer(self):
        kvk = (self.cleaned_data.get("kvk_nummer") or "").replace(" ", "").replace(".", "")
        if len(kvk) != 8 or not kvk.isdigit():
            raise forms.ValidationError("Een KvK-nummer bestaat uit precies 8 cijfers.")
        dubbel = Werkgever.objects.voor_loket(self.loket, kvk_nummer=kvk)
        if self.instance.pk:
            dubbel = dubbel.exclude(pk=self.instance.pk)
        bestaand = dubbel.first()
        if bestaand:
            raise forms.ValidationError(
                f"Er staat al een werkgever met dit KvK-nummer in uw loket: {bestaand.naam}."
            )
        return kvk

    def clean_contact_telefoon(self):
        telefoon = self.cleaned_data.get("contact_telefoon", "")
        return normaliseer_telefoon(telefoon) if telefoon else ""

    def clean_contact_email(self):
        return (self.cleaned_data.get("contact_email") or "").strip().lower()

    def validate_unique(self):
        # The KvK check above gives the Dutch message; the (loket, kvk) constraint is checked
        # there with the loket, which is not a form field.
        pass


class WerkgeverscontactForm(RedelijkeDatums, SnelleKeuzelijsten, forms.ModelForm):
    class Meta:
        model = Werkgeverscontact
        fields = ["datum", "soort", "organisatie", "afspraken", "leerbanen", "vacatures"]
        widgets = {"datum": DateInput(), "afspraken": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, loket: Loket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = Organisatie.objects.voor_loket(loket, actief=True)
        self.fields["organisatie"].empty_label = "Het loket zelf"
        self.fields["soort"].choices = [("", "Kies de soort"), *WerkgeverscontactSoort.choices]
        self.helper = formulier_helper(
            rij(("datum", 3), ("soort", 4), ("organisatie", 5)),
            "afspraken",
            rij(("leerbanen", 6), ("vacatures", 6)),
        )

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        niet_in_toekomst(datum, "datum")
        niet_te_lang_geleden(datum, "datum")
        return datum


class WerkgeverFilterForm(SnelleKeuzelijsten, forms.Form):
    q = forms.CharField(
        label="Zoeken", required=False, max_length=100, help_text="Naam of KvK-nummer."
    )
    erkend = forms.ChoiceField(
        label="Erkend leerbedrijf",
        required=False,
        choices=[("", "Alle werkgevers"), ("ja", "Alleen erkend"), ("nee", "Niet erkend")],
    )
    gemeente = forms.ModelChoiceField(
        label="Gemeente", required=False, queryset=Gemeente.objects.none(), empty_label="Alle"
    )

    def __init__(self, *args, loket: Loket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = Gemeente.objects.filter(regio_id=loket.regio_id)
