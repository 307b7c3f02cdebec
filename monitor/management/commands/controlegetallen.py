"""Print the control figures of the whole installation as JSON: every monitor figure per loket and
quarter (the same figures the quarterly report shows and checksums), the ledger totals, the
stored report checksums and the SHA-256 of every report file, and the row count of every table.

Written next to every backup (scripts/backup.sh) and run again after a restore
(scripts/herstel.sh): the two outputs must be identical (docs/backup.md)."""

import hashlib
import json

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db.models import Count, Sum
from django.utils import timezone

from financiering.models import Begroting, Boeking
from loket import perioden
from loket.models import Loket
from monitor import rapport
from monitor.models import Kwartaalrapport

EIGEN_APPS = {"loket", "clients", "trajecten", "financiering", "monitor", "aanmelden", "beheer"}


def _kwartalen(loket) -> list[tuple[int, int]]:
    """The quarters worth checking: every reported quarter, every quarter of a budget year, and
    the current quarter."""
    vandaag = timezone.localdate()
    kwartalen = {(vandaag.year, perioden.kwartaal_van(vandaag))}
    kwartalen |= set(
        Kwartaalrapport.objects.voor_loket(loket).values_list("jaar", "kwartaal").distinct()
    )
    for jaar in Begroting.objects.voor_loket(loket).values_list("jaar", flat=True):
        kwartalen |= {(jaar, k) for k in range(1, 5)}
    return sorted(kwartalen)


def _bestand_sha256(naam: str | None) -> str | None:
    if not naam or not default_storage.exists(naam):
        return None
    digest = hashlib.sha256()
    with default_storage.open(naam, "rb") as bestand:
        for blok in iter(lambda: bestand.read(1024 * 1024), b""):
            digest.update(blok)
    return digest.hexdigest()


def controlegetallen() -> dict:
    uit: dict = {"tabellen": {}, "loketten": {}}
    for model in apps.get_models():
        if model._meta.app_label in EIGEN_APPS and not model._meta.proxy:
            uit["tabellen"][model._meta.label] = model._base_manager.count()
    for loket in Loket.objects.order_by("code"):
        monitor = {}
        for jaar, kwartaal in _kwartalen(loket):
            figuren = rapport.cijfers(rapport.verzamel(loket, jaar, kwartaal))
            monitor[f"{jaar}-Q{kwartaal}"] = {
                "checksum": rapport.checksum(figuren),
                "cijfers": figuren,
            }
        grootboek = [
            [r["jaar"], r["soort"], str(r["totaal"]), r["aantal"]]
            for r in Boeking.objects.voor_loket(loket)
            .values("jaar", "soort")
            .annotate(totaal=Sum("bedrag"), aantal=Count("pk"))
            .order_by("jaar", "soort")
        ]
        rapporten = [
            {
                "label": f"{r.jaar}-Q{r.kwartaal} v{r.versie}",
                "status": r.status,
                "checksum": r.checksum,
                "bestand_sha256": _bestand_sha256(r.bestand.name),
            }
            for r in Kwartaalrapport.objects.voor_loket(loket).order_by(
                "jaar", "kwartaal", "versie"
            )
        ]
        uit["loketten"][loket.code] = {
            "monitor": monitor,
            "grootboek": grootboek,
            "rapporten": rapporten,
        }
    return uit


class Command(BaseCommand):
    help = "Controlegetallen (monitor, grootboek, rapporten, tabellen) als JSON, voor back-up en herstel."

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(controlegetallen(), sort_keys=True, indent=1, default=str))
