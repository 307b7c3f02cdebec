"""Writes that are more than a form save: registering an intake creates the client and its number."""

import datetime

from django.db import connection, transaction
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from loket.audit import log_verwerking, veldnamen
from loket.instellingen import instelling
from loket.models import Loket, Verwerking

from .models import Contactmoment, Intake, Klant


def formatteer_klantnummer(loket_code: str, jaar: int, volgnummer: int) -> str:
    """The one format of a client number, e.g. ZKIJ-2026-000123."""
    return f"{loket_code}-{jaar}-{volgnummer:06d}"


def reserveer_klantnummers(loket: Loket, jaar: int, aantal: int) -> int:
    """Reserve `aantal` consecutive numbers in one atomic statement (safe under concurrency) and
    return the first volgnummer of the range."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO clients_klantnummerreeks (loket_id, jaar, laatste) VALUES (%s, %s, %s)
            ON CONFLICT (loket_id, jaar)
            DO UPDATE SET laatste = clients_klantnummerreeks.laatste + EXCLUDED.laatste
            RETURNING laatste
            """,
            [loket.pk, jaar, aantal],
        )
        laatste = cursor.fetchone()[0]
    return laatste - aantal + 1


def volgend_klantnummer(loket: Loket, jaar: int) -> str:
    """The next client number, e.g. ZKIJ-2026-000123."""
    voorvoegsel = instelling(loket, "klantnummer_voorvoegsel")
    return formatteer_klantnummer(voorvoegsel, jaar, reserveer_klantnummers(loket, jaar, 1))


def markeer_activiteit(klant: Klant, datum: datetime.date) -> None:
    """Move the client's last-activity date forward (the retention clock); never backwards."""
    Klant.objects.voor_loket(klant.loket_id, pk=klant.pk).update(
        laatste_activiteit=Greatest(Coalesce(F("laatste_activiteit"), Value(datum)), Value(datum))
    )


def herbereken_laatste_activiteit(loket: Loket) -> int:
    """Set every client's last-activity date from its intakes and contacts in one statement
    (after bulk loads and imports, which bypass the services)."""
    laatste_intake = (
        Intake.objects.filter(klant=OuterRef("pk")).order_by("-datum").values("datum")[:1]
    )
    laatste_contact = (
        Contactmoment.objects.filter(klant=OuterRef("pk")).order_by("-datum").values("datum")[:1]
    )
    return Klant.objects.voor_loket(loket).update(
        laatste_activiteit=Greatest(
            Coalesce(Subquery(laatste_intake), Subquery(laatste_contact)),
            Coalesce(Subquery(laatste_contact), Subquery(laatste_intake)),
        )
    )


@transaction.atomic
def registreer_intake(request, klant: Klant, intake: Intake) -> Klant:
    """Save a new client with its first intake (unsaved instances from the intake form)."""
    loket = request.user.loket
    klant.loket = loket
    klant.aangemaakt_door = request.user
    klant.klantnummer = volgend_klantnummer(loket, timezone.localdate().year)
    klant.laatste_activiteit = intake.datum
    klant.save()
    intake.loket = loket
    intake.klant = klant
    intake.save()
    log_verwerking(request, Verwerking.Actie.AANGEMAAKT, "intake: nieuwe klant", [klant.pk])
    return klant


@transaction.atomic
def voeg_intake_toe(request, klant: Klant, intake: Intake) -> Intake:
    """A returning client's new intake."""
    intake.loket_id = klant.loket_id
    intake.klant = klant
    intake.save()
    markeer_activiteit(klant, intake.datum)
    log_verwerking(request, Verwerking.Actie.GEWIJZIGD, "intake toegevoegd", [klant.pk])
    return intake


@transaction.atomic
def voeg_intake_toe_met_gegevens(
    request, klant: Klant, intake: Intake, wijzigingen: dict[str, str]
) -> Intake:
    """A returning client's new intake, with the new phone or e-mail the werkcoach chose to keep
    (typed on the new-client form before the duplicate showed up): one transaction."""
    intake = voeg_intake_toe(request, klant, intake)
    if wijzigingen:
        for veld, waarde in wijzigingen.items():
            setattr(klant, veld, waarde)
        wijzig_klant(request, klant, list(wijzigingen))
    return intake


@transaction.atomic
def registreer_contact(request, klant: Klant, contact: Contactmoment) -> Contactmoment:
    contact.loket_id = klant.loket_id
    contact.klant = klant
    contact.medewerker = request.user
    contact.save()
    markeer_activiteit(klant, contact.datum)
    log_verwerking(request, Verwerking.Actie.GEWIJZIGD, "contactmoment toegevoegd", [klant.pk])
    return contact


@transaction.atomic
def wijzig_klant(request, klant: Klant, gewijzigde_velden: list[str]) -> Klant:
    klant.save()
    velden = veldnamen(Klant, gewijzigde_velden)
    log_verwerking(request, Verwerking.Actie.GEWIJZIGD, f"klantgegevens: {velden}", [klant.pk])
    return klant


class ContactCorrectieFout(Exception):
    """A correction that cannot be made; the message is Dutch and shown to the user."""


@transaction.atomic
def corrigeer_contact(
    request, fout: Contactmoment, *, reden: str, nieuw: Contactmoment | None = None
) -> Contactmoment:
    """Replace a mistaken contact by a new row with the right values, or withdraw it (nieuw is
    None): the mistaken row stays, the correction points to it and says why."""
    fout = Contactmoment.objects.voor_loket(fout.loket_id).select_for_update().get(pk=fout.pk)
    if fout.ingetrokken:
        raise ContactCorrectieFout("Een intrekking kan niet zelf worden gecorrigeerd.")
    if Contactmoment.objects.voor_loket(fout.loket_id, corrigeert=fout).exists():
        raise ContactCorrectieFout("Dit contactmoment is al gecorrigeerd of ingetrokken.")
    correctie = nieuw or Contactmoment(
        datum=fout.datum,
        dienst=fout.dienst,
        duur_minuten=fout.duur_minuten,
        warme_overdracht_naar=fout.warme_overdracht_naar,
        ingetrokken=True,
    )
    correctie.loket_id = fout.loket_id
    correctie.klant_id = fout.klant_id
    correctie.medewerker = request.user
    correctie.corrigeert = fout
    correctie.reden = reden.strip()[:500]
    correctie.save()
    if nieuw:
        markeer_activiteit(fout.klant, correctie.datum)
    wat = "ingetrokken" if correctie.ingetrokken else "gecorrigeerd"
    log_verwerking(request, Verwerking.Actie.GEWIJZIGD, f"contactmoment {wat}", [fout.klant_id])
    return correctie
