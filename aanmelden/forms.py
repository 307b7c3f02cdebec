"""Forms of the public sign-up, the appointment link, the survey and the werkcoach's queue.
Every error is Dutch, tied to its field and keeps what was typed."""

import datetime
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format

from clients.constants import Hoofddoel
from clients.forms import DateInput, controleer_geboortedatum, werkcoaches_van
from clients.validators import normaliseer_postcode, normaliseer_telefoon, validate_geen_bsn
from loket.datums import RedelijkeDatums
from loket.models import Loket, User
from loket.widgets import SnelleKeuzelijsten

from .constants import Aanleiding, AanmeldingStatus, Situatie, SluitReden
from .models import Aanmelding, Enquetemoment, Tijdslot

# How far ahead a citizen can book.
BOEKEN_TOT_DAGEN = 42


def vrije_tijdsloten(loket: Loket, *, behalve: Aanmelding | None = None):
    bezet = Aanmelding.objects.voor_loket(loket, tijdslot=OuterRef("pk"))
    if behalve is not None:
        bezet = bezet.exclude(pk=behalve.pk)
    nu = timezone.now()
    return (
        Tijdslot.objects.voor_loket(
            loket, start__gt=nu, start__lte=nu + datetime.timedelta(days=BOEKEN_TOT_DAGEN)
        )
        .exclude(Exists(bezet))
        .select_related("werkcoach")
        .order_by("start", "pk")
    )


class TijdslotKeuze(forms.ModelChoiceField):
    def label_from_instance(self, slot):
        start = timezone.localtime(slot.start)
        return f"{date_format(start, 'l j F Y')}, {start:%H:%M} uur ({slot.duur_minuten} minuten)"


class AanmeldForm(SnelleKeuzelijsten, RedelijkeDatums, forms.ModelForm):
    eigen_datumcontrole = frozenset({"geboortedatum"})  # controleer_geboortedatum, as KlantForm
    tijdslot = TijdslotKeuze(
        label="Kies een moment voor een gesprek",
        queryset=Tijdslot.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        blank=True,  # offer "no appointment" as a radio of its own
        empty_label="Geen afspraak: een werkcoach neemt contact met mij op",
    )
    toestemming = forms.BooleanField(
        label="Ik heb de privacyverklaring gelezen en geef het loket toestemming mijn gegevens "
        "te gebruiken voor deze aanmelding",
        error_messages={"required": "Geef toestemming om uw aanmelding te kunnen behandelen."},
    )
    # Honeypot: hidden from people (and from screen readers); bots fill in every field.
    website = forms.CharField(label="Laat dit veld leeg", required=False, max_length=200)

    class Meta:
        model = Aanmelding
        fields = [
            "voornaam",
            "tussenvoegsel",
            "achternaam",
            "geboortedatum",
            "email",
            "telefoon",
            "postcode",
            "hoofddoel",
            "vraag",
        ]
        widgets = {"geboortedatum": DateInput(), "vraag": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "geboortedatum": "Bijvoorbeeld 12-03-1984.",
            "email": "Hierop ontvangt u de bevestiging.",
            "telefoon": "Niet verplicht. Bijvoorbeeld 06-12345678.",
            "postcode": "Niet verplicht. Bijvoorbeeld 2011 AB.",
            "vraag": "Niet verplicht. Noteer geen BSN of medische gegevens.",
        }
        error_messages = {
            "voornaam": {"required": "Vul uw voornaam in."},
            "achternaam": {"required": "Vul uw achternaam in."},
            "geboortedatum": {
                "required": "Vul uw geboortedatum in.",
                "invalid": "Vul een geldige datum in, bijvoorbeeld 12-03-1984.",
            },
            "email": {
                "required": "Vul uw e-mailadres in.",
                "invalid": "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.",
            },
            "hoofddoel": {"required": "Kies waar u hulp bij wilt."},
        }

    def __init__(self, *args, loket: Loket, **kwargs):
        super().__init__(*args, **kwargs)
        tijdslot = cast(forms.ModelChoiceField, self.fields["tijdslot"])
        tijdslot.queryset = vrije_tijdsloten(loket)
        _slot_fout(tijdslot)
        cast(forms.ChoiceField, self.fields["hoofddoel"]).choices = [
            ("", "Kies een onderwerp"),
            *Hoofddoel.choices,
        ]
        self.fields["geboortedatum"].required = True
        for naam, autocomplete in [
            ("voornaam", "given-name"),
            ("achternaam", "family-name"),
            ("geboortedatum", "bday"),
            ("email", "email"),
            ("telefoon", "tel"),
            ("postcode", "postal-code"),
        ]:
            self.fields[naam].widget.attrs["autocomplete"] = autocomplete
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_voornaam(self):
        return self.cleaned_data["voornaam"].strip()

    def clean_achternaam(self):
        return self.cleaned_data["achternaam"].strip()

    def clean_tussenvoegsel(self):
        return self.cleaned_data["tussenvoegsel"].strip().lower()

    def clean_geboortedatum(self):
        return controleer_geboortedatum(self.cleaned_data["geboortedatum"])

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_telefoon(self):
        telefoon = self.cleaned_data["telefoon"]
        return normaliseer_telefoon(telefoon) if telefoon else ""

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"]
        return normaliseer_postcode(postcode) if postcode else ""

    def clean_vraag(self):
        validate_geen_bsn(self.cleaned_data["vraag"])
        return self.cleaned_data["vraag"]

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def gegevens(self) -> dict:
        return {veld: self.cleaned_data[veld] for veld in self.Meta.fields}


