"""The 2010 Zuid-Kennemerland budget from the business plan (seed 000), entered through the
services as a projectleider would."""

import datetime
from decimal import Decimal

import pytest

from financiering import services
from financiering.constants import Financieringssoort, Kostencategorie, NormBasis, Vorm

from ..factories import OrganisatieFactory

KOSTEN_2010 = [
    ("Loonkosten UWV", Kostencategorie.LOONKOSTEN, "75000"),
    ("Loonkosten overig", Kostencategorie.LOONKOSTEN, "50000"),
    ("Materiële kosten (communicatie)", Kostencategorie.MATERIEEL, "35000"),
    ("Kosten derden", Kostencategorie.DERDEN, "60000"),
    ("Overhead UWV", Kostencategorie.OVERHEAD, "15000"),
]
PARTNERS_2010 = [
    ("MKB Haarlem", "1500"),
    ("UWV", "12500"),
    ("roc Nova College", "12500"),
    ("Colo", "5000"),
    ("Gemeente Haarlem/RMC", "17500"),
    ("PAO", "5100"),
]


def voer_begroting_2010_in(loket, door=None):
    begroting = services.haal_begroting(loket, 2010)
    services.stel_norm_in(begroting, percentage=Decimal("25"), basis=NormBasis.RIJKSBIJDRAGE)
    datum = datetime.date(2010, 1, 4)
    for naam, categorie, bedrag in KOSTEN_2010:
        services.voeg_kostenpost_toe(
            begroting,
            naam=naam,
            categorie=categorie,
            bedrag=Decimal(bedrag),
            datum=datum,
            door=door,
        )
    services.voeg_financieringsbron_toe(
        begroting,
        naam="Rijksbijdrage SZW",
        soort=Financieringssoort.RIJKSBIJDRAGE,
        bedrag=Decimal("182400"),
        datum=datum,
        door=door,
    )
    for naam, bedrag in PARTNERS_2010:
        organisatie = OrganisatieFactory(loket=loket, naam=naam)
        services.voeg_financieringsbron_toe(
            begroting,
            naam=f"Cofinanciering {naam}",
            soort=Financieringssoort.COFINANCIERING,
            organisatie=organisatie,
            vorm=Vorm.IN_NATURA,
            bedrag=Decimal(bedrag),
            datum=datum,
            door=door,
        )
    return begroting


@pytest.fixture
def begroting_2010(loket, projectleider):
    return voer_begroting_2010_in(loket, door=projectleider)
