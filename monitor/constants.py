from django.db import models
from django.utils.translation import gettext_lazy as _


class Stoplicht(models.TextChoices):
    GROEN = "groen", _("Groen: op schema")
    ORANJE = "oranje", _("Oranje: aandacht nodig")
    ROOD = "rood", _("Rood: achter op schema")


class Eenheid(models.TextChoices):
    AANTAL = "aantal", _("aantal")
    CIJFER = "cijfer", _("gemiddeld rapportcijfer")
    PROCENT = "procent", _("procent")
    DAGEN = "dagen", _("dagen (mediaan)")


class TevredenheidSoort(models.TextChoices):
    KLANT = "klant", _("Particuliere klanten")
    WERKGEVER = "werkgever", _("Werkgevers")


# Counts between 1 and this minus one are suppressed for the stuurgroep ("< 5").
KLEINSTE_CEL = 5

# The render task's name: settings route it, services enqueue it by this name (monitor.tasks
# imports services, never the other way round).
TAAK_MAAK_KWARTAALRAPPORT = "monitor.tasks.maak_kwartaalrapport"
TAAK_MAAK_PROGRAMMARAPPORT = "monitor.tasks.maak_programmarapport"
