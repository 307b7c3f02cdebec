"""Background jobs of the monitor: rendering a quarterly report, and beat's quarterly planning.

The rendering task takes a report id and is idempotent:
- a finished (klaar) or failed (mislukt) report is left alone;
- only the worker holding a PostgreSQL advisory lock on the report may claim it; the lock belongs
  to the worker's database session, so it disappears with a crashed worker. A report found in
  status `bezig` whose lock is free was therefore abandoned by a crash, and the redelivered
  message (acks_late + reject_on_worker_lost) finishes it once. Two workers never both render.

Nothing waits for a message that will never come. verstuur_wachtende_rapporten (beat, every
minute, and once when a worker starts) sends the reports that could not be sent (the broker was
down at the request) and those whose worker died as a whole: a report in status `bezig` whose
lock is free goes back to the queue at once instead of after the broker's visibility timeout.
Sending a report twice is harmless for the reasons above.
"""

import logging
import os
import time
from datetime import timedelta

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_ready
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    connection,
    connections,
    transaction,
)
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone

from loket.constants import Rol
from loket.models import Loket, User

from . import perioden
from .models import Kwartaalrapport
from .services import _zet_in_wachtrij

log = logging.getLogger(__name__)

# Errors worth another attempt: the database or the file system hiccuped. A render error is not.
TIJDELIJKE_FOUTEN = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
MAX_POGINGEN = 3  # retries after the first attempt
SLOT_NAAMRUIMTE = 0x4B52  # "KR": first key of the two-key advisory lock
# A request sends its own report on commit; the sweep leaves a fresh unsent one alone this long.
VERZENDMARGE = timedelta(seconds=10)
# A report sent this long ago and still not started lost its message (e.g. Redis restarted
# without it): send it again. Longer than any queue a quarter's reports form.
OPNIEUW_NA = timedelta(minutes=15)
# Test only: seconds the task sleeps after claiming a report, so a test can kill the worker
# "while rendering". Unset (0) everywhere else.
TESTVERTRAGING_VAR = "LOKET_RAPPORT_TESTVERTRAGING_S"


class _Slot:
    """A session-level advisory lock on one report (pg_try_advisory_lock), released on exit."""

    def __init__(self, rapport_id: int):
        self.rapport_id = rapport_id
        self.gekregen = False

    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_try_advisory_lock(%s, %s)", [SLOT_NAAMRUIMTE, self.rapport_id]
            )
            self.gekregen = bool(cursor.fetchone()[0])
        return self

    def __exit__(self, *exc):
        if not self.gekregen:
            return False
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_unlock(%s, %s)", [SLOT_NAAMRUIMTE, self.rapport_id]
                )
        except DatabaseError:  # the session is gone, and its lock with it
            log.warning("Slot op rapport %s niet vrijgegeven: verbinding weg", self.rapport_id)
        return False


def _alle_rapporten():
    """The worker and the beat jobs handle reports of every loket, by id or by status."""
    return Kwartaalrapport.objects.alle_loketten(reden="rapportworker en beat")


def _markeer(rapport_id: int, **velden) -> None:
    """Record a status change, even after the error that brought us here broke the connection.
    If the database is really gone the message is logged and the retry still goes ahead."""
    if (
        not connection.in_atomic_block
        and connection.connection is not None
        and not connection.is_usable()
    ):
        connection.close()  # the next query opens a fresh connection
    try:
        _alle_rapporten().filter(pk=rapport_id).update(**velden)
    except DatabaseError:
        log.exception("Status van kwartaalrapport %s niet vastgelegd: %s", rapport_id, velden)


