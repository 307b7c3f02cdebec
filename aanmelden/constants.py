"""Vocabularies of the client's own side: sign-up, appointments and follow-up surveys."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AanmeldingStatus(models.TextChoices):
    NIEUW = "nieuw", _("Nieuw")
    OMGEZET = "omgezet", _("Omgezet in intake")
    GESLOTEN = "gesloten", _("Gesloten")


class SluitReden(models.TextChoices):
    DUBBEL = "dubbel", _("Dubbele aanmelding")
    NIET_BEREIKBAAR = "niet_bereikbaar", _("Niet bereikbaar")
    ZIET_AF = "ziet_af", _("Ziet af van ondersteuning")
    NIET_DOELGROEP = "niet_doelgroep", _("Hoort niet bij dit loket")
    ONZIN = "onzin", _("Geen echte aanmelding")
    ANDERS = "anders", _("Anders")


class EnqueteSoort(models.TextChoices):
    """The same codes as monitor.constants.TevredenheidSoort (the monitor counts both)."""

    KLANT = "klant", _("Particuliere klanten")
    WERKGEVER = "werkgever", _("Werkgevers")


class Aanleiding(models.TextChoices):
    """What starts the clock of a survey moment."""

    INTAKE = "intake", _("Intake")
    TRAJECT_EINDE = "traject_einde", _("Einde van een traject")
    WERKGEVERSCONTACT = "werkgeverscontact", _("Werkgeverscontact")


AANLEIDING_SOORT = {
    Aanleiding.INTAKE: EnqueteSoort.KLANT,
    Aanleiding.TRAJECT_EINDE: EnqueteSoort.KLANT,
    Aanleiding.WERKGEVERSCONTACT: EnqueteSoort.WERKGEVER,
}


class Situatie(models.TextChoices):
    WERK = "werk", _("Ik werk")
    OPLEIDING = "opleiding", _("Ik volg een opleiding")
    BEIDE = "beide", _("Ik werk en volg een opleiding")
    GEEN = "geen", _("Geen van beide")
    ANDERS = "anders", _("Anders")


# "Situation six months after": the answers of a survey sent at least this many days after its event.
ZES_MAANDEN_DAGEN = 182
