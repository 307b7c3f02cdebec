"""A finished quarterly report of a loket, for tests that need one to download (the permission
matrix among them). The file has a fixed name per loket, so repeated runs reuse it."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from loket.constants import Rol
from monitor.models import Kwartaalrapport, Programmarapport

from ..factories import RegioFactory

PDF = b"%PDF-1.4\n% testrapport\n%%EOF\n"


def klaar_rapport(loket, jaar=2026, kwartaal=1, versie=1) -> Kwartaalrapport:
    naam = f"rapporten/{loket.code}/test-{jaar}-Q{kwartaal}-v{versie}.pdf"
    if not default_storage.exists(naam):
        default_storage.save(naam, ContentFile(PDF))
    rapport = Kwartaalrapport.objects.create(
        loket=loket,
        jaar=jaar,
        kwartaal=kwartaal,
        versie=versie,
        status=Kwartaalrapport.Status.KLAAR,
        gestart_op=timezone.now(),
        klaar_op=timezone.now(),
        pogingen=1,
        checksum="0" * 64,
    )
    rapport.bestand.name = naam
    rapport.save(update_fields=["bestand"])
    return rapport


def rapport_argumenten(loket) -> dict:
    return {"pk": klaar_rapport(loket).pk}


def klaar_programmarapport(regio=None, jaar=2026, kwartaal=1) -> Programmarapport:
    """A finished national (regio None) or regional report with a file."""
    versie = Programmarapport.objects.filter(regio=regio, jaar=jaar, kwartaal=kwartaal).count() + 1
    naam = f"rapporten/programma/test-{regio.pk if regio else 0}-{jaar}-Q{kwartaal}-v{versie}.pdf"
    if not default_storage.exists(naam):
        default_storage.save(naam, ContentFile(PDF))
    rapport = Programmarapport.objects.create(
        regio=regio,
        jaar=jaar,
        kwartaal=kwartaal,
        versie=versie,
        status=Programmarapport.Status.KLAAR,
        klaar_op=timezone.now(),
        pogingen=1,
        checksum="0" * 64,
    )
    rapport.bestand.name = naam
    rapport.save(update_fields=["bestand"])
    return rapport


class BuitenLoket:
    """URL arguments of an object that belongs to no loket: called with a loket (as every builder
    of URL_ARGUMENTEN is) it builds the user's own object; `ander()` builds one of another scope,
    which the permission matrix uses instead of "the other loket's"."""

    def __init__(self, eigen, ander, ziet_alles=frozenset()):
        self.eigen, self.ander = eigen, ander
        self.ziet_alles = ziet_alles  # roles for which the other scope's object is theirs too

    def __call__(self, loket) -> dict:
        return self.eigen()


# The national report is every programme user's; a regional report of a region nobody in the
# matrix belongs to is no one's, but the landelijk programme's (it reads every report).
PROGRAMMARAPPORT_ARGUMENTEN = BuitenLoket(
    lambda: {"pk": klaar_programmarapport().pk},
    lambda: {"pk": klaar_programmarapport(RegioFactory()).pk},
    ziet_alles=frozenset({Rol.LANDELIJK}),
)
