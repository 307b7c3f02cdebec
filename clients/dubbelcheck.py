"""The duplicate check while typing (HTMX), and the take-over of what was typed into a returning
client's new intake. Beside forms.py and views.py so the intake rules stay where they are."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views import View

from loket.access import Recht, RolVereistMixin
from loket.audit import log_verwerking
from loket.datums import RedelijkeDatums
from loket.models import Verwerking

from . import selectors
from .validators import normaliseer_telefoon

# What of the new-client intake is kept when the werkcoach opens the existing client instead.
OVERGENOMEN_INTAKEVELDEN = ["datum", "kanaal", "hoofddoel", "verwijzer", "notities"]


class DubbelcheckForm(RedelijkeDatums, forms.Form):
    """The few fields the check needs; anything unreadable simply does not take part."""

    voornaam = forms.CharField(required=False, max_length=80)
    tussenvoegsel = forms.CharField(required=False, max_length=20)
    achternaam = forms.CharField(required=False, max_length=120)
    geboortedatum = forms.DateField(required=False)
    email = forms.EmailField(required=False)


class DubbelcheckView(RolVereistMixin, View):
    """GET with what the intake form holds so far: the clients who are probably this person."""

    recht = Recht.KLANTWERK

    def get(self, request):
        form = DubbelcheckForm(request.GET)
        # An unreadable value (a half-typed date) only leaves that field out of the check.
        form.is_valid()
        gegevens = dict.fromkeys(form.base_fields, "") | {"geboortedatum": None}
        gegevens.update(form.cleaned_data)  # only the fields that could be read
        dubbelen = []
        heeft_naam = gegevens["voornaam"] and gegevens["achternaam"] and gegevens["geboortedatum"]
        if heeft_naam or gegevens["email"]:
            dubbelen = selectors.dubbelen_voor(self.loket, gegevens)
        if dubbelen:
            log_verwerking(
                request,
                Verwerking.Actie.GEZOCHT,
                "dubbelcheck tijdens typen",
                [k.pk for k in dubbelen],
            )
        return render(request, "clients/_dubbelcheck.html", {"dubbelen": dubbelen, "live": True})


class ContactgegevensBijwerkenForm(forms.Form):
    """New phone and e-mail typed for a client who turned out to exist: offered as updates."""

    telefoon = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    email = forms.EmailField(required=False, max_length=254, widget=forms.HiddenInput)
    telefoon_overnemen = forms.BooleanField(required=False)
    email_overnemen = forms.BooleanField(required=False)

    def __init__(self, *args, klant, **kwargs):
        super().__init__(*args, **kwargs)
        self.klant = klant
        telefoon = self.initial.get("telefoon") or (
            self.data.get("telefoon") if self.is_bound else ""
        )
        email = self.initial.get("email") or (self.data.get("email") if self.is_bound else "")
        self.fields[
            "telefoon_overnemen"
        ].label = f"Nieuw telefoonnummer {telefoon} opslaan (nu: {klant.telefoon or 'geen'})"
        self.fields[
            "email_overnemen"
        ].label = f"Nieuw e-mailadres {email} opslaan (nu: {klant.email or 'geen'})"

    def clean_telefoon(self):
        telefoon = self.cleaned_data["telefoon"]
        return normaliseer_telefoon(telefoon) if telefoon else ""

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        for veld in ["telefoon", "email"]:
            if cleaned.get(f"{veld}_overnemen") and not cleaned.get(veld):
                self.add_error(f"{veld}_overnemen", "Er is geen nieuwe waarde om op te slaan.")
        return cleaned

    def wijzigingen(self) -> dict[str, str]:
        """The fields to change on the client: those ticked whose value differs."""
        return {
            veld: self.cleaned_data[veld]
            for veld in ["telefoon", "email"]
            if self.cleaned_data.get(f"{veld}_overnemen")
            and self.cleaned_data[veld] != _genormaliseerd(getattr(self.klant, veld))
        }

    def zichtbare_velden(self) -> list[str]:
        return [v for v in ["telefoon", "email"] if self[v].value()]


def overgenomen_intake(post) -> dict:
    """The intake fields typed on the new-client form, as initial values (unchecked: the
    werkcoach sees them in the form and the form validates them on submit)."""
    initial = {veld: post.get(veld) for veld in OVERGENOMEN_INTAKEVELDEN if post.get(veld)}
    if "datum" in initial:
        try:
            initial["datum"] = forms.DateField().clean(initial["datum"])
        except ValidationError:
            del initial["datum"]  # unreadable: the page's default (today) stays
    return initial


def _genormaliseerd(telefoon: str) -> str:
    try:
        return normaliseer_telefoon(telefoon) if telefoon else ""
    except ValidationError:
        return telefoon


def nieuwe_contactgegevens(post, klant) -> dict:
    """Phone and e-mail typed on the new-client form that differ from what the client has."""
    nieuw = {}
    telefoon = (post.get("telefoon") or "").strip()
    if telefoon:
        try:
            telefoon = normaliseer_telefoon(telefoon)
        except ValidationError:
            telefoon = ""
    if telefoon and telefoon != _genormaliseerd(klant.telefoon):
        nieuw["telefoon"] = telefoon
    email = (post.get("email") or "").strip().lower()
    if email and email != klant.email:
        nieuw["email"] = email
    return nieuw
