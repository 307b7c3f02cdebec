"""How the permission matrix builds the URLs of beheer and the account pages."""

from beheer.constants import Doel
from beheer.services import _maak_uitnodiging

from ..factories import OrganisatieFactory, UserFactory


def _uitnodiging(loket):
    gebruiker = UserFactory(loket=loket)
    return {"token": _maak_uitnodiging(gebruiker=gebruiker, doel=Doel.UITNODIGING, door=None)}


BEHEER_URL_ARGUMENTEN = {
    "beheer:gebruiker": lambda loket: {"pk": UserFactory(loket=loket).pk},
    "beheer:organisatie": lambda loket: {"pk": OrganisatieFactory(loket=loket).pk},
    "account:uitnodiging": _uitnodiging,
    # Django's reset view answers an unknown link with its "link not valid" page (200).
    "account:wachtwoord_herstellen": {"uidb64": "MQ", "token": "abc-def"},
}
