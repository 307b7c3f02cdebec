"""How to build the arguments of the financiering URLs for the permission matrix and the form fuzz
test (tests/test_permissiematrix.py): a year, or an object of a given loket (another loket's
object must answer 404)."""

import datetime
from decimal import Decimal

from financiering import services
from financiering.constants import BoekingSoort

from ..factories import OrganisatieFactory
from .factories import BegrotingFactory, KostenpostFactory

JAAR = {"jaar": datetime.date.today().year}


def _boeking(loket):
    post = KostenpostFactory(begroting=BegrotingFactory(loket=loket, jaar=JAAR["jaar"]))
    boeking = services.boek(
        loket=loket,
        jaar=JAAR["jaar"],
        soort=BoekingSoort.BEGROOT,
        kostenpost=post,
        bedrag=Decimal("100.00"),
    )
    return {"pk": boeking.pk}


URL_ARGUMENTEN_FINANCIERING = {
    "financiering:jaaroverzicht": JAAR,
    "financiering:begroting": JAAR,
    "financiering:kostenpost_create": JAAR,
    "financiering:financieringsbron_create": JAAR,
    "financiering:import": JAAR,
    "financiering:norm": JAAR,
    "financiering:boeking_create": JAAR,
    "financiering:uren_create": JAAR,
    "financiering:tarieven": JAAR,
    "financiering:kwartaal_sluiten": JAAR,
    "financiering:export": JAAR,
    "financiering:boekingen_xlsx": JAAR,
    "financiering:boekingen_csv": JAAR,
    "financiering:partner": lambda loket: {
        **JAAR,
        "pk": OrganisatieFactory(loket=loket).pk,
    },
    "financiering:tegenboeking": _boeking,
}
