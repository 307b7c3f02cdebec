"""Notification mails about hand-overs and partner hours. They carry a link only, never personal
data: the reader logs in (second factor) to see what it is about. Each send records its key in the
same transaction, so a failed send rolls back and the Celery task retries, and a resent task sends
nothing twice."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from loket.constants import Rol
from loket.models import User

from .models import Melding, Overdracht, OverdrachtGebeurtenis


def _link(naam: str, **kwargs) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(naam, kwargs=kwargs or None)


def _adressen(qs) -> list[str]:
    return sorted(set(qs.filter(is_active=True).exclude(email="").values_list("email", flat=True)))


def partner_adressen(overdracht: Overdracht) -> list[str]:
    return _adressen(
        User.objects.filter(
            loket_id=overdracht.loket_id, organisatie_id=overdracht.organisatie_id, rol=Rol.PARTNER
        )
    )


def _verstuur(sleutel: str, onderwerp: str, tekst: str, adressen: list[str]) -> bool:
    """Send once per key; False when already sent or nobody to send to."""
    if not adressen:
        return False
    with transaction.atomic():
        try:
            with transaction.atomic():
                Melding.objects.create(sleutel=sleutel)
        except IntegrityError:
            return False
        afzender = settings.DEFAULT_FROM_EMAIL
        # One message per recipient: addresses of other people are never disclosed.
        send_mass_mail([(onderwerp, tekst, afzender, [a]) for a in adressen], fail_silently=False)
    return True


def nieuwe_overdracht(overdracht_id: int) -> bool:
    overdracht = (
        Overdracht.objects.alle_loketten(reden="melding per id").filter(pk=overdracht_id).first()
    )
    if overdracht is None:
        return False
    link = _link("overdrachten:partner_detail", pk=overdracht.pk)
    return _verstuur(
        f"overdracht-{overdracht.pk}-nieuw",
        "Nieuwe warme overdracht van het leerwerkloket",
        "Uw organisatie heeft een nieuwe warme overdracht ontvangen.\n\n"
        f"Bekijk en beantwoord de overdracht na inloggen:\n{link}\n",
        partner_adressen(overdracht),
    )


def herinnering(overdracht_id: int, soort: str) -> bool:
    """soort 'voor' (the deadline is near) or 'na' (the deadline has passed)."""
    overdracht = (
        Overdracht.objects.alle_loketten(reden="melding per id").filter(pk=overdracht_id).first()
    )
    if overdracht is None:
        return False
    link = _link("overdrachten:partner_detail", pk=overdracht.pk)
    if soort == "voor":
        onderwerp = "Herinnering: terugmelding warme overdracht binnenkort verwacht"
        zin = f"De termijn voor de terugmelding verloopt op {overdracht.termijn:%d-%m-%Y}."
    else:
        onderwerp = "Termijn verstreken: terugmelding warme overdracht"
        zin = f"De termijn voor de terugmelding is op {overdracht.termijn:%d-%m-%Y} verstreken."
    return _verstuur(
        f"overdracht-{overdracht.pk}-herinnering-{soort}",
        onderwerp,
        f"{zin}\n\nBekijk de overdracht na inloggen:\n{link}\n",
        partner_adressen(overdracht),
    )


def antwoord(gebeurtenis_id: int) -> bool:
    """To the werkcoach: the partner refused or reported back."""
    gebeurtenis = (
        OverdrachtGebeurtenis.objects.alle_loketten(reden="melding per id")
        .select_related("overdracht__werkcoach")
        .filter(pk=gebeurtenis_id)
        .first()
    )
    if gebeurtenis is None:
        return False
    overdracht = gebeurtenis.overdracht
    link = _link("overdrachten:detail", pk=overdracht.pk)
    return _verstuur(
        f"gebeurtenis-{gebeurtenis.pk}",
        f"Warme overdracht {gebeurtenis.get_soort_display().lower()}",
        "De partner heeft gereageerd op een warme overdracht die u verstuurde.\n\n"
        f"Bekijk de reactie na inloggen:\n{link}\n",
        _adressen(User.objects.filter(pk=overdracht.werkcoach_id)),
    )


def uren_ter_goedkeuring(urenopgave_id: int) -> bool:
    from financiering.models import Urenopgave

    opgave = (
        Urenopgave.objects.alle_loketten(reden="melding per id").filter(pk=urenopgave_id).first()
    )
    if opgave is None:
        return False
    link = _link("overdrachten:uren_goedkeuren")
    return _verstuur(
        f"urenopgave-{opgave.pk}",
        "Uren van een partner wachten op goedkeuring",
        f"Een partner heeft uren ingediend voor kwartaal {opgave.kwartaal} van {opgave.jaar}.\n\n"
        f"Beoordeel de uren na inloggen:\n{link}\n",
        _adressen(User.objects.filter(loket_id=opgave.loket_id, rol=Rol.PROJECTLEIDER)),
    )
