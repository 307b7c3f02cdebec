"""Load the demo data once: a second run into a database that has it already changes nothing.

It lives in monitor, the one app that may import every other app (docs/architectuur.md): the demo
data of each app is added here in dependency order."""

import os

from django.core.management.base import BaseCommand
from django.db import transaction

from clients.demo import maak_demo_klanten
from financiering.demo import maak_demo_financiering
from loket.demo import maak_demo_gebruikers, maak_loket_zkij
from loket.models import Loket
from trajecten.demo import maak_demo_trajecten

from ...demo import maak_demo_monitor


class Command(BaseCommand):
    help = "Laadt demodata (loket Zuid-Kennemerland en IJmond, partners, gebruikers, klanten)."

    def add_arguments(self, parser):
        parser.add_argument("--klanten", type=int, default=300, help="Aantal fictieve klanten.")

    def handle(self, *args, klanten: int, **options):
        if Loket.objects.filter(code="ZKIJ").exists():
            self.stdout.write("Demodata staat er al; niets gewijzigd.")
            return
        wachtwoord = os.environ.get("DEMO_PASSWORD", "Leerwerk-demo-2026")
        with transaction.atomic():
            loket = maak_loket_zkij()
            maak_demo_gebruikers(loket, wachtwoord)
            # Each app adds its own demo data, in dependency order.
            aantal = maak_demo_klanten(loket, aantal=klanten)
            trajecten = maak_demo_trajecten(loket)
            maak_demo_financiering(loket)
            maak_demo_monitor(loket)
            from aanmelden.demo import maak_demo_aanmelden

            maak_demo_aanmelden(loket)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demodata geladen: {loket}, {aantal} klanten, {trajecten} trajecten."
            )
        )
