"""A single-use link from the shell: for the installation's first functioneel beheerder, or for an
existing account that must couple its authenticator app (e.g. the demo accounts with 2FA on).

    manage.py uitnodiging --functioneel-beheerder fb@example.nl --voornaam Fien --achternaam Beheer
    manage.py uitnodiging --gebruiker demo-werkcoach
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from beheer.constants import Doel
from beheer.services import _maak_uitnodiging
from beheer.wijzigingen import log_wijziging
from loket.constants import Rol
from loket.models import User


class Command(BaseCommand):
    help = "Maak een eenmalige link (72 uur geldig) om een wachtwoord te kiezen en een authenticator te koppelen."

    def add_arguments(self, parser):
        groep = parser.add_mutually_exclusive_group(required=True)
        groep.add_argument("--gebruiker", help="gebruikersnaam van een bestaand account")
        groep.add_argument("--functioneel-beheerder", metavar="EMAIL", help="nieuw account")
        parser.add_argument("--voornaam", default="")
        parser.add_argument("--achternaam", default="")

    @transaction.atomic
    def handle(self, *args, **opties):
        if opties["gebruiker"]:
            gebruiker = User.objects.filter(username=opties["gebruiker"], is_active=True).first()
            if gebruiker is None:
                raise CommandError(f"Geen actief account {opties['gebruiker']!r}.")
        else:
            email = opties["functioneel_beheerder"].strip().lower()
            if User.objects.filter(username__iexact=email).exists():
                raise CommandError(f"Er bestaat al een account {email!r}.")
            gebruiker = User(
                username=email, email=email, first_name=opties["voornaam"],
                last_name=opties["achternaam"], rol=Rol.FUNCTIONEEL_BEHEERDER, loket=None,
            )  # fmt: skip
            gebruiker.set_unusable_password()
            gebruiker.save()
        doel = Doel.TWEEDE_FACTOR if gebruiker.has_usable_password() else Doel.UITNODIGING
        token = _maak_uitnodiging(gebruiker=gebruiker, doel=doel, door=None)
        log_wijziging(
            door=None, loket=gebruiker.loket, onderwerp="gebruiker", object_id=gebruiker.pk,
            object_naam=gebruiker.username, actie="Koppellink gemaakt (beheercommando)",
        )  # fmt: skip
        link = settings.SITE_URL + reverse("account:uitnodiging", kwargs={"token": token})
        self.stdout.write(f"Link voor {gebruiker.username} (eenmalig, 72 uur geldig):\n{link}")
