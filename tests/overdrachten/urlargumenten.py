"""How the permission matrix builds an object of a given loket for each hand-over URL. Partner
URLs build a hand-over addressed to the matrix's partner organisation (test_permissiematrix gives
its partner users that organisation)."""

from django.utils import timezone

from overdrachten import services

from ..factories import KlantFactory, UserFactory
from .fabriek import maak_overdracht, matrix_partner


def _toestemming(loket):
    klant = KlantFactory(loket=loket)
    return {
        "pk": services.leg_toestemming_vast(
            klant=klant,
            organisatie=matrix_partner(loket),
            gegevens="contact_vraag",
            gegeven_op=timezone.localdate(),
            door=UserFactory(loket=loket),
        ).pk
    }


URL_ARGUMENTEN_OVERDRACHTEN = {
    "overdrachten:detail": lambda loket: {"pk": maak_overdracht(loket).pk},
    "overdrachten:partner_detail": lambda loket: {"pk": maak_overdracht(loket).pk},
    "overdrachten:create": lambda loket: {"pk": KlantFactory(loket=loket).pk},
    "overdrachten:toestemming_create": lambda loket: {"pk": KlantFactory(loket=loket).pk},
    "overdrachten:toestemming_intrekken": _toestemming,
}
