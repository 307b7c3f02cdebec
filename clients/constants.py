"""Vocabularies of clients, intakes, contacts and employers (the choices on the forms)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Doelgroep(models.TextChoices):
    WW = "ww", _("Werkzoekend met WW")
    BIJSTAND = "bijstand", _("Werkzoekend met bijstand")
    NUG = "nug", _("Werkzoekend zonder uitkering (NUG)")
    WERKEND = "werkend", _("Werkend")
    WERKEND_BEDREIGD = "werkend_bedreigd", _("Werkend en met werkloosheid bedreigd")
    SCHOLIER = "scholier", _("Scholier / student")
    SCHOOLVERLATER = "schoolverlater", _("Schoolverlater (ook voortijdig)")
    ARBEIDSBEPERKT = "arbeidsbeperkt", _("Arbeidsbeperkt")
    ANDERS = "anders", _("Anders")


class Opleidingsniveau(models.TextChoices):
    GEEN = "geen", _("Geen / basisonderwijs")
    VMBO = "vmbo", _("Vmbo / mavo")
    MBO1 = "mbo1", _("Mbo niveau 1 (entree)")
    MBO2 = "mbo2", _("Mbo niveau 2")
    MBO3 = "mbo3", _("Mbo niveau 3")
    MBO4 = "mbo4", _("Mbo niveau 4")
    HAVO = "havo", _("Havo")
    VWO = "vwo", _("Vwo")
    HBO = "hbo", _("Hbo")
    WO = "wo", _("Wo")
    BUITENLANDS = "buitenlands", _("Buitenlands diploma (niet gewaardeerd)")
    ONBEKEND = "onbekend", _("Onbekend")


# A havo or vwo diploma, or mbo level 2 or higher, is a startkwalificatie.
GEEFT_STARTKWALIFICATIE = frozenset(
    {
        Opleidingsniveau.MBO2,
        Opleidingsniveau.MBO3,
        Opleidingsniveau.MBO4,
        Opleidingsniveau.HAVO,
        Opleidingsniveau.VWO,
        Opleidingsniveau.HBO,
        Opleidingsniveau.WO,
    }
)


class Kanaal(models.TextChoices):
    BEZOEK = "bezoek", _("Bezoek loket")
    TELEFOON = "telefoon", _("Telefoon")
    EMAIL = "email", _("E-mail")
    WEBSITE = "website", _("Website")
    VOORLICHTING = "voorlichting", _("Voorlichtingsbijeenkomst")


class Hoofddoel(models.TextChoices):
    SCHOLING = "scholing", _("Informatie/advies over scholing")
    LOOPBAAN = "loopbaan", _("Loopbaanoriëntatie")
    LEERWERKPLEK = "leerwerkplek", _("Leerwerkplek")
    ERKENNING = "erkenning", _("Erkenning van vaardigheden (EVC)")
    BEHOUD_WERK = "behoud_werk", _("Behoud van werk")
    STAGEPLEK = "stageplek", _("Stageplek")
    ANDERS = "anders", _("Anders")


class Verwijzer(models.TextChoices):
    UWV = "uwv", _("UWV")
    GEMEENTE = "gemeente", _("Gemeente")
    RMC = "rmc", _("RMC")
    WSP = "wsp", _("Werkgeversservicepunt (WSP)")
    VAKBOND = "vakbond", _("Vakbond")
    WERKGEVER = "werkgever", _("Werkgever")
    ROC = "roc", _("Roc")
    EIGEN_INITIATIEF = "eigen_initiatief", _("Eigen initiatief")


class Dienst(models.TextChoices):
    INFORMATIE = "informatie", _("Informatie")
    LOOPBAANADVIES = "loopbaanadvies", _("Loopbaanadvies")
    SCHOLINGSADVIES = "scholingsadvies", _("Scholingsadvies")
    TESTAFNAME = "testafname", _("Testafname")
    BEMIDDELING = "bemiddeling", _("Bemiddeling naar leerwerkplek")
    EVC_ADVIES = "evc_advies", _("EVC-advies")
    FINANCIERINGSADVIES = "financieringsadvies", _("Financieringsadvies")
    DOORVERWIJZING = "doorverwijzing", _("Doorverwijzing (warme overdracht)")


class Leeftijdsgroep(models.TextChoices):
    JONGEREN = "<27", _("Jonger dan 27")
    MIDDEN = "27-44", _("27 tot en met 44")
    OUDEREN = "45+", _("45 en ouder")


class WerkgeverscontactSoort(models.TextChoices):
    BEZOEK = "bezoek", _("Bezoek")
    TELEFOON = "telefoon", _("Telefoon")
    BIJEENKOMST = "bijeenkomst", _("Bijeenkomst")


class Uitstroom(models.TextChoices):
    """Where a client went when the file is closed outside a trajectory."""

    WERK = "werk", _("Uitstroom naar werk")
    OPLEIDING = "opleiding", _("Gestart met een opleiding")
    DOORVERWEZEN = "doorverwezen", _("Doorverwezen, verder begeleid door een partner")
    GEEN_VRAAG = "geen_vraag", _("Vraag beantwoord, geen verdere begeleiding nodig")
    GEEN_CONTACT = "geen_contact", _("Geen contact meer")
    VERHUISD = "verhuisd", _("Verhuisd buiten de regio")
    ANDERS = "anders", _("Anders")
