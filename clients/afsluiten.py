"""Closing a client's file outside a trajectory: uitstroom with a reason, appended as a fact.
A later intake reopens the file; the closing stays in the timeline."""

from django import forms
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from loket.audit import log_verwerking
from loket.datums import RedelijkeDatums
from loket.models import Verwerking
from loket.widgets import SnelleKeuzelijsten

from .constants import Uitstroom
from .forms import DateInput, niet_in_toekomst, niet_te_lang_geleden
from .models import Dossierafsluiting, Klant
from .services import markeer_activiteit
from .validators import validate_geen_bsn
from .views import KlantFormulierView


class DossierafsluitingForm(SnelleKeuzelijsten, RedelijkeDatums, forms.ModelForm):
    class Meta:
        model = Dossierafsluiting
        fields = ["datum", "uitstroom", "reden"]
        widgets = {"datum": DateInput(), "reden": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "datum": {"required": "Vul de datum van afsluiten in."},
            "uitstroom": {"required": "Kies waar de klant naartoe is uitgestroomd."},
            "reden": {"required": "Vul de toelichting in: waarom wordt het dossier gesloten?"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uitstroom"].choices = [("", "Kies de uitstroom"), *Uitstroom.choices]

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        niet_in_toekomst(datum, "datum van afsluiten")
        niet_te_lang_geleden(datum, "datum van afsluiten")
        return datum

    def clean_reden(self):
        validate_geen_bsn(self.cleaned_data["reden"])
        return self.cleaned_data["reden"].strip()


@transaction.atomic
def sluit_dossier(request, klant: Klant, afsluiting: Dossierafsluiting) -> Dossierafsluiting:
    afsluiting.loket_id = klant.loket_id
    afsluiting.klant = klant
    afsluiting.door = request.user
    afsluiting.save()
    markeer_activiteit(klant, afsluiting.datum)
    log_verwerking(
        request,
        Verwerking.Actie.GEWIJZIGD,
        f"dossier gesloten: {afsluiting.get_uitstroom_display().lower()}",
        [klant.pk],
    )
    return afsluiting


class DossierAfsluitenView(KlantFormulierView):
    titel, knop, melding = "Dossier sluiten", "Dossier sluiten", "Het dossier is gesloten."

    def get_klant(self) -> Klant:
        klant = super().get_klant()
        if klant.geanonimiseerd_op:
            raise Http404  # an anonymised client's file is closed for good
        return klant

    def maak_form(self, klant, data=None):
        return DossierafsluitingForm(data, initial={"datum": timezone.localdate()})

    def opslaan(self, klant, form):
        sluit_dossier(self.request, klant, form.instance)
