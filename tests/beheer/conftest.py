import re

import pytest
from django.core import mail

from loket.constants import Rol

from ..factories import UserFactory

LINK = re.compile(r"https?://\S+?(/account/\S+/)")


def link_uit_mail(bericht) -> str:
    """The path of the link in a mail (what the user clicks)."""
    gevonden = LINK.search(bericht.body)
    assert gevonden, bericht.body
    return gevonden.group(1)


def laatste_link(aan: str) -> str:
    berichten = [m for m in mail.outbox if aan in m.to]
    assert berichten, f"geen mail aan {aan}"
    return link_uit_mail(berichten[-1])


@pytest.fixture
def functioneel_beheerder(db):
    return UserFactory(loket=None, rol=Rol.FUNCTIONEEL_BEHEERDER, username="fb")


@pytest.fixture
def beheerder_client(client, beheerder, client_as):
    return client_as(beheerder)
