"""The demo data: every stage present, events consistent with each trajectory's stage."""

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from loket.models import Loket
from trajecten.constants import EINDSTADIA, STADIA, Status
from trajecten.models import Traject, TrajectGebeurtenis
from trajecten.selectors import traject_telling


@pytest.mark.django_db
def test_seed_demo_makes_consistent_trajectories():
    call_command("seed_demo", klanten=200)
    loket = Loket.objects.get(code="ZKIJ")
    trajecten = Traject.objects.filter(loket=loket)
    assert 250 <= trajecten.count() <= 400
    assert set(trajecten.values_list("status", flat=True)) == set(Status.values)
    gebeurtenissen = {}
    for g in TrajectGebeurtenis.objects.filter(loket=loket).order_by("datum", "pk"):
        gebeurtenissen.setdefault(g.traject_id, []).append(g)
    for traject in trajecten.select_related("leerbedrijf"):
        pad = gebeurtenissen[traject.pk]
        assert pad[0].van_status == "" and pad[0].naar_status == Status.AANGEMELD
        for vorige, volgende in zip(pad, pad[1:], strict=False):
            assert volgende.van_status == vorige.naar_status
            assert volgende.datum >= vorige.datum
            stadia = STADIA[traject.type]
            assert volgende.naar_status in stadia
        assert pad[-1].naar_status == traject.status
        assert pad[-1].datum == traject.status_sinds
        if traject.status in EINDSTADIA:
            assert traject.uitkomst == pad[-1].uitkomst != ""
        if traject.status in (Status.GEPLAATST, Status.GESTART, Status.DIPLOMA):
            assert traject.leerbedrijf.erkend_leerbedrijf
    per_traject = TrajectGebeurtenis.objects.values("traject").annotate(n=Count("id"))
    assert all(r["n"] >= 1 for r in per_traject)
    eerste = timezone.localdate(min(g[0].datum for g in gebeurtenissen.values()))
    laatste = timezone.localdate(max(g[-1].datum for g in gebeurtenissen.values()))
    telling = traject_telling(loket, eerste, laatste)
    assert telling.totaal.gestart == trajecten.count()
