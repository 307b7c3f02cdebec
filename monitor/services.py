"""Writes of the monitor that are more than a form save: requesting quarterly reports, sending
them to the queue, and the sweep that sends the reports whose message is not coming.

Nothing here imports monitor.tasks (the tasks call these functions): the render task is found by
its name in the Celery app's registry (monitor/apps.py imports the tasks at start-up).

Nothing waits for a message that will never come. verstuur_wachtende (beat, every minute, and once
when a worker starts) sends the reports that could not be sent (the broker was down at the
request) and those whose worker died as a whole: a report in status `bezig` whose lock is free
goes back to the queue at once instead of after the broker's visibility timeout. Sending a report
twice is harmless (monitor/rapport_opmaken.py).
"""

import datetime
import logging
from datetime import timedelta

from celery import current_app
from django.db import connection, transaction
from django.db.models import Max, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerFout

from loket import perioden
from loket.models import Loket, Regio, User

from .models import Kwartaalrapport, PeilSoort, Programmarapport
from .rapport_opmaken import KWARTAALRAPPORT, PROGRAMMARAPPORT, SOORTEN, Soort

log = logging.getLogger(__name__)

# A request sends its own report on commit; the sweep leaves a fresh unsent one alone this long.
VERZENDMARGE = timedelta(seconds=10)
# A report sent this long ago and still not started lost its message (e.g. Redis restarted
# without it): send it again. Longer than any queue a quarter's reports form.
OPNIEUW_NA = timedelta(minutes=15)


def peilmoment_van_dag(peildatum: datetime.date) -> datetime.datetime:
    """The end of a day in Europe/Amsterdam (or now, for today): what was known on that day."""
    einde = timezone.make_aware(
        datetime.datetime.combine(peildatum + datetime.timedelta(days=1), datetime.time.min)
    ) - datetime.timedelta(microseconds=1)
    return min(einde, timezone.now())


def vraag_rapport_aan(
    loket: Loket,
    jaar: int,
    kwartaal: int,
    door: User | None = None,
    *,
    peildatum: datetime.date | None = None,
) -> Kwartaalrapport:
    """Create the next version of the loket's report for the quarter and enqueue its rendering.

    With a `peildatum` the report shows the figures as known at the end of that day; without one
    its peilmoment is chosen when it is rendered (the quarter's closing, or that moment).

    The loket's row is locked while the version number is chosen, so two requests at once get
    versions n and n+1 instead of a unique-constraint error. The task is sent only when the
    transaction commits: a worker never looks for a row that is not there yet."""
    with transaction.atomic():
        Loket.objects.select_for_update().only("pk").get(pk=loket.pk)
        laatste = Kwartaalrapport.objects.voor_loket(loket, jaar=jaar, kwartaal=kwartaal).aggregate(
            m=Max("versie")
        )["m"]
        rapport: Kwartaalrapport = Kwartaalrapport.objects.create(
            loket=loket,
            jaar=jaar,
            kwartaal=kwartaal,
            versie=(laatste or 0) + 1,
            aangevraagd_door=door,
            **(
                {"peilmoment": peilmoment_van_dag(peildatum), "peil_soort": PeilSoort.GEKOZEN}
                if peildatum
                else {}
            ),
        )
        transaction.on_commit(lambda: zet_in_wachtrij(rapport.pk))
    return rapport


def zet_in_wachtrij(rapport_id: int, soort: Soort = KWARTAALRAPPORT) -> bool:
    """Hand the render task to the broker and record when; returns whether that worked.

    When the broker cannot be reached the send gives up within seconds (the publish retry policy
    and broker timeouts in settings) and the report simply keeps waiting: it stays in_wachtrij
    with verzonden_op empty, its status says the queue is unreachable, and
    verstuur_wachtende (beat) sends it once the broker is back. Nobody has to
    request it again."""
    try:
        current_app.tasks[soort.taak].delay(rapport_id)
    except (BrokerFout, OSError):
        log.warning(
            "%s %s wacht: de wachtrij is niet bereikbaar",
            soort.model.__name__,
            rapport_id,
            exc_info=True,
        )
        return False
    soort.alle().filter(pk=rapport_id).update(verzonden_op=timezone.now())
    return True


