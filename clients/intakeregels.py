"""The domain rules of an intake and a client, in one place: the intake form, the client form and
the bulk import (clients/importeren) all call these, so a rule changes once. Each raises a
ValidationError with a Dutch message, or returns the value to store.

The rules take `vandaag` so a bulk import computes today once instead of per value."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from loket.constants import Rol
from loket.models import Loket, User

from .constants import GEEFT_STARTKWALIFICATIE, Opleidingsniveau
from .leeftijd import leeftijd_op

OUDSTE_GEBOORTEJAAR = 1900
MINIMUM_LEEFTIJD = 12
# An intake or contact may be entered afterwards, but not more than a year back.
MAXIMAAL_TERUG = datetime.timedelta(days=366)


def niet_in_toekomst(
    datum: datetime.date | None, wat: str, vandaag: datetime.date | None = None
) -> None:
    if datum and datum > (vandaag or timezone.localdate()):
        raise ValidationError(f"De {wat} kan niet in de toekomst liggen.")


def niet_te_lang_geleden(
    datum: datetime.date | None, wat: str, vandaag: datetime.date | None = None
) -> None:
    if datum and datum < (vandaag or timezone.localdate()) - MAXIMAAL_TERUG:
        raise ValidationError(f"De {wat} mag hoogstens een jaar geleden zijn.")


def controleer_geboortedatum(
    datum: datetime.date, vandaag: datetime.date | None = None
) -> datetime.date:
    """A client's birth date: not in the future, after 1900, at least 12 years ago (form and import)."""
    vandaag = vandaag or timezone.localdate()
    niet_in_toekomst(datum, "geboortedatum", vandaag)
    if datum.year < OUDSTE_GEBOORTEJAAR:
        raise ValidationError(f"Vul een geboortedatum na {OUDSTE_GEBOORTEJAAR} in.")
    if leeftijd_op(datum, vandaag) < MINIMUM_LEEFTIJD:
        raise ValidationError(f"Een klant is minstens {MINIMUM_LEEFTIJD} jaar oud.")
    return datum


def startkwalificatie_bij(niveau: str | None, aangevinkt: bool) -> bool:
    """Havo, vwo or mbo 2+ always gives a startkwalificatie; a foreign or unknown diploma may be
    marked by hand; any other level cannot have one."""
    if niveau in GEEFT_STARTKWALIFICATIE:
        return True
    if aangevinkt and niveau not in {Opleidingsniveau.BUITENLANDS, Opleidingsniveau.ONBEKEND}:
        raise ValidationError(
            "Met deze opleiding heeft de klant geen startkwalificatie (nodig: havo, vwo of "
            "mbo 2 of hoger)."
        )
    return aangevinkt


def controleer_bereikbaar(telefoon: str, email: str) -> None:
    if not telefoon and not email:
        raise ValidationError("Vul een telefoonnummer of een e-mailadres in.")


def controleer_intakedatum(
    datum: datetime.date, vandaag: datetime.date | None = None
) -> datetime.date:
    niet_in_toekomst(datum, "datum van de intake", vandaag)
    niet_te_lang_geleden(datum, "datum van de intake", vandaag)
    return datum


def toestemming_datum_bij(
    delen: bool, datum: datetime.date | None, intakedatum: datetime.date | None
) -> datetime.date | None:
    """Consent without a date dates from the intake; no consent has no date."""
    if not delen:
        return None
    return datum or intakedatum


def werkcoaches_van(loket: Loket) -> QuerySet[User]:
    """Who may be named as an intake's werkcoach: active werkcoaches and projectleiders."""
    return User.objects.filter(
        loket=loket, is_active=True, rol__in=[Rol.WERKCOACH, Rol.PROJECTLEIDER]
    )
