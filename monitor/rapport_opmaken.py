"""Rendering one report, once: what the tasks monitor.tasks.maak_kwartaalrapport (a loket's
quarterly report) and monitor.tasks.maak_programmarapport (the national or a regional one) do.
A `Soort` says which model, lock namespace and render function; the rules below hold for both.

Idempotent:
- a finished (klaar) or failed (mislukt) report is left alone;
- only the worker holding a PostgreSQL advisory lock on the report may claim it; the lock belongs
  to the worker's database session, so it disappears with a crashed worker. A report found in
  status `bezig` whose lock is free was therefore abandoned by a crash, and the redelivered
  message (acks_late + reject_on_worker_lost) finishes it once. Two workers never both render.
"""

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any, Literal

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from loket.constants import Rol
from loket.models import User
from loket.replica import leest_van_replica

from .constants import TAAK_MAAK_KWARTAALRAPPORT, TAAK_MAAK_PROGRAMMARAPPORT
from .models import Kwartaalrapport, Programmarapport, Rapportopdracht

log = logging.getLogger(__name__)

# Errors worth another attempt: the database or the file system hiccuped. A render error is not.
TIJDELIJKE_FOUTEN = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
MAX_POGINGEN = 3  # retries after the first attempt
SLOT_NAAMRUIMTE = 0x4B52  # "KR": first key of the two-key advisory lock
PROGRAMMA_SLOT = 0x5052  # "PR": the same for programme reports (their ids are another sequence)
# Test only: seconds the task sleeps after claiming a report, so a test can kill the worker
# "while rendering". Unset (0) everywhere else.
TESTVERTRAGING_VAR = "LOKET_RAPPORT_TESTVERTRAGING_S"


@dataclass(frozen=True)
class Soort:
    """One kind of rendered report: its model, the first key of its advisory lock, the function
    that renders it (dotted path, imported in the worker only: WeasyPrint is heavy), the fields
    that function sets, and whom to tell when it is ready."""

    model: type[Rapportopdracht]
    taak: str
    slot: int
    maak_pdf: str
    velden: tuple[str, ...]
    meld: Callable[[Any], None] | None = None

    def alle(self) -> QuerySet[Any]:
        manager: Any = self.model.objects  # type: ignore[attr-defined]
        alle: QuerySet[Any] = (
            manager.alle_loketten(reden="rapportworker en beat")
            if hasattr(manager, "alle_loketten")
            else manager.all()
        )
        return alle

    def render(self, rapport: Any) -> tuple[bytes, str]:
        module, naam = self.maak_pdf.rsplit(".", 1)
        maak: Callable[[Any], tuple[bytes, str]] = getattr(import_module(module), naam)
        return maak(rapport)


class _Slot:
    """A session-level advisory lock on one report (pg_try_advisory_lock), released on exit."""

    def __init__(self, rapport_id: int, naamruimte: int = SLOT_NAAMRUIMTE):
        self.rapport_id = rapport_id
        self.naamruimte = naamruimte
        self.gekregen = False

    def __enter__(self) -> "_Slot":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_try_advisory_lock(%s, %s)", [self.naamruimte, self.rapport_id]
            )
            rij = cursor.fetchone()
            self.gekregen = bool(rij and rij[0])
        return self

    def __exit__(self, *exc: object) -> Literal[False]:
        if not self.gekregen:
            return False
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_unlock(%s, %s)", [self.naamruimte, self.rapport_id]
                )
        except DatabaseError:  # the session is gone, and its lock with it
            log.warning("Slot op rapport %s niet vrijgegeven: verbinding weg", self.rapport_id)
        return False


def _markeer(rapport_id: int, soort: "Soort | None" = None, **velden: Any) -> None:
    """Record a status change, even after the error that brought us here broke the connection.
    If the database is really gone the message is logged and the retry still goes ahead."""
    if (
        not connection.in_atomic_block
        and connection.connection is not None
        and not connection.is_usable()
    ):
        connection.close()  # the next query opens a fresh connection
    try:
        (soort or KWARTAALRAPPORT).alle().filter(pk=rapport_id).update(**velden)
    except DatabaseError:
        log.exception("Status van rapport %s niet vastgelegd: %s", rapport_id, velden)


class NieuwePoging(Exception):
    """A temporary error: the task should try again after `wacht` seconds."""

    def __init__(self, oorzaak: Exception, wacht: int) -> None:
        super().__init__(str(oorzaak))
        self.oorzaak = oorzaak
        self.wacht = wacht


