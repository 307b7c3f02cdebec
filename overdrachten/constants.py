"""Vocabularies of warm hand-overs (melding plus terugmelding, after "Samen onder Handbereik")."""

from django.db import models
from django.utils.translation import gettext_lazy as _

STANDAARD_TERMIJN_WERKDAGEN = 10


class Gegevens(models.TextChoices):
    """What the client allows the desk to share with the partner."""

    CONTACT_EN_VRAAG = "contact_vraag", _("Naam, contactgegevens en hulpvraag")
    CONTACT_VRAAG_OPLEIDING = (
        "contact_vraag_opleiding",
        _("Naam, contactgegevens, hulpvraag en opleidingsniveau"),
    )


class Grondslag(models.TextChoices):
    TOESTEMMING = "toestemming", _("Toestemming van de klant")
    WETTELIJK = "wettelijk", _("Andere wettelijke grondslag (toelichten)")


class Urgentie(models.TextChoices):
    NORMAAL = "normaal", _("Normaal")
    HOOG = "hoog", _("Hoog: binnen enkele dagen contact")


class Soort(models.TextChoices):
    """The events of a hand-over, in order."""

    VERSTUURD = "verstuurd", _("Verstuurd")
    ONTVANGEN = "ontvangen", _("Ontvangen (geaccepteerd)")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    TERUGGEMELD = "teruggemeld", _("Teruggemeld")


# The answer a hand-over waits for: accepted or refused ends the wait for an answer; a refusal or a
# report-back ends the hand-over.
AFGEROND = (Soort.AFGEWEZEN, Soort.TERUGGEMELD)


class Uitkomst(models.TextChoices):
    GESTART = "gestart", _("Gestart met opleiding of traject")
    DOORVERWEZEN = "doorverwezen", _("Doorverwezen")
    GEEN_AANBOD = "geen_aanbod", _("Geen passend aanbod")
    NIET_VERSCHENEN = "niet_verschenen", _("Klant niet verschenen")
    ANDERS = "anders", _("Anders")
