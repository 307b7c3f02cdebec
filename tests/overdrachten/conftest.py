import datetime
from decimal import Decimal

import pytest

from financiering import services as financiering
from financiering.constants import Financieringssoort, Vorm
from loket.constants import OrganisatieType

from ..aanmelden.smtp import smtp  # noqa: F401 - fixture
from ..factories import OrganisatieFactory
from .fabriek import partner_gebruiker


@pytest.fixture
def roc(loket):
    return OrganisatieFactory(loket=loket, naam="Nova College", type=OrganisatieType.ROC)


@pytest.fixture
def gemeente(loket):
    return OrganisatieFactory(loket=loket, naam="Gemeente Haarlem", type=OrganisatieType.GEMEENTE)


@pytest.fixture
def roc_medewerker(roc):
    return partner_gebruiker(roc, username="roc-medewerker", email="intake@nova.example")


@pytest.fixture
def gemeente_medewerker(gemeente):
    return partner_gebruiker(gemeente, username="gemeente-medewerker", email="wz@haarlem.example")


def cofinanciering_in_natura(loket, organisatie, jaar):
    """A year's budget line for the partner's hours and a tariff of its own."""
    begroting = financiering.haal_begroting(loket, jaar)
    financiering.voeg_financieringsbron_toe(
        begroting,
        naam=f"Cofinanciering {organisatie.naam}",
        soort=Financieringssoort.COFINANCIERING,
        organisatie=organisatie,
        vorm=Vorm.IN_NATURA,
        bedrag=Decimal("12500"),
        datum=datetime.date(jaar, 1, 2),
    )
    return financiering.stel_tarief_in(
        loket, jaar, "Docent", Decimal("62.50"), organisatie=organisatie
    )
