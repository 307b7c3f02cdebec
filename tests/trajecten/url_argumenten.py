"""How to build the path arguments of the trajecten and werkgevers URLs for an object of a given
loket, for the permission matrix and the form fuzzer (tests/test_permissiematrix.py merges this
with `URL_ARGUMENTEN.update(TRAJECTEN_URL_ARGUMENTEN)`)."""

from ..factories import KlantFactory, WerkgeverFactory
from .factories import FinancieringsRegelFactory, TrajectFactory


def _traject(loket):
    return {"pk": TrajectFactory(klant__loket=loket).pk}


def _regel(loket):
    regel = FinancieringsRegelFactory(traject=TrajectFactory(klant__loket=loket))
    return {"pk": regel.traject_id, "regel_pk": regel.pk}


def _werkgever(loket):
    return {"pk": WerkgeverFactory(loket=loket).pk}


TRAJECTEN_URL_ARGUMENTEN = {
    "trajecten:start": lambda loket: {"klant_pk": KlantFactory(loket=loket).pk},
    "trajecten:detail": _traject,
    "trajecten:wijzig": _traject,
    "trajecten:stap": _traject,
    "trajecten:correctie": _traject,
    "trajecten:financiering": _traject,
    "trajecten:financiering_ontvangen": _regel,
    "werkgevers:detail": _werkgever,
    "werkgevers:update": _werkgever,
    "werkgevers:contact_create": _werkgever,
}
