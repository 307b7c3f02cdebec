"""Load the demo data once: a second run into a database that has it already changes nothing.

It lives in monitor, the one app that may import every other app (docs/architectuur.md): the demo
data of each app is added here in dependency order, for ZKIJ and for each neighbouring loket (so
the programme view compares several loketten). Each loket is loaded only when it is missing, so an
older demo database gains the neighbours on the next `make run`."""

import os

from django.core.management.base import BaseCommand
from django.db import transaction

from aanmelden.demo import maak_demo_aanmelden
from clients.demo import maak_demo_klanten
from financiering.demo import maak_demo_financiering
from loket.demo import (
    BUURLOKETTEN,
    maak_buurloket,
    maak_demo_gebruikers,
    maak_loket_zkij,
    maak_programma_gebruikers,
)
from loket.models import Loket
from trajecten.demo import maak_demo_trajecten

from ...demo import maak_demo_monitor


def _vul(loket: Loket, *, klanten: int, seed: int, schaal: float) -> int:
    """Each app adds its own demo data, in dependency order; returns the trajectories made."""
    # Intakes from 2.5 years back: the first quarters of the two years shown are then no thin
    # start-up quarters (their small cells would hide a year's sum as "•").
    maak_demo_klanten(loket, aantal=klanten, seed=seed, dagen=910)
    # Many clients follow an EVC route and then a dual one: 1.5 trajectories per client keeps
    # most quarter cells of the outcome counts at 5 or more.
    trajecten = maak_demo_trajecten(loket, aantal=klanten * 3 // 2, seed=seed)
    maak_demo_financiering(loket)
    maak_demo_monitor(loket, seed=seed, schaal=schaal)
    maak_demo_aanmelden(loket)
    return trajecten


class Command(BaseCommand):
    help = (
        "Laadt demodata: loket Zuid-Kennemerland en IJmond (partners, gebruikers, klanten), "
        "vier buurloketten en de demo-accounts van het programma."
    )

    def add_arguments(self, parser):
        parser.add_argument("--klanten", type=int, default=600, help="Aantal fictieve klanten.")

    def handle(self, *args, klanten: int, **options):
        wachtwoord = os.environ.get("DEMO_PASSWORD", "Leerwerk-demo-2026")
        bestaand = set(Loket.objects.values_list("code", flat=True))
        geladen = []
        with transaction.atomic():
            if "ZKIJ" not in bestaand:
                loket = maak_loket_zkij()
                maak_demo_gebruikers(loket, wachtwoord)
                trajecten = _vul(loket, klanten=klanten, seed=2026, schaal=1.0)
                geladen.append(f"{loket} ({klanten} klanten, {trajecten} trajecten)")
            for i, buur in enumerate(BUURLOKETTEN, start=1):
                if buur.code in bestaand:
                    continue
                loket = maak_buurloket(buur)
                aantal = max(1, round(klanten * buur.schaal))
                _vul(loket, klanten=aantal, seed=2026 + i, schaal=buur.schaal)
                geladen.append(f"{loket} ({aantal} klanten)")
            geladen += maak_programma_gebruikers(wachtwoord)
        if not geladen:
            self.stdout.write("Demodata staat er al; niets gewijzigd.")
            return
        self.stdout.write(self.style.SUCCESS("Demodata geladen: " + "; ".join(geladen) + "."))
