"""Vocabularies of the core app: the roles (their rights are in loket/access.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rol(models.TextChoices):
    WERKCOACH = "werkcoach", _("Werkcoach / loketadviseur")
    PROJECTLEIDER = "projectleider", _("Projectleider")
    STUURGROEP = "stuurgroep", _("Stuurgroep / kerngroep")
    BEHEERDER = "beheerder", _("Beheerder")
    # Around the desk: staff of a partner organisation, the national programme,
    # a region's programme, and the functional administrator of the whole installation.
    PARTNER = "partner", _("Partner (medewerker partnerorganisatie)")
    REGIO = "regio", _("Regio (loketten van één arbeidsmarktregio)")
    LANDELIJK = "landelijk", _("Landelijk programma")
    FUNCTIONEEL_BEHEERDER = "functioneel_beheerder", _("Functioneel beheerder (installatie)")


class OrganisatieType(models.TextChoices):
    UWV = "uwv", _("UWV")
    GEMEENTE = "gemeente", _("Gemeente")
    ROC = "roc", _("Roc (mbo-instelling)")
    SBB = "sbb", _("SBB")
    WERKGEVERSORGANISATIE = "werkgeversorganisatie", _("Werkgeversorganisatie")
    VAKBOND = "vakbond", _("Vakbond")
    RMC = "rmc", _("RMC")
    EVC_AANBIEDER = "evc_aanbieder", _("EVC-aanbieder")
    OVERIG = "overig", _("Overig")


# Roles that must log in with a second factor: all that see personal data of clients
# (the beheerder sees the access log with client ids), and the programme roles, who see every
# loket's figures and enrol through the same invitation (which couples an authenticator).
ROLLEN_MET_2FA = frozenset(
    {
        Rol.WERKCOACH,
        Rol.PROJECTLEIDER,
        Rol.BEHEERDER,
        Rol.PARTNER,
        Rol.FUNCTIONEEL_BEHEERDER,
        Rol.REGIO,
        Rol.LANDELIJK,
    }
)