@shared_task(
    bind=True,
    name="monitor.tasks.maak_kwartaalrapport",
    # Queue "rapporten" through CELERY_TASK_ROUTES (settings), so a deployment can reroute it.
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_POGINGEN,
    soft_time_limit=240,
    time_limit=300,
)
def maak_kwartaalrapport(self, rapport_id: int) -> str:
    """Render one report to PDF, store it privately, mail the stuurgroep. Returns what happened."""
    from .rapport import maak_pdf

    with _Slot(rapport_id) as slot:
        if not slot.gekregen:
            return "elders bezig"
        open_ = _alle_rapporten().filter(
            pk=rapport_id,
            status__in=[Kwartaalrapport.Status.IN_WACHTRIJ, Kwartaalrapport.Status.BEZIG],
        )
        geclaimd = open_.filter(pogingen__lte=MAX_POGINGEN).update(
            status=Kwartaalrapport.Status.BEZIG,
            gestart_op=timezone.now(),
            pogingen=F("pogingen") + 1,
        )
        if not geclaimd:
            # A report that keeps killing its worker (e.g. out of memory) is redelivered after
            # every crash; after the last allowed attempt it is failed instead of looping.
            if open_.update(
                status=Kwartaalrapport.Status.MISLUKT,
                foutmelding=f"Afgebroken: de worker stopte {MAX_POGINGEN + 1} keer tijdens het "
                "opmaken van dit rapport.",
            ):
                return "mislukt"
            return "niets te doen"
        vertraging = float(os.environ.get(TESTVERTRAGING_VAR) or 0)
        if vertraging:
            log.warning(
                "Kwartaalrapport %s: testvertraging %s s in proces %s",
                rapport_id,
                vertraging,
                os.getpid(),
            )
            time.sleep(vertraging)
        rapport = _alle_rapporten().select_related("loket").get(pk=rapport_id)
        try:
            pdf, checksum = maak_pdf(rapport)
            with transaction.atomic():
                _ruim_halve_poging_op(rapport)
                rapport.bestand.save(rapport.bestandsnaam, ContentFile(pdf), save=False)
                rapport.checksum = checksum
                rapport.status = Kwartaalrapport.Status.KLAAR
                rapport.klaar_op = timezone.now()
                rapport.foutmelding = ""
                rapport.save(
                    update_fields=["bestand", "checksum", "status", "klaar_op", "foutmelding"]
                )
        except SoftTimeLimitExceeded:
            _markeer(
                rapport_id,
                status=Kwartaalrapport.Status.MISLUKT,
                foutmelding="Het opmaken duurde te lang en is afgebroken (tijdslimiet).",
            )
            return "mislukt"
        except TIJDELIJKE_FOUTEN as exc:
            if self.request.retries < MAX_POGINGEN:
                wacht = min(300, 10 * 2**self.request.retries)
                _markeer(
                    rapport_id,
                    status=Kwartaalrapport.Status.IN_WACHTRIJ,
                    verzonden_op=timezone.now(),  # the retry below is the message
                    foutmelding=f"Poging {self.request.retries + 1} mislukt ({exc}); "
                    f"nieuwe poging over {wacht} seconden.",
                )
                raise self.retry(exc=exc, countdown=wacht) from exc
            _markeer(
                rapport_id,
                status=Kwartaalrapport.Status.MISLUKT,
                foutmelding=f"Mislukt na {MAX_POGINGEN + 1} pogingen: {exc}",
            )
            return "mislukt"
        except Exception as exc:
            log.exception("Kwartaalrapport %s mislukt", rapport_id)
            _markeer(
                rapport_id,
                status=Kwartaalrapport.Status.MISLUKT,
                foutmelding=f"{type(exc).__name__}: {exc}"[:2000],
            )
            return "mislukt"
    _meld_stuurgroep(rapport)
    return "klaar"


def _ruim_halve_poging_op(rapport: Kwartaalrapport) -> None:
    """Remove the file an attempt killed between writing it and committing left behind: the
    storage would otherwise save this one under another name, and the report would have two."""
    opslag = rapport.bestand.storage
    naam = rapport.bestand.field.generate_filename(rapport, rapport.bestandsnaam)
    if opslag.exists(naam):
        log.warning("Kwartaalrapport %s: bestand van een afgebroken poging vervangen", rapport.pk)
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


