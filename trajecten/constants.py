"""Vocabularies of trajectories: types, stages, outcomes, funding sources."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TrajectType(models.TextChoices):
    EVC = "evc", _("EVC")
    DUAAL = "duaal", _("Duaal / BBL")
    # Room for more later, e.g. SCHOLING = "scholing", WERK_NAAR_WERK = "werk_naar_werk".


class Status(models.TextChoices):
    """The stages of every trajectory type in one vocabulary; each type uses its own subset."""

    AANGEMELD = "aangemeld", _("Aangemeld")
    # EVC
    INTAKE = "intake", _("Intake")
    PORTFOLIO = "portfolio", _("Portfolio")
    ASSESSMENT = "assessment", _("Assessment")
    CERTIFICAAT = "certificaat", _("Ervaringscertificaat uitgereikt")
    AFGEBROKEN = "afgebroken", _("Afgebroken")
    # Duaal / BBL
    LEERBAAN_GEZOCHT = "leerbaan_gezocht", _("Leerbaan gezocht")
    GEPLAATST = "geplaatst", _("Geplaatst (praktijkovereenkomst)")
    GESTART = "gestart", _("Gestart")
    DIPLOMA = "diploma", _("Diploma behaald")
    VOORTIJDIG_GESTOPT = "voortijdig_gestopt", _("Voortijdig gestopt")


# The stages of each type, in order (end stages last).
STADIA = {
    TrajectType.EVC: [
        Status.AANGEMELD,
        Status.INTAKE,
        Status.PORTFOLIO,
        Status.ASSESSMENT,
        Status.CERTIFICAAT,
        Status.AFGEBROKEN,
    ],
    TrajectType.DUAAL: [
        Status.AANGEMELD,
        Status.LEERBAAN_GEZOCHT,
        Status.GEPLAATST,
        Status.GESTART,
        Status.DIPLOMA,
        Status.VOORTIJDIG_GESTOPT,
    ],
}
EINDSTADIA = frozenset(
    {Status.CERTIFICAAT, Status.AFGEBROKEN, Status.DIPLOMA, Status.VOORTIJDIG_GESTOPT}
)
OPEN_EVC = [Status.AANGEMELD, Status.INTAKE, Status.PORTFOLIO, Status.ASSESSMENT]
OPEN_DUAAL = [Status.AANGEMELD, Status.LEERBAAN_GEZOCHT, Status.GEPLAATST, Status.GESTART]


class Uitkomst(models.TextChoices):
    ERVARINGSCERTIFICAAT = "ervaringscertificaat", _("Ervaringscertificaat")
    DIPLOMA = "diploma", _("Diploma")
    STARTKWALIFICATIE = "startkwalificatie", _("Startkwalificatie behaald")
    UITSTROOM_WERK = "uitstroom_werk", _("Uitstroom naar werk")
    GEEN = "geen", _("Geen")


# Which outcomes fit which end stage (the first is the default).
UITKOMSTEN_PER_EINDSTADIUM = {
    Status.CERTIFICAAT: [Uitkomst.ERVARINGSCERTIFICAAT, Uitkomst.UITSTROOM_WERK],
    Status.DIPLOMA: [Uitkomst.DIPLOMA, Uitkomst.STARTKWALIFICATIE, Uitkomst.UITSTROOM_WERK],
    Status.AFGEBROKEN: [Uitkomst.GEEN, Uitkomst.UITSTROOM_WERK],
    Status.VOORTIJDIG_GESTOPT: [Uitkomst.GEEN, Uitkomst.UITSTROOM_WERK],
}


class BronVanFinanciering(models.TextChoices):
    UWV = "uwv", _("UWV")
    GEMEENTE = "gemeente", _("Gemeente")
    SECTORFONDS = "sectorfonds", _("O&O-/sectorfonds")
    WERKGEVER = "werkgever", _("Werkgever")
    LOKETBUDGET = "loketbudget", _("Loketbudget")
    EIGEN_BIJDRAGE = "eigen_bijdrage", _("Eigen bijdrage")
    OVERIG = "overig", _("Overig")


class FinancieringsStatus(models.TextChoices):
    TOEGEZEGD = "toegezegd", _("Toegezegd")
    ONTVANGEN = "ontvangen", _("Ontvangen")
