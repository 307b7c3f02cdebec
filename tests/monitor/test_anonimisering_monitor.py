"""Retention and erasure leave every monitor figure, every breakdown and every report's figures
exactly the same: the monitor counts events, not people."""

from clients.models import Klant
from clients.privacy import anonimiseer_klant
from loket import perioden
from monitor.dashboard import bouw_dashboard
from monitor.rapport import checksum, cijfers, verzamel

from .test_monitor import gegevens  # noqa: F401 - the hand-counted fixture of the monitor tests


def alle_cijfers(loket):
    uit = {}
    for periode in [perioden.kwartaal(2026, 1), perioden.kwartaal(2026, 2), perioden.jaar(2026)]:
        for voor_stuurgroep in (False, True):
            d = bouw_dashboard(loket, periode, voor_stuurgroep=voor_stuurgroep)
            uit[(periode.label, voor_stuurgroep)] = [
                (r.indicator.code, r.getoond, [(u.dimensie, u.rijen) for u in r.uitsplitsingen])
                for r in d.regels
            ]
    return uit


def test_anonymising_every_client_changes_no_figure(loket, gegevens, beheerder):  # noqa: F811
    voor = alle_cijfers(loket)
    rapport_voor = checksum(cijfers(verzamel(loket, 2026, 1)))
    assert any(getoond not in ("0", "–") for _, getoond, _ in voor[("Q1 2026", False)])
    for klant in Klant.objects.filter(loket=loket):
        anonimiseer_klant(klant, door=beheerder, reden="verwijderverzoek")
    assert not Klant.objects.filter(loket=loket, geanonimiseerd_op__isnull=True).exists()
    assert alle_cijfers(loket) == voor
    assert checksum(cijfers(verzamel(loket, 2026, 1))) == rapport_voor
