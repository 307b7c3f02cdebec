"""Every write on a trajectory that is more than a form save. Each runs in one database transaction
with the trajectory row locked (SELECT ... FOR UPDATE), so two people advancing the same trajectory
at once cannot both succeed, and each stage change appends exactly one TrajectGebeurtenis."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django_fsm import ConcurrentTransition, can_proceed

from loket.audit import log_verwerking, veldnamen
from loket.fouten import DomeinFout
from loket.instellingen import instelling
from loket.models import Verwerking

from .constants import (
    EINDSTADIA,
    UITKOMSTEN_PER_EINDSTADIUM,
    FinancieringsStatus,
    Status,
    TrajectType,
)
from .models import STAPPEN, FinancieringsRegel, Traject, TrajectGebeurtenis


class TrajectFout(DomeinFout):
    """A refused stage change or correction (the Dutch message can be shown as it is)."""


def max_terugdateren(loket=None) -> datetime.timedelta:
    """How far back a stage change may be dated: the loket's own setting, else
    settings.LOKET_TRAJECT_TERUGDATEREN_DAGEN."""
    if loket is not None:
        return datetime.timedelta(days=instelling(loket, "terugdateren_dagen"))
    return datetime.timedelta(days=getattr(settings, "LOKET_TRAJECT_TERUGDATEREN_DAGEN", 90))


def tijdstip_voor(datum: datetime.date | None) -> datetime.datetime:
    """The moment recorded for a stage change entered as a date: now when it is today, otherwise
    noon of that (local) day."""
    if datum is None or datum == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(datum, datetime.time(12, 0)))


def controleer_datum(
    tijdstip: datetime.datetime, vorige: datetime.datetime | None, loket=None
) -> None:
    nu = timezone.now()
    if tijdstip > nu:
        raise TrajectFout("De datum van een stap kan niet in de toekomst liggen.")
    grens = max_terugdateren(loket)
    if timezone.localdate(tijdstip) < timezone.localdate(nu) - grens:
        raise TrajectFout(f"Een stap mag hoogstens {grens.days} dagen terug worden gedateerd.")
    if vorige is not None and tijdstip < vorige:
        raise TrajectFout(
            "De datum ligt voor de vorige stap van dit traject "
            f"({timezone.localtime(vorige):%d-%m-%Y})."
        )


def toegestane_stappen(traject: Traject) -> list[tuple[str, str | Promise]]:
    """(method name, label) of every step possible from the current stage, for the buttons. A
    placement without an erkend leerbedrijf is listed too, so the user gets the reason."""
    stappen: list[tuple[str, str | Promise]] = []
    for naam, label in STAPPEN.items():
        methode = getattr(traject, naam)
        if can_proceed(methode, check_conditions=False) and _juiste_type(traject, naam):
            stappen.append((naam, label))
    return stappen


def _juiste_type(traject: Traject, stap: str) -> bool:
    evc = {"naar_intake", "naar_portfolio", "naar_assessment", "reik_certificaat_uit", "breek_af"}
    return (stap in evc) == (traject.type == TrajectType.EVC)


def _vergrendel(traject_id: int, loket_id: int) -> Traject:
    try:
        return Traject.objects.voor_loket(loket_id).select_for_update().get(pk=traject_id)
    except Traject.DoesNotExist:
        raise TrajectFout("Dit traject bestaat niet (meer).") from None


def _laatste_gebeurtenis(traject: Traject) -> TrajectGebeurtenis | None:
    return traject.gebeurtenissen.order_by("-datum", "-pk").first()


@transaction.atomic
def start_traject(request, traject: Traject, datum: datetime.date | None = None) -> Traject:
    """Save a new trajectory (an unsaved instance from the start form) in stage aangemeld and
    append its first event."""
    tijdstip = tijdstip_voor(datum)
    controleer_datum(tijdstip, None, traject.klant.loket)
    traject.loket_id = traject.klant.loket_id
    traject.aangemaakt_door = request.user
    traject.status_sinds = tijdstip
    if traject.leerbedrijf_id and traject.type != TrajectType.DUAAL:
        raise TrajectFout("Alleen een duaal/BBL-traject heeft een leerbedrijf.")
    traject.save()
    TrajectGebeurtenis.objects.create(
        loket_id=traject.loket_id,
        traject=traject,
        van_status="",
        naar_status=Status.AANGEMELD,
        datum=tijdstip,
        geregistreerd_door=request.user,
        reden="Traject aangemeld",
    )
    log_verwerking(
        request, Verwerking.Actie.AANGEMAAKT, f"traject {traject.pk} gestart", [traject.klant_id]
    )
    return traject


@transaction.atomic
def voer_stap_uit(
    request,
    traject_id: int,
    stap: str,
    *,
    verwacht: str | None = None,
    datum: datetime.date | None = None,
    reden: str = "",
    uitkomst: str = "",
) -> TrajectGebeurtenis:
    """Advance a trajectory by one step. `verwacht` is the stage the user saw: when someone else
    changed the trajectory in the meantime, the step is refused instead of applied twice."""
    if stap not in STAPPEN:
        raise TrajectFout("Onbekende stap.")
    traject = _vergrendel(traject_id, request.user.loket_id)
    van = traject.status
    if verwacht and verwacht != van:
        raise TrajectFout(
            "Dit traject is intussen door iemand anders gewijzigd: het staat nu op "
            f"'{traject.get_status_display()}'. Bekijk de actuele stand en probeer het opnieuw."
        )
    methode = getattr(traject, stap)
    if not (can_proceed(methode, check_conditions=False) and _juiste_type(traject, stap)):
        raise TrajectFout(
            f"De stap '{STAPPEN[stap]}' kan niet vanuit het stadium "
            f"'{traject.get_status_display()}' van een {traject.get_type_display()}-traject."
        )
    if stap == "plaats":
        if traject.leerbedrijf is None:
            raise TrajectFout(
                "Kies eerst het leerbedrijf (Traject wijzigen): plaatsing vraagt een "
                "praktijkovereenkomst met een erkend leerbedrijf."
            )
        if not traject.leerbedrijf.erkend_leerbedrijf:
            raise TrajectFout(
                f"{traject.leerbedrijf} is geen erkend leerbedrijf (SBB). Plaatsing in een "
                "duaal/BBL-traject kan alleen bij een erkend leerbedrijf."
            )
    naar_doel = methode._django_fsm.next_state(van)
    if naar_doel in EINDSTADIA:
        toegestaan = UITKOMSTEN_PER_EINDSTADIUM[naar_doel]
        uitkomst = uitkomst or toegestaan[0]
        if uitkomst not in toegestaan:
            raise TrajectFout("Deze uitkomst past niet bij deze afronding van het traject.")
    else:
        uitkomst = ""
    vorige = _laatste_gebeurtenis(traject)
    tijdstip = tijdstip_voor(datum)
    controleer_datum(tijdstip, vorige.datum if vorige else None, traject.loket)

    methode()
    naar = traject.status
    _werk_datums_bij(traject, naar, uitkomst, timezone.localdate(tijdstip))
    traject.status_sinds = tijdstip
    try:
        traject.save()
    except ConcurrentTransition:  # pragma: no cover - the row lock makes this unreachable
        raise TrajectFout("Dit traject is intussen door iemand anders gewijzigd.") from None
    gebeurtenis = TrajectGebeurtenis.objects.create(
        loket_id=traject.loket_id,
        traject=traject,
        van_status=van,
        naar_status=naar,
        uitkomst=uitkomst,
        datum=tijdstip,
        geregistreerd_door=request.user,
        reden=reden[:500],
    )
    log_verwerking(
        request,
        Verwerking.Actie.GEWIJZIGD,
        f"traject {traject.pk}: van {Status(van).label.lower()} naar {Status(naar).label.lower()}",
        [traject.klant_id],
    )
    return gebeurtenis


def _werk_datums_bij(traject: Traject, naar: str, uitkomst: str, datum: datetime.date) -> None:
    if naar in (Status.INTAKE, Status.GESTART) and traject.werkelijke_start is None:
        traject.werkelijke_start = datum
    if naar in EINDSTADIA:
        traject.werkelijk_eind = datum
        traject.uitkomst = uitkomst
        traject.uitkomst_datum = datum


@transaction.atomic
def corrigeer(request, traject_id: int, gebeurtenis_id: int, reden: str) -> TrajectGebeurtenis:
    """Undo the latest stage change of a trajectory by appending a correction event that points
    to it; the trajectory goes back to the stage before. The wrong event itself is never changed."""
    reden = (reden or "").strip()
    if not reden:
        raise TrajectFout("Geef de reden van de correctie op.")
    traject = _vergrendel(traject_id, request.user.loket_id)
    fout = (
        traject.gebeurtenissen.filter(pk=gebeurtenis_id, corrigeert__isnull=True)
        .select_related("correctie")
        .first()
    )
    if fout is None:
        raise TrajectFout("Deze stap hoort niet bij dit traject of is zelf een correctie.")
    if hasattr(fout, "correctie"):
        raise TrajectFout("Deze stap is al gecorrigeerd.")
    if not fout.van_status:
        raise TrajectFout(
            "De aanmelding zelf kan niet worden gecorrigeerd; breek het traject zo nodig af."
        )
    laatste = (
        traject.gebeurtenissen.filter(corrigeert__isnull=True, correctie__isnull=True)
        .order_by("-datum", "-pk")
        .first()
    )
    if laatste is None or laatste.pk != fout.pk or traject.status != fout.naar_status:
        raise TrajectFout("Alleen de laatste stap van een traject kan worden gecorrigeerd.")
    van = traject.status
    traject.herstel(fout.van_status)
    if van in EINDSTADIA:
        traject.werkelijk_eind = None
        traject.uitkomst = ""
        traject.uitkomst_datum = None
    if van in (Status.INTAKE, Status.GESTART):
        traject.werkelijke_start = None
    vorige = (
        traject.gebeurtenissen.filter(corrigeert__isnull=True, correctie__isnull=True)
        .exclude(pk=fout.pk)
        .order_by("-datum", "-pk")
        .first()
    )
    traject.status_sinds = vorige.datum if vorige else fout.datum
    traject.save()
    correctie = TrajectGebeurtenis.objects.create(
        loket_id=traject.loket_id,
        traject=traject,
        van_status=van,
        naar_status=fout.van_status,
        datum=timezone.now(),
        geregistreerd_door=request.user,
        reden=reden[:500],
        corrigeert=fout,
    )
    log_verwerking(
        request,
        Verwerking.Actie.GEWIJZIGD,
        f"traject {traject.pk}: correctie van stap {fout.pk}",
        [traject.klant_id],
    )
    return correctie


@transaction.atomic
def wijzig_traject(request, traject: Traject, velden: list[str]) -> Traject:
    """Save the editable fields of a trajectory (never its stage) under the row lock."""
    _vergrendel(traject.pk, request.user.loket_id)
    if traject.leerbedrijf_id and traject.type != TrajectType.DUAAL:
        raise TrajectFout("Alleen een duaal/BBL-traject heeft een leerbedrijf.")
    if velden:
        traject.save(update_fields=velden)
    log_verwerking(
        request,
        Verwerking.Actie.GEWIJZIGD,
        f"traject {traject.pk}: {veldnamen(Traject, velden)}",
        [traject.klant_id],
    )
    return traject


@transaction.atomic
def voeg_financiering_toe(request, traject: Traject, regel: FinancieringsRegel) -> None:
    regel.traject = traject
    regel.save()
    log_verwerking(
        request,
        Verwerking.Actie.GEWIJZIGD,
        f"traject {traject.pk}: financiering toegevoegd",
        [traject.klant_id],
    )


@transaction.atomic
def markeer_ontvangen(request, regel: FinancieringsRegel) -> None:
    regel.status = FinancieringsStatus.ONTVANGEN
    regel.save(update_fields=["status"])
    log_verwerking(
        request,
        Verwerking.Actie.GEWIJZIGD,
        f"traject {regel.traject_id}: financiering ontvangen",
        [regel.traject.klant_id],
    )
