"""Forms of beheer, the installation and the account pages: Dutch labels, help and errors per field."""

from django import forms
from django.contrib.auth import authenticate
from django.core.validators import RegexValidator

from loket.constants import OrganisatieType, Rol
from loket.datums import RedelijkeDatums
from loket.models import Loket, Organisatie, Regio
from loket.widgets import SnelleKeuzelijsten

from .constants import LOKET_ROLLEN, Onderwerp
from .models import LoketInstelling

NAAM_MAX = 150


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class HoofdletterVeld(forms.CharField):
    """Codes are capitals; typing them in lower case is no error."""

    def to_python(self, value):
        return super().to_python(value).upper()


def _datum_in_bereik(datum):
    if datum is not None and not (2000 <= datum.year <= 2100):
        raise forms.ValidationError("Vul een datum tussen 2000 en 2100 in.")
    return datum


def _organisaties(loket):
    return Organisatie.objects.voor_loket(loket, actief=True).order_by("naam")


class GebruikerFilterForm(SnelleKeuzelijsten, forms.Form):
    zoek = forms.CharField(label="Zoeken", required=False, max_length=100,
                           help_text="Naam, gebruikersnaam of e-mailadres.")  # fmt: skip
    rol = forms.ChoiceField(
        label="Rol", required=False, choices=[("", "Alle rollen"), *LOKET_ROLLEN]
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Actief en inactief"), ("actief", "Actief"), ("inactief", "Gedeactiveerd")],
    )


