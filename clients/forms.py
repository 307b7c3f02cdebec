"""Forms of the intake, client and contact pages. Every error is Dutch and keeps what was typed."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError

from loket.constants import Rol
from loket.datums import RedelijkeDatums
from loket.models import Gemeente, Loket, Organisatie, User
from loket.widgets import SnelleKeuzelijsten

from .constants import Dienst, Doelgroep, Opleidingsniveau
from .intakeregels import (
    controleer_bereikbaar,
    controleer_geboortedatum,
    controleer_intakedatum,
    niet_in_toekomst,
    niet_te_lang_geleden,
    startkwalificatie_bij,
    toestemming_datum_bij,
    werkcoaches_van,
)
from .models import Contactmoment, Intake, Klant
from .validators import normaliseer_postcode, normaliseer_telefoon, validate_geen_bsn


class DateInput(forms.DateInput):
    """The browser's own date picker: keyboard-operable and sent as yyyy-mm-dd."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DatumTekstInput(forms.DateInput):
    """A date typed as dd-mm-jjjj in a plain text field (the public-sector design systems'
    pattern for a birth date): no browser picker whose order follows the browser's language,
    and nobody scrolls back forty years in a calendar. DATE_INPUT_FORMATS (loket.formats.nl)
    reads it."""

    def __init__(self, **kwargs):
        attrs = {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        super().__init__(attrs={**attrs, **kwargs.pop("attrs", {})}, format="%d-%m-%Y")


def formulier_helper(*layout) -> FormHelper:
    """A crispy helper for a form rendered inside our own <form> tag (one form tag per page)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


def rij(*velden: tuple[str, int]) -> Div:
    """One row of a form layout: (field name, Bootstrap column width) pairs."""
    return Div(
        *(Div(naam, css_class=f"col-md-{breedte}") for naam, breedte in velden), css_class="row"
    )


class KlantForm(RedelijkeDatums, SnelleKeuzelijsten, forms.ModelForm):
    eigen_datumcontrole = frozenset({"geboortedatum"})  # controleer_geboortedatum: 1900..today

    class Meta:
        model = Klant
        fields = [
            "voornaam",
            "tussenvoegsel",
            "achternaam",
            "geboortedatum",
            "postcode",
            "woongemeente",
            "telefoon",
            "email",
            "doelgroep",
            "opleidingsniveau",
            "startkwalificatie",
        ]
        widgets = {"geboortedatum": DatumTekstInput()}
        error_messages = {
            "voornaam": {"required": "Vul de voornaam in."},
            "achternaam": {"required": "Vul de achternaam in."},
            "geboortedatum": {
                "required": "Vul de geboortedatum in.",
                "invalid": "Vul een geldige datum in als dag-maand-jaar, bijvoorbeeld 14-03-1985.",
            },
            "doelgroep": {"required": "Kies de doelgroep of situatie."},
            "opleidingsniveau": {"required": "Kies het hoogst afgeronde opleidingsniveau."},
        }
        help_texts = {
            "geboortedatum": "Dag-maand-jaar, bijvoorbeeld 14-03-1985.",
            "postcode": "Bijvoorbeeld 2011 AB.",
            "telefoon": "Bijvoorbeeld 023-5123456 of 06-12345678. Telefoon of e-mail is verplicht.",
            "email": "Telefoon of e-mail is verplicht.",
            "startkwalificatie": (
                "Wordt automatisch aangevinkt bij havo, vwo of mbo 2 of hoger. Vink zelf aan bij "
                "een buitenlands diploma dat als startkwalificatie is gewaardeerd."
            ),
        }

    def __init__(self, *args, loket: Loket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["geboortedatum"].required = True
        self.fields["woongemeente"].queryset = Gemeente.objects.filter(regio_id=loket.regio_id)
        self.fields["woongemeente"].empty_label = "Buiten de regio / onbekend"
        self.fields["doelgroep"].choices = [("", "Kies de situatie")] + list(Doelgroep.choices)
        self.fields["opleidingsniveau"].choices = [("", "Kies het niveau")] + list(
            Opleidingsniveau.choices
        )
        self.fields["voornaam"].widget.attrs["autocomplete"] = "off"
        self.fields["achternaam"].widget.attrs["autocomplete"] = "off"
        self.helper = formulier_helper(
            Fieldset(
                "Persoonsgegevens",
                rij(("voornaam", 4), ("tussenvoegsel", 2), ("achternaam", 6)),
                Div(
                    Div(Field("geboortedatum"), css_class="col-md-4"),
                    Div("postcode", css_class="col-md-3"),
                    Div("woongemeente", css_class="col-md-5"),
                    css_class="row",
                ),
                rij(("telefoon", 4), ("email", 8)),
            ),
            Fieldset(
                "Situatie en opleiding",
                rij(("doelgroep", 6), ("opleidingsniveau", 6)),
                "startkwalificatie",
            ),
        )

    def clean_voornaam(self):
        return self.cleaned_data["voornaam"].strip()

    def clean_achternaam(self):
        return self.cleaned_data["achternaam"].strip()

    def clean_tussenvoegsel(self):
        return self.cleaned_data["tussenvoegsel"].strip().lower()

    def clean_geboortedatum(self):
        return controleer_geboortedatum(self.cleaned_data["geboortedatum"])

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"]
        return normaliseer_postcode(postcode) if postcode else ""

    def clean_telefoon(self):
        telefoon = self.cleaned_data["telefoon"]
        return normaliseer_telefoon(telefoon) if telefoon else ""

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        try:
            cleaned["startkwalificatie"] = startkwalificatie_bij(
                cleaned.get("opleidingsniveau"), cleaned.get("startkwalificatie", False)
            )
        except ValidationError as fout:
            self.add_error("startkwalificatie", fout)
        try:
            controleer_bereikbaar(cleaned.get("telefoon"), cleaned.get("email"))
        except ValidationError as fout:
            self.add_error("email", fout)
        return cleaned


class IntakeForm(RedelijkeDatums, SnelleKeuzelijsten, forms.ModelForm):
    class Meta:
        model = Intake
        fields = [
            "datum",
            "kanaal",
            "hoofddoel",
            "verwijzer",
            "werkcoach",
            "toestemming_delen",
            "toestemming_datum",
            "notities",
        ]
        widgets = {
            "datum": DateInput(),
            "toestemming_datum": DateInput(),
            "notities": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "datum": {"required": "Vul de datum van de intake in."},
            "kanaal": {"required": "Kies het kanaal."},
            "hoofddoel": {"required": "Kies het hoofddoel."},
            "verwijzer": {"required": "Kies de verwijzer."},
            "werkcoach": {"required": "Kies de werkcoach."},
        }
        help_texts = {
            "toestemming_datum": "Leeg laten: de datum van de intake wordt gebruikt.",
            "notities": "Geen BSN, medische of andere bijzondere persoonsgegevens noteren.",
        }

    def __init__(self, *args, loket: Loket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["werkcoach"].queryset = werkcoaches_van(loket).order_by(
            "last_name", "first_name"
        )
        for name, label in [
            ("kanaal", "Kies het kanaal"),
            ("hoofddoel", "Kies het hoofddoel"),
            ("verwijzer", "Kies de verwijzer"),
        ]:
            self.fields[name].choices = [("", label)] + list(self.fields[name].choices)[1:]
        self.helper = formulier_helper(
            Fieldset(
                "Intake",
                rij(("datum", 3), ("kanaal", 4), ("werkcoach", 5)),
                rij(("hoofddoel", 6), ("verwijzer", 6)),
                rij(("toestemming_delen", 7), ("toestemming_datum", 5)),
                "notities",
            ),
        )

    def clean_datum(self):
        return controleer_intakedatum(self.cleaned_data["datum"])

    def clean_notities(self):
        validate_geen_bsn(self.cleaned_data["notities"])
        return self.cleaned_data["notities"]

    def clean_toestemming_datum(self):
        datum = self.cleaned_data["toestemming_datum"]
        niet_in_toekomst(datum, "datum van de toestemming")
        return datum

    def clean(self):
        cleaned = super().clean()
        cleaned["toestemming_datum"] = toestemming_datum_bij(
            cleaned.get("toestemming_delen", False),
            cleaned.get("toestemming_datum"),
            cleaned.get("datum"),
        )
        return cleaned

    def _post_clean(self):
        # Keep the derived consent date on the instance as well.
        super()._post_clean()
        self.instance.toestemming_datum = self.cleaned_data.get("toestemming_datum")


class DubbeleBevestigingForm(forms.Form):
    toch_nieuw = forms.BooleanField(
        label="Dit is een andere persoon: toch als nieuwe klant registreren",
        required=False,
    )


class ContactmomentForm(RedelijkeDatums, SnelleKeuzelijsten, forms.ModelForm):
    class Meta:
        model = Contactmoment
        fields = ["datum", "dienst", "duur_minuten", "notitie", "warme_overdracht_naar"]
        widgets = {"datum": DateInput(), "notitie": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "datum": {"required": "Vul de datum van het contact in."},
            "dienst": {"required": "Kies de dienst."},
            "duur_minuten": {"required": "Vul de duur in minuten in."},
        }

    def __init__(self, *args, loket: Loket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["warme_overdracht_naar"].queryset = Organisatie.objects.voor_loket(
            loket
        ).filter(actief=True)
        self.fields["warme_overdracht_naar"].empty_label = "Geen warme overdracht"
        self.fields["dienst"].choices = [("", "Kies de dienst")] + list(Dienst.choices)
        self.helper = formulier_helper(
            rij(("datum", 3), ("dienst", 5), ("duur_minuten", 4)),
            "warme_overdracht_naar",
            "notitie",
        )

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        niet_in_toekomst(datum, "datum")
        niet_te_lang_geleden(datum, "datum")
        return datum

    def clean_notitie(self):
        validate_geen_bsn(self.cleaned_data["notitie"])
        return self.cleaned_data["notitie"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("dienst") == Dienst.DOORVERWIJZING and not cleaned.get(
            "warme_overdracht_naar"
        ):
            self.add_error(
                "warme_overdracht_naar",
                "Kies de partner naar wie de klant warm is overgedragen.",
            )
        return cleaned


class KlantFilterForm(RedelijkeDatums, SnelleKeuzelijsten, forms.Form):
    q = forms.CharField(
        label="Zoeken",
        required=False,
        max_length=100,
        help_text="Naam (delen, in elke volgorde), klantnummer of postcode.",
    )
    doelgroep = forms.ChoiceField(
        label="Doelgroep", required=False, choices=[("", "Alle doelgroepen"), *Doelgroep.choices]
    )
    werkcoach = forms.ModelChoiceField(
        label="Werkcoach",
        required=False,
        queryset=User.objects.none(),
        empty_label="Alle werkcoaches",
    )
    van = forms.DateField(label="Intake vanaf", required=False, widget=DateInput())
    tot = forms.DateField(label="Intake tot en met", required=False, widget=DateInput())
    mijn_eerst = forms.BooleanField(label="Mijn klanten eerst", required=False)

    def __init__(self, *args, loket: Loket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["werkcoach"].queryset = User.objects.filter(
            loket=loket, rol__in=[Rol.WERKCOACH, Rol.PROJECTLEIDER]
        ).order_by("last_name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("van") and cleaned.get("tot") and cleaned["van"] > cleaned["tot"]:
            self.add_error("tot", "De einddatum ligt voor de begindatum.")
        return cleaned


class ContactCorrectieForm(ContactmomentForm):
    """Correct a contact (the form holds its right values) or withdraw it; a reason always."""

    intrekken = forms.BooleanField(
        label="Dit contactmoment intrekken (het heeft niet plaatsgevonden of is dubbel vastgelegd)",
        required=False,
    )
    reden = forms.CharField(
        label="Reden van de correctie",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Vul de reden van de correctie in."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout.append("intrekken")
        self.helper.layout.append("reden")
        if self.data.get("intrekken"):
            # Withdrawn: the values of the contact do not matter.
            for naam in ["datum", "dienst", "duur_minuten"]:
                self.fields[naam].required = False

    def clean_reden(self):
        validate_geen_bsn(self.cleaned_data["reden"])
        return self.cleaned_data["reden"]

    def clean(self):
        if self.data.get("intrekken"):
            for naam in ["datum", "dienst", "duur_minuten", "notitie", "warme_overdracht_naar"]:
                self.errors.pop(naam, None)
            return {k: v for k, v in self.cleaned_data.items() if k in ["intrekken", "reden"]}
        return super().clean()

    def _post_clean(self):
        if not self.data.get("intrekken"):
            super()._post_clean()
