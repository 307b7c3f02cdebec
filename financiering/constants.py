"""Vocabularies of the budget (begroting) and the co-financing ledger (cofinanciering)."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kostencategorie(models.TextChoices):
    LOONKOSTEN = "loonkosten", _("Loonkosten")
    MATERIEEL = "materieel", _("Materiële kosten")
    DERDEN = "derden", _("Kosten derden")
    OVERHEAD = "overhead", _("Overhead")
    OVERIG = "overig", _("Overige kosten")


class Financieringssoort(models.TextChoices):
    RIJKSBIJDRAGE = "rijksbijdrage", _("Rijksbijdrage")
    SUBSIDIE = "subsidie", _("Subsidie")
    COFINANCIERING = "cofinanciering", _("Cofinanciering partner")


class Vorm(models.TextChoices):
    CASH = "cash", _("Cash")
    IN_NATURA = "in_natura", _("In natura (uren)")


class BoekingSoort(models.TextChoices):
    """What a ledger row records.

    begroot: a budgeted amount on a cost line or a rijksbijdrage/subsidie line;
    toezegging: a partner's commitment on a co-financing line (the budget of that line);
    realisatie: financing really received or hours really delivered;
    uitgave: money really spent on a cost line.
    """

    BEGROOT = "begroot", _("Begroot")
    TOEZEGGING = "toezegging", _("Toezegging")
    REALISATIE = "realisatie", _("Realisatie")
    UITGAVE = "uitgave", _("Uitgave")


class NormBasis(models.TextChoices):
    RIJKSBIJDRAGE = "rijksbijdrage", _("Rijksbijdrage (begroot)")
    BASISFINANCIERING = "basisfinanciering", _("Totale basisfinanciering (begrote kosten)")


def standaardnorm(jaar: int) -> tuple[Decimal, str]:
    """The co-financing norm the regulation sets for a year: 25 % of the
    rijksbijdrage up to 2012, 50 % of the rijksbijdrage from 2013 (SZW, EUR 100.000 a region).
    A projectleider may set another; a new year never silently inherits 25 %."""
    if jaar <= 2012:
        return Decimal("25.00"), NormBasis.RIJKSBIJDRAGE
    return Decimal("50.00"), NormBasis.RIJKSBIJDRAGE


# Which kind of line a booking of each kind belongs to.
SOORTEN_OP_KOSTENPOST = frozenset({BoekingSoort.BEGROOT, BoekingSoort.UITGAVE})
SOORTEN_OP_FINANCIERING = frozenset(
    {BoekingSoort.BEGROOT, BoekingSoort.TOEZEGGING, BoekingSoort.REALISATIE}
)

KWARTALEN = (1, 2, 3, 4)