@shared_task(name="monitor.tasks.plan_kwartaalrapporten")
def plan_kwartaalrapporten() -> int:
    """Beat (5 Jan/Apr/Jul/Oct): request the previous quarter's report for every active loket.
    A second run for the same quarter (two beats, a manual rerun) adds nothing: a loket that
    already has a scheduled report for that quarter is skipped."""
    from .services import vraag_rapport_aan

    kwartaal = perioden.vorig_kwartaal(timezone.localdate())
    nummer = perioden.kwartaal_van(kwartaal.tot)
    al_gepland = (
        _alle_rapporten()
        .filter(jaar=kwartaal.jaar, kwartaal=nummer, aangevraagd_door__isnull=True)
        .values("loket_id")
    )
    aantal = 0
    for loket in Loket.objects.filter(actief=True).exclude(pk__in=al_gepland).order_by("pk"):
        vraag_rapport_aan(loket, kwartaal.jaar, nummer, door=None)
        aantal += 1
    return aantal


def _vrij_slot() -> Q:
    """Reports whose advisory lock no database session of this database holds."""
    return ~Q(
        pk__in=RawSQL(
            "SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND objsubid = 2 AND classid = %s::oid"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            [SLOT_NAAMRUIMTE],
        )
    )


def verstuur_wachtende() -> int:
    """Send every report that waits for a message that is not coming; returns how many were sent.

    - `bezig` while no session holds its lock: its worker died (SIGKILL, out of memory, the
      machine). Back to in_wachtrij, unsent, so the page no longer says it is being made.
    - in_wachtrij, never sent (the broker was down), requested more than VERZENDMARGE ago.
    - in_wachtrij, sent more than OPNIEUW_NA ago: the message was lost.
    Stops at the first send that fails: the broker is still away, the next sweep tries again."""
    nu = timezone.now()
    bezig = _alle_rapporten().filter(status=Kwartaalrapport.Status.BEZIG)
    verweesd = list(bezig.filter(_vrij_slot()).values_list("pk", flat=True))
    if verweesd:
        # The lock is checked again in the update itself: a worker may have claimed one since.
        bezig.filter(_vrij_slot(), pk__in=verweesd).update(
            status=Kwartaalrapport.Status.IN_WACHTRIJ,
            verzonden_op=None,
            foutmelding="De vorige poging werd onderbroken doordat de worker stopte; het rapport "
            "wordt opnieuw gemaakt.",
        )
        log.warning("Kwartaalrapporten %s: worker gestopt tijdens het maken; opnieuw", verweesd)
    wachtend = (
        _alle_rapporten()
        .filter(status=Kwartaalrapport.Status.IN_WACHTRIJ)
        .filter(
            Q(pk__in=verweesd)
            | Q(verzonden_op__isnull=True, aangevraagd_op__lt=nu - VERZENDMARGE)
            | Q(verzonden_op__lt=nu - OPNIEUW_NA)
        )
        .order_by("aangevraagd_op", "pk")
        .values_list("pk", flat=True)
    )
    verstuurd = 0
    for rapport_id in wachtend:
        if not _zet_in_wachtrij(rapport_id):
            break
        verstuurd += 1
    if verstuurd:
        log.info("%s wachtende kwartaalrapport(en) verstuurd", verstuurd)
    return verstuurd


@shared_task(name="monitor.tasks.verstuur_wachtende_rapporten")
def verstuur_wachtende_rapporten() -> int:
    """Beat, every minute (LOKET_RAPPORT_VEEG_S): see verstuur_wachtende."""
    return verstuur_wachtende()


@worker_ready.connect
def _verstuur_bij_start(sender=None, **kwargs) -> None:
    """A worker that starts sweeps at once, in its main process: after a crash, or a broker
    outage that outlasted the worker, waiting reports need not wait for beat's next minute."""
    try:
        verstuur_wachtende()
    except Exception:  # noqa: BLE001 - a database hiccup must not stop the worker; beat retries
        log.exception("Wachtende kwartaalrapporten niet verstuurd bij het starten van de worker")
    finally:
        # Pool processes forked later must not inherit this process's database connection.
        connections.close_all()
