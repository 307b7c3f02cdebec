"""Forms of consent, hand-overs, answers and partner hours. Choices are always limited to the
user's own loket (and, for a partner, its own organisation)."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from clients.forms import DateInput
from financiering.models import Tarief
from loket.constants import Rol
from loket.models import Organisatie, User
from loket.velden import DecimaalVeld
from loket.widgets import SnelleKeuzelijsten

from .constants import Gegevens, Grondslag, Uitkomst, Urgentie

KWARTALEN = [(1, "Kwartaal 1"), (2, "Kwartaal 2"), (3, "Kwartaal 3"), (4, "Kwartaal 4")]


def _partners(loket):
    return Organisatie.objects.voor_loket(loket, actief=True).order_by("naam")


class ToestemmingForm(SnelleKeuzelijsten, forms.Form):
    organisatie = forms.ModelChoiceField(
        label="Partnerorganisatie",
        queryset=Organisatie.objects.none(),
        error_messages={"required": "Kies een partner.", "invalid_choice": "Kies een partner."},
    )
    gegevens = forms.ChoiceField(
        label="Welke gegevens mogen worden gedeeld",
        choices=Gegevens.choices,
        initial=Gegevens.CONTACT_EN_VRAAG,
    )
    gegeven_op = forms.DateField(
        label="Toestemming gegeven op",
        widget=DateInput(),
        error_messages={"required": "Vul de datum in.", "invalid": "Vul een geldige datum in."},
    )

    def __init__(self, *args, loket, **kwargs):
        kwargs.setdefault("initial", {"gegeven_op": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = _partners(loket)


class OverdrachtForm(SnelleKeuzelijsten, forms.Form):
    organisatie = forms.ModelChoiceField(
        label="Partnerorganisatie",
        queryset=Organisatie.objects.none(),
        error_messages={"required": "Kies een partner.", "invalid_choice": "Kies een partner."},
    )
    contactpersoon = forms.ModelChoiceField(
        label="Contactpersoon bij de partner",
        queryset=User.objects.none(),
        required=False,
        help_text="Optioneel. Alle medewerkers van de partner krijgen een melding.",
        error_messages={"invalid_choice": "Kies een contactpersoon uit de lijst."},
    )
    vraag = forms.CharField(
        label="Vraag aan de partner",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Alleen wat de partner nodig heeft; geen BSN.",
        error_messages={"required": "Beschrijf de vraag aan de partner."},
    )
    urgentie = forms.ChoiceField(
        label="Urgentie", choices=Urgentie.choices, initial=Urgentie.NORMAAL
    )
    grondslag = forms.ChoiceField(
        label="Grondslag voor het delen", choices=Grondslag.choices, initial=Grondslag.TOESTEMMING
    )
    grondslag_toelichting = forms.CharField(
        label="Wettelijke grondslag (alleen bij een andere grondslag dan toestemming)",
        max_length=300,
        required=False,
    )

    def __init__(self, *args, loket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = _partners(loket)
        self.fields["contactpersoon"].queryset = User.objects.filter(
            loket=loket, rol=Rol.PARTNER, is_active=True, organisatie__isnull=False
        ).select_related("organisatie")
        self.fields["contactpersoon"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username} ({u.organisatie})"
        )


class AfwijzenForm(SnelleKeuzelijsten, forms.Form):
    reden = forms.CharField(
        label="Reden van de afwijzing",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Geef de reden van de afwijzing."},
    )


class TerugmeldForm(SnelleKeuzelijsten, forms.Form):
    uitkomst = forms.ChoiceField(
        label="Uitkomst",
        choices=[("", "Kies een uitkomst")] + list(Uitkomst.choices),
        error_messages={"required": "Kies een uitkomst.", "invalid_choice": "Kies een uitkomst."},
    )
    toelichting = forms.CharField(
        label="Toelichting",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Verplicht bij 'Anders'.",
    )


class UrenopgaveForm(SnelleKeuzelijsten, forms.Form):
    tarief = forms.ModelChoiceField(
        label="Rol (tarief)",
        queryset=Tarief.objects.none(),
        error_messages={
            "required": "Kies een rol.",
            "invalid_choice": "Kies een rol uit de lijst.",
        },
    )
    kwartaal = forms.TypedChoiceField(
        label="Kwartaal",
        choices=KWARTALEN,
        coerce=int,
        error_messages={"required": "Kies een kwartaal."},
    )
    medewerker = forms.CharField(label="Medewerker of functie", max_length=120)
    uren = DecimaalVeld(
        label="Uren", decimalen=2, min_waarde=Decimal("0.01"), max_waarde=99999, voorbeeld="12,5"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        jaar = timezone.localdate().year
        self.fields["tarief"].queryset = Tarief.objects.voor_loket(
            user.loket_id, organisatie_id=user.organisatie_id, jaar__in=[jaar - 1, jaar]
        ).order_by("-jaar", "rol")
        self.fields["tarief"].label_from_instance = lambda t: f"{t.rol} ({t.jaar})"


class KwartaalBevestigenForm(SnelleKeuzelijsten, forms.Form):
    prefix = "bevestig"  # shares the page with the hours form: its own ids
    jaar = forms.TypedChoiceField(label="Jaar", coerce=int, choices=())
    kwartaal = forms.TypedChoiceField(label="Kwartaal", choices=KWARTALEN, coerce=int)
    bevestig = forms.BooleanField(
        label="Ik bevestig de realisatie van mijn organisatie voor dit kwartaal. Daarna liggen de "
        "boekingen van dat kwartaal vast.",
        error_messages={"required": "Vink de bevestiging aan."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        jaar = timezone.localdate().year
        self.fields["jaar"].choices = [(jaar, str(jaar)), (jaar - 1, str(jaar - 1))]


class AfkeurForm(SnelleKeuzelijsten, forms.Form):
    reden = forms.CharField(label="Reden van afkeuring", max_length=300)
