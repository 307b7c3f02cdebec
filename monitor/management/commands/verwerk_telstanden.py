"""Fold the pending mutations into the kept counts now (what beat does every minute)."""

from django.core.management.base import BaseCommand

from monitor.telstand import bijhouden


class Command(BaseCommand):
    help = "Verwerk de wachtende mutaties in de bijgehouden tellingen van de monitor."

    def handle(self, *args, **options):
        self.stdout.write(f"Telstanden verwerkt: {bijhouden.compacteer()} rijen bijgewerkt.")
