"""Every write of consents and hand-overs, each in one transaction. Services take keyword
arguments and the acting user as `door`; they check the rule in Dutch first, the database
enforces it again (constraints and append-only triggers)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from loket.constants import Rol
from loket.mailtaken import stuur_na_commit

from . import tasks
from .constants import AFGEROND, Grondslag, Soort, Uitkomst, Urgentie
from .models import Overdracht, OverdrachtGebeurtenis, Toestemming
from .selectors import geldige_toestemming
from .werkdagen import na_werkdagen, termijn_van


def _eigen_partner(klant, organisatie) -> None:
    if organisatie is None or organisatie.loket_id != klant.loket_id or not organisatie.actief:
        raise ValidationError({"organisatie": "Kies een actieve partner van uw loket."})


@transaction.atomic
def leg_toestemming_vast(*, klant, organisatie, gegevens, gegeven_op, door) -> Toestemming:
    _eigen_partner(klant, organisatie)
    if klant.geanonimiseerd_op:
        raise ValidationError("Deze klant is geanonimiseerd.")
    if gegeven_op > timezone.localdate():
        raise ValidationError(
            {"gegeven_op": "De datum van de toestemming ligt niet in de toekomst."}
        )
    if geldige_toestemming(klant, organisatie):
        raise ValidationError(
            {"organisatie": f"Er is al een geldige toestemming voor {organisatie}."}
        )
    try:
        with transaction.atomic():
            return Toestemming.objects.create(
                loket_id=klant.loket_id,
                klant=klant,
                organisatie=organisatie,
                gegevens=gegevens,
                gegeven_op=gegeven_op,
                vastgelegd_door=door,
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"organisatie": f"Er is al een geldige toestemming voor {organisatie}."}
        ) from exc


@transaction.atomic
def trek_toestemming_in(*, toestemming: Toestemming, door) -> Toestemming:
    """Set the withdrawal moment once. Hand-overs already sent stay (they are facts), but the
    partner no longer sees the client's data."""
    bijgewerkt = Toestemming.objects.voor_loket(
        toestemming.loket_id, pk=toestemming.pk, ingetrokken_op__isnull=True
    ).update(ingetrokken_op=timezone.now(), ingetrokken_door=door)
    if not bijgewerkt:
        raise ValidationError("Deze toestemming is al ingetrokken.")
    toestemming.refresh_from_db()
    return toestemming


@transaction.atomic
def maak_overdracht(
    *,
    klant,
    organisatie,
    vraag: str,
    urgentie: str = Urgentie.NORMAAL,
    contactpersoon=None,
    grondslag: str = Grondslag.TOESTEMMING,
    grondslag_toelichting: str = "",
    door,
) -> Overdracht:
    """Hand a client over to a partner: only with a consent in force for that partner, or an
    explicitly recorded other legal ground."""
    _eigen_partner(klant, organisatie)
    if klant.geanonimiseerd_op:
        raise ValidationError("Deze klant is geanonimiseerd.")
    vraag = (vraag or "").strip()
    if not vraag:
        raise ValidationError({"vraag": "Beschrijf de vraag aan de partner."})
    if contactpersoon is not None and (
        contactpersoon.organisatie_id != organisatie.pk
        or contactpersoon.rol != Rol.PARTNER
        or not contactpersoon.is_active
    ):
        raise ValidationError(
            {"contactpersoon": f"Deze contactpersoon werkt niet (meer) bij {organisatie}."}
        )
    toestemming = None
    grondslag_toelichting = (grondslag_toelichting or "").strip()
    if grondslag == Grondslag.TOESTEMMING:
        toestemming = (
            Toestemming.objects.voor_loket(klant.loket_id)
            .select_for_update()
            .filter(klant=klant, organisatie=organisatie, ingetrokken_op__isnull=True)
            .first()
        )
        if toestemming is None:
            raise ValidationError(
                {
                    "organisatie": f"De klant heeft geen (geldige) toestemming gegeven om gegevens "
                    f"te delen met {organisatie}. Leg eerst de toestemming vast."
                }
            )
    elif grondslag == Grondslag.WETTELIJK:
        if not grondslag_toelichting:
            raise ValidationError(
                {"grondslag_toelichting": "Noem de wettelijke grondslag voor deze overdracht."}
            )
    else:
        raise ValidationError({"grondslag": "Kies een grondslag."})
    vandaag = timezone.localdate()
    overdracht = Overdracht.objects.create(
        loket_id=klant.loket_id,
        klant=klant,
        organisatie=organisatie,
        contactpersoon=contactpersoon,
        vraag=vraag,
        urgentie=urgentie,
        grondslag=grondslag,
        toestemming=toestemming,
        grondslag_toelichting=grondslag_toelichting,
        werkcoach=door,
        termijn=na_werkdagen(vandaag, termijn_van(klant.loket)),
    )
    OverdrachtGebeurtenis.objects.create(overdracht=overdracht, soort=Soort.VERSTUURD, door=door)
    stuur_na_commit(tasks.meld_nieuwe_overdracht, overdracht.pk)
    return overdracht