def _slot_fout(veld: forms.ModelChoiceField) -> None:
    veld.error_messages["invalid_choice"] = "Dit moment is niet meer vrij. Kies een ander moment."


class VerplaatsForm(SnelleKeuzelijsten, forms.Form):
    tijdslot = TijdslotKeuze(
        label="Kies een nieuw moment",
        queryset=Tijdslot.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Kies een nieuw moment."},
    )

    def __init__(self, *args, aanmelding: Aanmelding, **kwargs):
        super().__init__(*args, **kwargs)
        tijdslot = cast(forms.ModelChoiceField, self.fields["tijdslot"])
        tijdslot.queryset = vrije_tijdsloten(aanmelding.loket, behalve=aanmelding).exclude(
            pk=aanmelding.tijdslot_id or 0
        )
        _slot_fout(tijdslot)


class EnqueteForm(SnelleKeuzelijsten, forms.Form):
    score = forms.TypedChoiceField(
        label="Welk rapportcijfer geeft u het leerwerkloket?",
        help_text="1 is zeer slecht, 10 is uitstekend.",
        choices=[(str(i), str(i)) for i in range(1, 11)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Kies een cijfer van 1 tot en met 10.",
            "invalid_choice": "Kies een cijfer van 1 tot en met 10.",
        },
    )
    situatie = forms.ChoiceField(
        label="Wat doet u nu?",
        choices=Situatie.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Kies wat het beste bij u past.",
            "invalid_choice": "Kies een van de mogelijkheden.",
        },
    )

    def __init__(self, *args, met_situatie: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not met_situatie:
            del self.fields["situatie"]


class SluitForm(SnelleKeuzelijsten, forms.Form):
    reden = forms.ChoiceField(label="Reden", choices=[("", "Kies de reden"), *SluitReden.choices])
    toelichting = forms.CharField(label="Toelichting", required=False, max_length=500)

    def clean_toelichting(self):
        validate_geen_bsn(self.cleaned_data["toelichting"])
        return self.cleaned_data["toelichting"]


class AanmeldingFilterForm(SnelleKeuzelijsten, forms.Form):
    q = forms.CharField(
        label="Zoeken", required=False, max_length=100, help_text="Naam of e-mailadres."
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Alle statussen"), *AanmeldingStatus.choices],
    )


class SpreekuurForm(SnelleKeuzelijsten, RedelijkeDatums, forms.Form):
    werkcoach: "forms.ModelChoiceField[User]" = forms.ModelChoiceField(
        label="Werkcoach", queryset=None, empty_label=None
    )
    datum = forms.DateField(label="Datum", widget=DateInput())
    van = forms.TimeField(
        label="Begintijd",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Vul een tijd in, bijvoorbeeld 09:30."},
    )
    aantal = forms.IntegerField(label="Aantal gesprekken", min_value=1, max_value=16, initial=4)
    duur = forms.IntegerField(
        label="Duur per gesprek (minuten)", min_value=10, max_value=120, initial=30
    )

    def __init__(self, *args, loket: Loket, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["werkcoach"]).queryset = werkcoaches_van(
            loket
        ).order_by("last_name")

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        vandaag = timezone.localdate()
        if datum < vandaag:
            raise ValidationError("Een spreekuur ligt vandaag of later.")
        if datum > vandaag + datetime.timedelta(days=366):
            raise ValidationError("Plan een spreekuur hoogstens een jaar vooruit.")
        return datum


class DagForm(SnelleKeuzelijsten, RedelijkeDatums, forms.Form):
    datum = forms.DateField(label="Datum", required=False, widget=DateInput())


class EnquetemomentForm(SnelleKeuzelijsten, forms.ModelForm):
    class Meta:
        model = Enquetemoment
        fields = ["naam", "aanleiding", "dagen_na"]
        help_texts = {"dagen_na": "Bijvoorbeeld 28 (vier weken) of 182 (een half jaar)."}

    def __init__(self, *args, loket: Loket, **kwargs):
        super().__init__(*args, **kwargs)
        self.loket = loket
        cast(forms.ChoiceField, self.fields["aanleiding"]).choices = [
            ("", "Kies de aanleiding"),
            *Aanleiding.choices,
        ]

    def clean(self):
        cleaned = super().clean()
        if Enquetemoment.objects.voor_loket(
            self.loket,
            aanleiding=cleaned.get("aanleiding"),
            dagen_na=cleaned.get("dagen_na"),
        ).exists():
            self.add_error("dagen_na", "Dit moment bestaat al voor deze aanleiding.")
        return cleaned
