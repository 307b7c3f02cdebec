"""How the permission matrix builds the sign-up and survey URLs for an object of a given loket.
Token URLs get a real link (its hash stored), so the public page answers 200."""

import datetime

from django.utils import timezone

from aanmelden.constants import Aanleiding
from aanmelden.models import Aanmelding, Enquetemoment, Enqueteverzoek, Tijdslot
from aanmelden.tokens import nieuw_token


def aanmelding(loket, **extra):
    return Aanmelding.objects.create(
        loket=loket,
        voornaam="Test",
        achternaam="Aanmelder",
        geboortedatum=datetime.date(1990, 1, 1),
        email="aanmelder@example.org",
        hoofddoel="scholing",
        toestemming_op=timezone.now(),
        **extra,
    )


def _aanmelding_pk(loket):
    return {"pk": aanmelding(loket).pk}


def _afspraak_token(loket):
    """A sign-up with an appointment, and a free slot to move it to."""
    from ..factories import UserFactory

    coach = UserFactory(loket=loket)
    morgen = timezone.now().replace(microsecond=0) + datetime.timedelta(days=1)
    slot, vrij = (
        Tijdslot.objects.create(
            loket=loket, werkcoach=coach, start=morgen + datetime.timedelta(hours=u)
        )
        for u in (0, 1)
    )
    token, token_hash = nieuw_token()
    aanmelding(loket, beheer_token_hash=token_hash, tijdslot=slot)
    return {"token": token}


def _enquete_token(loket):
    moment, _ = Enquetemoment.objects.get_or_create(
        loket=loket, aanleiding=Aanleiding.INTAKE, dagen_na=28, defaults={"naam": "Na intake"}
    )
    token, token_hash = nieuw_token()
    Enqueteverzoek.objects.create(
        loket=loket,
        moment=moment,
        soort="klant",
        aanleiding_id=Enqueteverzoek.objects.count() + 1,
        aanleiding_datum=timezone.localdate(),
        token_hash=token_hash,
        verstuurd_op=timezone.now(),
        verloopt_op=timezone.now() + datetime.timedelta(days=30),
    )
    return {"token": token}


URL_ARGUMENTEN_AANMELDEN = {
    "aanmeldingen:detail": _aanmelding_pk,
    "aanmeldingen:intake": _aanmelding_pk,
    "aanmelden:aanmelden": lambda loket: {"code": loket.code},
    "aanmelden:bedankt": lambda loket: {"code": loket.code},
    "aanmelden:afspraak": _afspraak_token,
    "aanmelden:enquete": _enquete_token,
    "aanmelden:enquete_afmelden": _enquete_token,
}
