"""The mails to citizens and employers: an appointment confirmation (with .ics and a link to
cancel or move it) and survey invitations (with a single-use link and an opt-out link).

Each function makes the link's token, stores only its hash and sends, inside one transaction: a
failed send rolls the new hash back and the Celery task retries."""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .constants import EnqueteSoort
from .ics import afspraak_ics
from .models import Aanmelding, EnqueteAfmelding, Enqueteverzoek, Tijdslot
from .tokens import hash_email, nieuw_token

ENQUETE_GELDIG = datetime.timedelta(days=30)


def _url(naam: str, token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(naam, kwargs={"token": token})


def _ics(aanmelding: Aanmelding, slot: Tijdslot, geannuleerd: bool) -> bytes:
    loket = aanmelding.loket
    return afspraak_ics(
        uid=f"aanmelding-{aanmelding.pk}@{loket.code.lower()}.leerwerkloket",
        start=slot.start,
        einde=slot.einde,
        samenvatting=f"Afspraak {loket.naam}",
        locatie=loket.naam,
        beschrijving=f"Gesprek met {slot.werkcoach.get_full_name() or 'een werkcoach'} "
        f"van {loket.naam}.",
        organisator_email=settings.DEFAULT_FROM_EMAIL,
        versie=aanmelding.afspraak_versie,
        geannuleerd=geannuleerd,
    )


@transaction.atomic
def verstuur_afspraakmail(aanmelding_id: int, geannuleerd_tijdslot_id: int | None = None) -> bool:
    """The confirmation of a sign-up, or of a moved or cancelled appointment. False when there was
    nothing (more) to send: a redelivered task sends nothing twice."""
    aanmelding = (
        Aanmelding.objects.alle_loketten(reden="mailtaak op id")
        .select_for_update(of=("self",))
        .select_related("loket", "tijdslot__werkcoach")
        .filter(pk=aanmelding_id, bevestiging_verstuurd_op__isnull=True)
        .first()
    )
    if aanmelding is None:
        return False
    token, aanmelding.beheer_token_hash = nieuw_token()
    aanmelding.bevestiging_verstuurd_op = timezone.now()
    aanmelding.save(update_fields=["beheer_token_hash", "bevestiging_verstuurd_op"])
    geannuleerd = None
    if geannuleerd_tijdslot_id and aanmelding.tijdslot_id is None:
        geannuleerd = (
            Tijdslot.objects.voor_loket(aanmelding.loket_id, pk=geannuleerd_tijdslot_id)
            .select_related("werkcoach")
            .first()
        )
    slot = aanmelding.tijdslot
    if slot:
        onderwerp = f"Uw afspraak bij {aanmelding.loket.naam}"
    elif geannuleerd:
        onderwerp = f"Uw afspraak bij {aanmelding.loket.naam} is geannuleerd"
    else:
        onderwerp = f"Uw aanmelding bij {aanmelding.loket.naam}"
    tekst = render_to_string(
        "aanmelden/mail/afspraak.txt",
        {
            "aanmelding": aanmelding,
            "slot": slot,
            "geannuleerd": geannuleerd,
            "beheer_url": _url("aanmelden:afspraak", token),
        },
    )
    bericht = EmailMessage(onderwerp, tekst, to=[aanmelding.email])
    afspraak = slot or geannuleerd
    if afspraak is not None:
        bericht.attach(
            "afspraak.ics",
            _ics(aanmelding, afspraak, geannuleerd=slot is None),
            "text/calendar; charset=utf-8; method=" + ("PUBLISH" if slot else "CANCEL"),
        )
    bericht.send()
    return True


def _adres(verzoek: Enqueteverzoek) -> str:
    if verzoek.soort == EnqueteSoort.WERKGEVER:
        return verzoek.werkgever.contact_email if verzoek.werkgever else ""
    if verzoek.klant is None or verzoek.klant.geanonimiseerd_op:
        return ""
    return verzoek.klant.email


@transaction.atomic
def verstuur_enquetemail(verzoek_id: int, herinnering: bool = False) -> bool:
    """A survey invitation, or its one reminder (which replaces the link: the old one stops)."""
    verzoek = (
        Enqueteverzoek.objects.alle_loketten(reden="mailtaak op id")
        .select_for_update(of=("self",))
        .select_related("loket", "klant", "werkgever", "moment")
        .filter(pk=verzoek_id, beantwoord_op__isnull=True, overgeslagen="")
        .first()
    )
    nu = timezone.now()
    if verzoek is None:
        return False
    if herinnering:
        if (
            not verzoek.verstuurd_op
            or verzoek.herinnerd_op
            or verzoek.verloopt_op is None
            or verzoek.verloopt_op <= nu
        ):
            return False
    elif verzoek.verstuurd_op:
        return False
    adres = _adres(verzoek)
    if not adres:
        verzoek.overgeslagen = "geen e-mailadres"
    elif EnqueteAfmelding.objects.voor_loket(
        verzoek.loket_id, email_hash=hash_email(adres)
    ).exists():
        verzoek.overgeslagen = "afgemeld"
    if verzoek.overgeslagen:
        verzoek.save(update_fields=["overgeslagen"])
        return False
    token, verzoek.token_hash = nieuw_token()
    if herinnering:
        verzoek.herinnerd_op = nu
    else:
        verzoek.verstuurd_op = nu
        verzoek.verloopt_op = nu + ENQUETE_GELDIG
    verzoek.save(update_fields=["token_hash", "herinnerd_op", "verstuurd_op", "verloopt_op"])
    tekst = render_to_string(
        "aanmelden/mail/enquete.txt",
        {
            "verzoek": verzoek,
            "herinnering": herinnering,
            "enquete_url": _url("aanmelden:enquete", token),
            "afmeld_url": _url("aanmelden:enquete_afmelden", token),
        },
    )
    onderwerp = (
        f"{'Herinnering: ' if herinnering else ''}Hoe tevreden bent u over {verzoek.loket.naam}?"
    )
    EmailMessage(onderwerp, tekst, to=[adres]).send()
    return True