class PersoonVelden(SnelleKeuzelijsten, forms.Form):
    voornaam = forms.CharField(label="Voornaam", max_length=NAAM_MAX)
    achternaam = forms.CharField(label="Achternaam", max_length=NAAM_MAX)
    rol = forms.ChoiceField(
        label="Rol",
        choices=LOKET_ROLLEN,
        help_text="Een beheerder beheert mensen en gegevens; boeken en kwartalen afsluiten doet "
        "de projectleider.",
    )
    organisatie = forms.ModelChoiceField(
        label="Organisatie",
        queryset=Organisatie.objects.none(),
        required=False,
        empty_label="(geen)",
        help_text="Verplicht voor een partner: de organisatie waarvoor deze persoon werkt.",
    )

    def __init__(self, *args, loket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = _organisaties(loket)

    def clean(self):
        data = super().clean()
        if data.get("rol") == Rol.PARTNER and not data.get("organisatie"):
            self.add_error("organisatie", "Kies de organisatie van deze partner.")
        return data


class UitnodigingForm(PersoonVelden):
    email = forms.EmailField(
        label="E-mailadres",
        max_length=NAAM_MAX,
        help_text="Hier komt de uitnodiging; het is ook de gebruikersnaam. De link is 72 uur geldig.",
    )
    field_order = ["voornaam", "achternaam", "email", "rol", "organisatie"]


class GebruikerForm(PersoonVelden):
    pass


class RedenForm(SnelleKeuzelijsten, forms.Form):
    reden = forms.CharField(
        label="Reden",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Komt in het wijzigingenlog, bijvoorbeeld 'telefoon verloren'.",
    )

    def clean_reden(self):
        reden = self.cleaned_data["reden"].strip()
        if not reden:
            raise forms.ValidationError("Vul de reden in.")
        return reden


class OrganisatieForm(SnelleKeuzelijsten, forms.Form):
    naam = forms.CharField(label="Naam", max_length=160, help_text="Bijvoorbeeld 'UWV Haarlem'.")
    type = forms.ChoiceField(label="Soort organisatie", choices=OrganisatieType.choices)


class InstellingenForm(SnelleKeuzelijsten, forms.ModelForm):
    class Meta:
        model = LoketInstelling
        fields = [
            "traject_stil_dagen",
            "bewaartermijn_jaren",
            "terugdateren_dagen",
            "klantnummer_voorvoegsel",
        ]
        error_messages = {
            veld: {
                "invalid": "Vul een heel getal in.",
                "min_value": "Dit getal is te klein.",
                "max_value": "Dit getal is te groot.",
            }  # fmt: skip
            for veld in ["traject_stil_dagen", "bewaartermijn_jaren", "terugdateren_dagen"]
        }

    def clean_klantnummer_voorvoegsel(self):
        voorvoegsel = self.cleaned_data["klantnummer_voorvoegsel"].strip().upper()
        # Client numbers are unique over the installation: no other loket's code or prefix.
        loket_id = self.instance.loket_id
        bezet = (
            Loket.objects.filter(code=voorvoegsel).exclude(pk=loket_id).exists()
            or LoketInstelling.objects.alle_loketten(reden="voorvoegsel uniek over de installatie")
            .filter(klantnummer_voorvoegsel=voorvoegsel)
            .exclude(loket_id=loket_id)
            .exists()
        )
        if voorvoegsel and bezet:
            raise forms.ValidationError("Dit voorvoegsel gebruikt een ander loket al.")
        return voorvoegsel


class WijzigingFilterForm(SnelleKeuzelijsten, RedelijkeDatums, forms.Form):
    eigen_datumcontrole = frozenset({"van", "tot"})  # 2000..2100, see _datum_in_bereik
    onderwerp = forms.ChoiceField(
        label="Onderwerp", required=False, choices=[("", "Alle onderwerpen"), *Onderwerp.choices]
    )
    zoek = forms.CharField(label="Zoeken", required=False, max_length=100,
                           help_text="Naam van de gebruiker, organisatie of wie wijzigde.")  # fmt: skip
    van = forms.DateField(label="Van", required=False, widget=DateInput(),
                          error_messages={"invalid": "Vul een datum in als dd-mm-jjjj."})  # fmt: skip
    tot = forms.DateField(label="Tot en met", required=False, widget=DateInput(),
                          error_messages={"invalid": "Vul een datum in als dd-mm-jjjj."})  # fmt: skip

    def clean_van(self):
        return _datum_in_bereik(self.cleaned_data["van"])

    def clean_tot(self):
        return _datum_in_bereik(self.cleaned_data["tot"])


# --- Installation -------------------------------------------------------------------------


class RegioForm(SnelleKeuzelijsten, forms.Form):
    naam = forms.CharField(
        label="Naam", max_length=120, help_text="Bijvoorbeeld 'Zuid-Kennemerland en IJmond'."
    )
    code = forms.CharField(
        label="Code", max_length=20, help_text="Korte code, bijvoorbeeld 'ZKIJ'."
    )


class GemeenteForm(SnelleKeuzelijsten, forms.Form):
    regio = forms.ModelChoiceField(label="Arbeidsmarktregio", queryset=Regio.objects.all())
    naam = forms.CharField(label="Naam", max_length=120)
    cbs_code = HoofdletterVeld(
        label="CBS-code",
        max_length=6,
        help_text="GM gevolgd door 4 cijfers, bijvoorbeeld GM0392.",
        validators=[RegexValidator(r"^GM\d{4}$", "Een CBS-code is GM gevolgd door 4 cijfers.")],
    )


class LoketForm(SnelleKeuzelijsten, forms.Form):
    regio = forms.ModelChoiceField(label="Arbeidsmarktregio", queryset=Regio.objects.all())
    naam = forms.CharField(
        label="Naam", max_length=160, help_text="Bijvoorbeeld 'Leerwerkloket Haarlem'."
    )
    code = HoofdletterVeld(
        label="Code",
        max_length=8,
        help_text="2 tot 8 hoofdletters; het voorvoegsel van de klantnummers.",
        validators=[RegexValidator(r"^[A-Z]{2,8}$", "Gebruik 2 tot 8 hoofdletters.")],
    )


class EersteBeheerderForm(SnelleKeuzelijsten, forms.Form):
    loket = forms.ModelChoiceField(label="Loket", queryset=Loket.objects.filter(actief=True))
    voornaam = forms.CharField(label="Voornaam", max_length=NAAM_MAX)
    achternaam = forms.CharField(label="Achternaam", max_length=NAAM_MAX)
    email = forms.EmailField(
        label="E-mailadres", max_length=NAAM_MAX,
        help_text="De beheerder krijgt hier een link die 72 uur geldig is.",
    )  # fmt: skip


class ProgrammagebruikerForm(SnelleKeuzelijsten, forms.Form):
    """A user of the programme: landelijk (every loket) or regio (the loketten of one region)."""

    rol = forms.ChoiceField(
        label="Rol",
        choices=[(Rol.LANDELIJK, Rol.LANDELIJK.label), (Rol.REGIO, Rol.REGIO.label)],
        help_text="Beiden zien alleen beschermde cijfers van loketten, nooit een klant.",
    )
    regio = forms.ModelChoiceField(
        label="Arbeidsmarktregio",
        queryset=Regio.objects.all(),
        required=False,
        empty_label="(geen: landelijk)",
        help_text="Verplicht voor de rol regio: de regio wier loketten deze persoon ziet.",
    )
    voornaam = forms.CharField(label="Voornaam", max_length=NAAM_MAX)
    achternaam = forms.CharField(label="Achternaam", max_length=NAAM_MAX)
    email = forms.EmailField(
        label="E-mailadres", max_length=NAAM_MAX,
        help_text="Hier komt de uitnodiging (72 uur geldig); het is ook de gebruikersnaam.",
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("rol") == Rol.REGIO and not data.get("regio"):
            self.add_error("regio", "Kies de arbeidsmarktregio van deze regionale gebruiker.")
        if data.get("rol") == Rol.LANDELIJK and data.get("regio"):
            self.add_error("regio", "Een landelijke gebruiker hoort bij geen regio: laat leeg.")
        return data


# --- Account ------------------------------------------------------------------------------


class WachtwoordBevestigenForm(SnelleKeuzelijsten, forms.Form):
    """The current password, next to the link: the link alone does not let anyone enrol."""

    wachtwoord = forms.CharField(
        label="Uw wachtwoord",
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, gebruiker, **kwargs):
        super().__init__(*args, **kwargs)
        self.request, self.gebruiker = request, gebruiker

    def clean_wachtwoord(self):
        # Through authenticate(), so django-axes counts failures and honours a lockout.
        wachtwoord = self.cleaned_data["wachtwoord"]
        user = authenticate(self.request, username=self.gebruiker.username, password=wachtwoord)
        if user is None or user.pk != self.gebruiker.pk:
            raise forms.ValidationError("Dit wachtwoord klopt niet.")
        return wachtwoord