def maak_op(rapport_id: int, *, eerdere_pogingen: int, soort: "Soort | None" = None) -> str:
    """Render one report to PDF, store it privately, tell whom it concerns. Returns what
    happened; raises NieuwePoging after a temporary error while retries are left
    (`eerdere_pogingen` is the number of retries before this one)."""
    soort = soort or KWARTAALRAPPORT
    with _Slot(rapport_id, soort.slot) as slot:
        if not slot.gekregen:
            return "elders bezig"
        open_ = soort.alle().filter(
            pk=rapport_id,
            status__in=[Rapportopdracht.Status.IN_WACHTRIJ, Rapportopdracht.Status.BEZIG],
        )
        geclaimd = open_.filter(pogingen__lte=MAX_POGINGEN).update(
            status=Rapportopdracht.Status.BEZIG,
            gestart_op=timezone.now(),
            pogingen=F("pogingen") + 1,
        )
        if not geclaimd:
            # A report that keeps killing its worker (e.g. out of memory) is redelivered after
            # every crash; after the last allowed attempt it is failed instead of looping.
            if open_.update(
                status=Rapportopdracht.Status.MISLUKT,
                foutmelding=f"Afgebroken: de worker stopte {MAX_POGINGEN + 1} keer tijdens het "
                "opmaken van dit rapport.",
            ):
                return "mislukt"
            return "niets te doen"
        vertraging = float(os.environ.get(TESTVERTRAGING_VAR) or 0)
        if vertraging:
            log.warning(
                "%s %s: testvertraging %s s in proces %s",
                soort.model.__name__,
                rapport_id,
                vertraging,
                os.getpid(),
            )
            time.sleep(vertraging)
        rapport = soort.alle().get(pk=rapport_id)
        try:
            # Figures from the read replica when healthy (ADR 0065); the report is saved below.
            pdf, checksum = leest_van_replica(soort.render)(rapport)
            with transaction.atomic():
                _ruim_halve_poging_op(rapport)
                rapport.bestand.save(rapport.bestandsnaam, ContentFile(pdf), save=False)
                rapport.checksum = checksum
                rapport.status = Rapportopdracht.Status.KLAAR
                rapport.klaar_op = timezone.now()
                rapport.foutmelding = ""
                rapport.save(
                    update_fields=[
                        "bestand",
                        "checksum",
                        "status",
                        "klaar_op",
                        "foutmelding",
                        # set by the render function: the figures as they stood at the peilmoment
                        *soort.velden,
                    ]
                )
        except SoftTimeLimitExceeded:
            _markeer(
                rapport_id,
                soort,
                status=Rapportopdracht.Status.MISLUKT,
                foutmelding="Het opmaken duurde te lang en is afgebroken (tijdslimiet).",
            )
            return "mislukt"
        except TIJDELIJKE_FOUTEN as exc:
            if eerdere_pogingen < MAX_POGINGEN:
                wacht = min(300, 10 * 2**eerdere_pogingen)
                _markeer(
                    rapport_id,
                    soort,
                    status=Rapportopdracht.Status.IN_WACHTRIJ,
                    verzonden_op=timezone.now(),  # the retry below is the message
                    foutmelding=f"Poging {eerdere_pogingen + 1} mislukt ({exc}); "
                    f"nieuwe poging over {wacht} seconden.",
                )
                raise NieuwePoging(exc, wacht) from exc
            _markeer(
                rapport_id,
                soort,
                status=Rapportopdracht.Status.MISLUKT,
                foutmelding=f"Mislukt na {MAX_POGINGEN + 1} pogingen: {exc}",
            )
            return "mislukt"
        except Exception as exc:
            log.exception("%s %s mislukt", soort.model.__name__, rapport_id)
            _markeer(
                rapport_id,
                soort,
                status=Rapportopdracht.Status.MISLUKT,
                foutmelding=f"{type(exc).__name__}: {exc}"[:2000],
            )
            return "mislukt"
    if soort.meld is not None:
        soort.meld(rapport)
    return "klaar"


def _ruim_halve_poging_op(rapport: Any) -> None:
    """Remove the file an attempt killed between writing it and committing left behind: the
    storage would otherwise save this one under another name, and the report would have two."""
    opslag = rapport.bestand.storage
    naam = rapport.bestand.field.generate_filename(rapport, rapport.bestandsnaam)
    if opslag.exists(naam):
        log.warning("Rapport %s: bestand van een afgebroken poging vervangen", rapport.pk)
        opslag.delete(naam)


def _meld_stuurgroep(rapport: Kwartaalrapport) -> None:
    """E-mail every active stuurgroep member of the loket a link to the download page."""
    ontvangers = list(
        User.objects.filter(loket=rapport.loket, rol=Rol.STUURGROEP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not ontvangers:
        return
    link = settings.SITE_URL.rstrip("/") + reverse(
        "monitor:rapport_download", kwargs={"pk": rapport.pk}
    )
    try:
        send_mail(
            f"Kwartaalrapport {rapport.label} van {rapport.loket.naam} staat klaar",
            f"Beste stuurgroeplid,\n\nHet kwartaalrapport over {rapport.label} (versie "
            f"{rapport.versie}) van {rapport.loket.naam} staat klaar. U kunt het na inloggen "
            f"downloaden:\n\n{link}\n\nMet vriendelijke groet,\nHet leerwerkloket",
            settings.DEFAULT_FROM_EMAIL,
            ontvangers,
        )
    except OSError:  # the report is there; a mail server hiccup must not fail it
        log.exception("Melding van kwartaalrapport %s niet verstuurd", rapport.pk)


KWARTAALRAPPORT = Soort(
    model=Kwartaalrapport,
    taak=TAAK_MAAK_KWARTAALRAPPORT,
    slot=SLOT_NAAMRUIMTE,
    maak_pdf="monitor.rapport.maak_pdf",
    velden=("peilmoment", "peil_soort", "definitief", "cijfers", "revisies"),
    meld=_meld_stuurgroep,
)
PROGRAMMARAPPORT = Soort(
    model=Programmarapport,
    taak=TAAK_MAAK_PROGRAMMARAPPORT,
    slot=PROGRAMMA_SLOT,
    maak_pdf="monitor.programma_rapport.maak_pdf",
    velden=("peilmoment", "definitief", "cijfers", "loketten"),
)
SOORTEN = (KWARTAALRAPPORT, PROGRAMMARAPPORT)
