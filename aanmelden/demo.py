"""Demo data of the client's own side: the loket's survey moments and next week's spreekuur of the
demo werkcoach, so the public sign-up form offers slots."""

import datetime

from django.utils import timezone

from loket.constants import Rol
from loket.models import Loket, User

from .constants import Aanleiding
from .models import Enquetemoment
from .services import publiceer_tijdsloten

MOMENTEN = [
    ("Vier weken na de intake", Aanleiding.INTAKE, 28),
    ("Zes maanden na de intake", Aanleiding.INTAKE, 182),
    ("Bij het einde van een traject", Aanleiding.TRAJECT_EINDE, 0),
    ("Na een werkgeverscontact", Aanleiding.WERKGEVERSCONTACT, 14),
]


def maak_demo_aanmelden(loket: Loket) -> None:
    Enquetemoment.objects.bulk_create(
        [
            Enquetemoment(loket=loket, naam=naam, aanleiding=aanleiding, dagen_na=dagen)
            for naam, aanleiding, dagen in MOMENTEN
        ],
        ignore_conflicts=True,
    )
    werkcoach = User.objects.filter(loket=loket, rol=Rol.WERKCOACH).order_by("pk").first()
    if werkcoach is None:
        return
    vandaag = timezone.localdate()
    for dag in range(1, 8):
        datum = vandaag + datetime.timedelta(days=dag)
        if datum.weekday() in (1, 3):  # Tuesday and Thursday mornings
            publiceer_tijdsloten(
                loket=loket,
                werkcoach=werkcoach,
                datum=datum,
                van=datetime.time(9, 30),
                aantal=4,
                duur=30,
            )