def plan_kwartaalrapporten() -> int:
    """Beat (5 Jan/Apr/Jul/Oct): request the previous quarter's report for every active loket.
    A second run for the same quarter (two beats, a manual rerun) adds nothing: a loket that
    already has a scheduled report for that quarter is skipped."""
    kwartaal = perioden.vorig_kwartaal(timezone.localdate())
    nummer = perioden.kwartaal_van(kwartaal.tot)
    al_gepland = (
        Kwartaalrapport.objects.alle_loketten(reden="rapportworker en beat")
        .filter(jaar=kwartaal.jaar, kwartaal=nummer, aangevraagd_door__isnull=True)
        .values("loket_id")
    )
    aantal = 0
    for loket in Loket.objects.filter(actief=True).exclude(pk__in=al_gepland).order_by("pk"):
        vraag_rapport_aan(loket, kwartaal.jaar, nummer, door=None)
        aantal += 1
    return aantal


def _vrij_slot(naamruimte: int) -> Q:
    """Reports whose advisory lock no database session of this database holds."""
    return ~Q(
        pk__in=RawSQL(
            "SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND objsubid = 2 AND classid = %s::oid"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            [naamruimte],
        )
    )


def verstuur_wachtende() -> int:
    """Send every report (of every kind: monitor/rapport_opmaken.SOORTEN) that waits for a
    message that is not coming; returns how many were sent.

    - `bezig` while no session holds its lock: its worker died (SIGKILL, out of memory, the
      machine). Back to in_wachtrij, unsent, so the page no longer says it is being made.
    - in_wachtrij, never sent (the broker was down), requested more than VERZENDMARGE ago.
    - in_wachtrij, sent more than OPNIEUW_NA ago: the message was lost.
    Stops at the first send that fails: the broker is still away, the next sweep tries again."""
    verstuurd = 0
    for soort in SOORTEN:
        aantal = _verstuur_wachtende(soort)
        if aantal is None:
            break
        verstuurd += aantal
    if verstuurd:
        log.info("%s wachtende rapport(en) verstuurd", verstuurd)
    return verstuurd


def _verstuur_wachtende(soort: Soort) -> int | None:
    """verstuur_wachtende for one kind; None when the broker could not be reached."""
    nu = timezone.now()
    bezig = soort.alle().filter(status=Kwartaalrapport.Status.BEZIG)
    verweesd = list(bezig.filter(_vrij_slot(soort.slot)).values_list("pk", flat=True))
    if verweesd:
        # The lock is checked again in the update itself: a worker may have claimed one since.
        bezig.filter(_vrij_slot(soort.slot), pk__in=verweesd).update(
            status=Kwartaalrapport.Status.IN_WACHTRIJ,
            verzonden_op=None,
            foutmelding="De vorige poging werd onderbroken doordat de worker stopte; het rapport "
            "wordt opnieuw gemaakt.",
        )
        log.warning(
            "%s %s: worker gestopt tijdens het maken; opnieuw", soort.model.__name__, verweesd
        )
    wachtend = (
        soort.alle()
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
        if not zet_in_wachtrij(rapport_id, soort):
            return None
        verstuurd += 1
    return verstuurd


AANVRAAG_SLOT = 0x5041  # "PA": serialises the version numbering of one scope's reports


def vraag_programmarapport_aan(
    regio: Regio | None, jaar: int, kwartaal: int, door: User | None = None
) -> Programmarapport:
    """Create the next version of the national (regio None) or a regional quarterly report and
    enqueue its rendering once the transaction commits. A transaction-level advisory lock on the
    scope stands in for the row lock of a loket's report: there is no row for "national"."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [AANVRAAG_SLOT, regio.pk if regio else 0]
            )
        laatste = Programmarapport.objects.filter(
            regio=regio, jaar=jaar, kwartaal=kwartaal
        ).aggregate(m=Max("versie"))["m"]
        rapport = Programmarapport.objects.create(
            regio=regio,
            jaar=jaar,
            kwartaal=kwartaal,
            versie=(laatste or 0) + 1,
            aangevraagd_door=door,
        )
        transaction.on_commit(lambda: zet_in_wachtrij(rapport.pk, PROGRAMMARAPPORT))
    return rapport
