"""Recompute the kept counts from the events (ADR 0062), set-based: after a bulk load with the
triggers off (bench/genereer.py), after a restore, or to check them (it prints how many counts
had to be corrected: 0 means they were right). Safe while the application runs."""

import time

from django.core.management.base import BaseCommand, CommandError

from loket.models import Loket
from monitor.telstand import bijhouden


class Command(BaseCommand):
    help = "Herbereken de bijgehouden tellingen van de monitor uit de gebeurtenissen."

    def add_arguments(self, parser):
        parser.add_argument("--loket", help="Alleen dit loket (code); standaard alle loketten.")

    def handle(self, *args, loket=None, **options):
        loketten = Loket.objects.order_by("pk")
        if loket:
            loketten = loketten.filter(code=loket)
            if not loketten.exists():
                raise CommandError(f"Onbekend loket: {loket}")
        begin = time.monotonic()
        correcties = bijhouden.herbereken(list(loketten.values_list("pk", flat=True)))
        self.stdout.write(
            f"Telstanden herberekend: {correcties} correcties in {time.monotonic() - begin:.1f} s."
        )
