"""The demo ledger: the 2010-style budget in two years, hours, one reversal, closed quarters."""

from decimal import Decimal

import pytest
from freezegun import freeze_time

from financiering import selectors
from financiering.demo import maak_demo_financiering
from financiering.models import Boeking, Kwartaalafsluiting, UrenInzet
from loket.demo import maak_loket_zkij


@pytest.mark.django_db
@freeze_time("2026-08-15 10:00:00")
def test_demo_ledger():
    loket = maak_loket_zkij()
    aantal = maak_demo_financiering(loket)
    assert aantal == Boeking.objects.filter(loket=loket).count() > 0
    vorig = selectors.jaaroverzicht(loket, 2025)
    assert vorig.totaal_kosten_begroot == Decimal("235000.00")
    assert vorig.totaal_financiering_begroot == Decimal("236500.00")
    assert vorig.normtoets.toegezegd_pct == Decimal("29.66")
    assert vorig.normtoets.gerealiseerd > 0
    huidig = selectors.jaaroverzicht(loket, 2026)
    # Q1 and Q2 of 2026 have ended: hours booked for two quarters, none for Q3.
    assert (
        UrenInzet.objects.filter(loket=loket, jaar=2026).values("kwartaal").distinct().count() == 2
    )
    assert huidig.cofinanciering_gerealiseerd < vorig.cofinanciering_gerealiseerd
    assert Boeking.objects.filter(loket=loket, tegenboeking_van__isnull=False).count() == 1
    assert list(Kwartaalafsluiting.objects.filter(loket=loket).values_list("jaar", "kwartaal")) == [
        (2025, 1),
        (2025, 2),
        (2025, 3),
    ]
    assert maak_demo_financiering(loket) == 0
