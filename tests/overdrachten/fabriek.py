"""Building consents and hand-overs for tests, through the services (so every rule applies)."""

from django.utils import timezone

from loket.constants import OrganisatieType, Rol
from loket.models import Organisatie
from overdrachten import services

from ..factories import KlantFactory, UserFactory


def matrix_partner(loket) -> Organisatie:
    """The one partner organisation the permission matrix's partner users belong to."""
    organisatie, _ = Organisatie.objects.get_or_create(
        loket=loket, naam="Roc Matrix", defaults={"type": OrganisatieType.ROC}
    )
    return organisatie


def partner_gebruiker(organisatie, **kwargs):
    return UserFactory(loket=organisatie.loket, rol=Rol.PARTNER, organisatie=organisatie, **kwargs)


def maak_overdracht(
    loket, organisatie=None, *, klant=None, werkcoach=None, vraag="Wil een BBL-opleiding."
):
    organisatie = organisatie or matrix_partner(loket)
    klant = klant or KlantFactory(loket=loket)
    werkcoach = werkcoach or UserFactory(loket=loket, rol=Rol.WERKCOACH)
    if not klant.toestemmingen.filter(
        organisatie=organisatie, ingetrokken_op__isnull=True
    ).exists():
        services.leg_toestemming_vast(
            klant=klant,
            organisatie=organisatie,
            gegevens="contact_vraag",
            gegeven_op=timezone.localdate(),
            door=werkcoach,
        )
    return services.maak_overdracht(
        klant=klant, organisatie=organisatie, vraag=vraag, door=werkcoach
    )
