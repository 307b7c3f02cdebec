"""manage.py importeer_intakes BESTAND.csv --loket CODE [--door USERNAME] [--sla-fouten-over]"""

import time

from django.core.management.base import BaseCommand, CommandError

from clients.importeren.bestand import KOLOMMEN, BestandOnleesbaar
from clients.importeren.invoer import importeer_bestand
from loket.models import Loket, User

GETOONDE_FOUTEN = 50


class Command(BaseCommand):
    help = (
        "Importeert klanten met hun intake uit een CSV-bestand (kopregel met de kolommen "
        f"{', '.join(KOLOMMEN)}; gescheiden door ; of ,; UTF-8). Elke rij wordt eerst gecontroleerd "
        "met de regels van het intakeformulier; bij een fout wordt niets geïmporteerd."
    )

    def add_arguments(self, parser):
        parser.add_argument("bestand", help="Het CSV-bestand.")
        parser.add_argument("--loket", required=True, help="Code van het loket, bijvoorbeeld ZKIJ.")
        parser.add_argument(
            "--door", help="Gebruikersnaam van wie de import doet (aangemaakt door, logging)."
        )
        parser.add_argument(
            "--sla-fouten-over",
            action="store_true",
            help="Importeer de goede rijen en meld de foute, in plaats van niets te importeren.",
        )

    def handle(self, *args, bestand, loket, door, sla_fouten_over, **options):
        loket_obj = Loket.objects.filter(code=loket.upper()).first()
        if loket_obj is None:
            raise CommandError(f"Onbekend loket: {loket}.")
        gebruiker = self._gebruiker(door, loket_obj)
        begin = time.perf_counter()
        try:
            resultaat = importeer_bestand(
                bestand,
                loket_obj,
                door=gebruiker,
                sla_fouten_over=sla_fouten_over,
                melding=lambda tekst: self.stdout.write(
                    f"[{time.perf_counter() - begin:6.1f} s] {tekst}"
                ),
            )
        except FileNotFoundError:
            raise CommandError(f"Bestand niet gevonden: {bestand}.") from None
        except BestandOnleesbaar as fout:
            raise CommandError(str(fout)) from None
        self._toon_fouten(resultaat.fouten)
        duur = time.perf_counter() - begin
        if resultaat.geimporteerd:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{resultaat.geimporteerd} klant(en) met intake geïmporteerd in loket "
                    f"{loket_obj.code} ({resultaat.eerste_klantnummer} t/m "
                    f"{resultaat.laatste_klantnummer}) in {duur:.1f} s; "
                    f"{resultaat.foute_rijen} rij(en) overgeslagen."
                )
            )
            return
        if resultaat.fouten:
            raise CommandError(
                f"Niets geïmporteerd: {resultaat.foute_rijen} van de {resultaat.rijen} rij(en) "
                "bevatten fouten."
                + ("" if sla_fouten_over else " Herstel ze, of gebruik --sla-fouten-over.")
            )
        raise CommandError("Niets geïmporteerd: het bestand bevat geen rijen.")

    def _gebruiker(self, door: str | None, loket: Loket) -> User | None:
        if not door:
            return None
        gebruiker = User.objects.filter(username=door).first()
        if gebruiker is None:
            raise CommandError(f"Onbekende gebruiker: {door}.")
        if gebruiker.loket_id != loket.pk:
            raise CommandError(f"Gebruiker {door} hoort niet bij loket {loket.code}.")
        return gebruiker

    def _toon_fouten(self, fouten) -> None:
        for fout in fouten[:GETOONDE_FOUTEN]:
            self.stderr.write(str(fout))
        if len(fouten) > GETOONDE_FOUTEN:
            self.stderr.write(f"... en nog {len(fouten) - GETOONDE_FOUTEN} fout(en).")
