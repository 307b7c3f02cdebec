"""Vocabularies of beheer: what a change-log row is about, what an invitation is for."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.constants import Rol


class Onderwerp(models.TextChoices):
    GEBRUIKER = "gebruiker", _("Gebruiker")
    ROL = "rol", _("Rol")
    TWEEDE_FACTOR = "tweede_factor", _("Tweede factor")
    WACHTWOORD = "wachtwoord", _("Wachtwoord")
    BLOKKADE = "blokkade", _("Inlogblokkade")
    ORGANISATIE = "organisatie", _("Organisatie")
    INSTELLING = "instelling", _("Instelling")
    DOELSTELLING = "doelstelling", _("Doelstelling")
    LOKET = "loket", _("Loket")
    REGIO = "regio", _("Regio")
    GEMEENTE = "gemeente", _("Gemeente")


class Doel(models.TextChoices):
    """What following an invitation link lets its user do."""

    UITNODIGING = "uitnodiging", _("Uitnodiging (wachtwoord en authenticator)")
    TWEEDE_FACTOR = "tweede_factor", _("Authenticator opnieuw koppelen")


# Roles a beheerder of a loket may hand out (the rest belong to the installation).
LOKET_ROLLEN = [
    (r.value, r.label)
    for r in (Rol.WERKCOACH, Rol.PROJECTLEIDER, Rol.STUURGROEP, Rol.BEHEERDER, Rol.PARTNER)
]

UITNODIGING_GELDIG_UUR = 72