def _voeg_toe(overdracht, soort, door, *, toegestaan_na, uitkomst="", toelichting=""):
    """Append one event, after locking the hand-over so two answers cannot cross."""
    Overdracht.objects.voor_loket(overdracht.loket_id).select_for_update().get(pk=overdracht.pk)
    gedaan = set(overdracht.gebeurtenissen.values_list("soort", flat=True))
    if gedaan & set(AFGEROND):
        raise ValidationError("Deze overdracht is al afgerond.")
    laatste = Soort.ONTVANGEN if Soort.ONTVANGEN in gedaan else Soort.VERSTUURD
    if laatste not in toegestaan_na:
        raise ValidationError("Deze stap past niet bij de huidige status van de overdracht.")
    try:
        with transaction.atomic():
            return OverdrachtGebeurtenis.objects.create(
                overdracht=overdracht,
                soort=soort,
                uitkomst=uitkomst,
                toelichting=toelichting,
                door=door,
            )
    except IntegrityError as exc:
        raise ValidationError("Deze stap is al gezet.") from exc


def _controleer_partner(overdracht, door) -> None:
    if door.organisatie_id != overdracht.organisatie_id or door.loket_id != overdracht.loket_id:
        raise ValidationError("Deze overdracht is niet aan uw organisatie gericht.")


@transaction.atomic
def accepteer(*, overdracht, door) -> OverdrachtGebeurtenis:
    _controleer_partner(overdracht, door)
    return _voeg_toe(overdracht, Soort.ONTVANGEN, door, toegestaan_na={Soort.VERSTUURD})


@transaction.atomic
def wijs_af(*, overdracht, reden: str, door) -> OverdrachtGebeurtenis:
    _controleer_partner(overdracht, door)
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": "Geef de reden van de afwijzing."})
    gebeurtenis = _voeg_toe(
        overdracht, Soort.AFGEWEZEN, door, toegestaan_na={Soort.VERSTUURD}, toelichting=reden
    )
    stuur_na_commit(tasks.meld_antwoord, gebeurtenis.pk)
    return gebeurtenis


@transaction.atomic
def meld_terug(*, overdracht, uitkomst: str, toelichting: str = "", door) -> OverdrachtGebeurtenis:
    """The partner reports back: an outcome from the list, with text (required for 'anders')."""
    _controleer_partner(overdracht, door)
    if uitkomst not in Uitkomst.values:
        raise ValidationError({"uitkomst": "Kies een uitkomst."})
    toelichting = (toelichting or "").strip()
    if uitkomst == Uitkomst.ANDERS and not toelichting:
        raise ValidationError({"toelichting": "Licht de uitkomst 'anders' toe."})
    gebeurtenis = _voeg_toe(
        overdracht,
        Soort.TERUGGEMELD,
        door,
        toegestaan_na={Soort.ONTVANGEN},
        uitkomst=uitkomst,
        toelichting=toelichting,
    )
    stuur_na_commit(tasks.meld_antwoord, gebeurtenis.pk)
    return gebeurtenis
