"""The hand-over indicators: defined once in the registry, the same in dashboard, xlsx and PDF,
suppressed for the stuurgroep; and the partner's quarter confirmation in the report."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from freezegun import freeze_time
from openpyxl import load_workbook
from pypdf import PdfReader

from loket import perioden
from monitor.dashboard import bouw_dashboard
from monitor.indicatoren import REGISTER
from monitor.rapport import render_pdf, verzamel
from overdrachten import services, uren
from overdrachten.constants import Uitkomst

from .conftest import cofinanciering_in_natura
from .fabriek import maak_overdracht


@pytest.fixture
def q3_overdrachten(loket, roc, gemeente, roc_medewerker, gemeente_medewerker):
    """Q3 2026: six hand-overs to the roc (five reported back within the deadline after 3, 3,
    5, 8 and 9 days, one overdue) and one to the gemeente that was refused."""
    with freeze_time("2026-07-06 09:00:00+02:00"):  # Monday; deadline 20-07
        overdrachten = [maak_overdracht(loket, roc) for _ in range(6)]
        geweigerd = maak_overdracht(loket, gemeente)
        for o in overdrachten[:5]:
            services.accepteer(overdracht=o, door=roc_medewerker)
        services.wijs_af(overdracht=geweigerd, reden="Geen plek", door=gemeente_medewerker)
    for o, dag in zip(overdrachten[:5], (9, 9, 11, 14, 15), strict=True):
        with freeze_time(f"2026-07-{dag:02d} 12:00:00+02:00"):
            services.meld_terug(overdracht=o, uitkomst=Uitkomst.GESTART, door=roc_medewerker)
    return overdrachten


@freeze_time("2026-10-06 10:00:00+02:00")
def test_indicators_of_handovers(loket, q3_overdrachten):
    d = bouw_dashboard(loket, perioden.kwartaal(2026, 3), voor_stuurgroep=False)
    assert d.regel("overdrachten_verstuurd").waarde == 7
    assert {lbl: w for _, lbl, w in d.regel("overdrachten_verstuurd").uitsplitsingen[0].rijen} == {
        "Nova College": 6,
        "Gemeente Haarlem": 1,
    }
    # 5 of 6 (the refusal is not judged): 83,33 %.
    assert d.regel("overdrachten_binnen_termijn").waarde == Decimal("83.33")
    assert d.regel("overdrachten_mediaan_dagen").waarde == Decimal("5.0")
    assert d.regel("overdrachten_teruggemeld").getoond == "5"
    assert REGISTER["overdrachten_mediaan_dagen"].definitie


@freeze_time("2026-10-06 10:00:00+02:00")
def test_stuurgroep_sees_small_cells_suppressed(loket, q3_overdrachten):
    """The published table protects the gemeente's single hand-over: no cell of 1-4 is shown,
    and nothing shown lets it be recomputed (the breakdown goes when a cell would give it away)."""
    d = bouw_dashboard(loket, perioden.kwartaal(2026, 3), voor_stuurgroep=True)
    regel = d.regel("overdrachten_verstuurd")
    assert regel.getoond == "7"
    getoond = {lbl: w for u in regel.uitsplitsingen for _, lbl, w in u.rijen}
    assert "Gemeente Haarlem" not in getoond or getoond["Gemeente Haarlem"] not in range(1, 5)
    assert "Nova College" not in getoond or getoond["Nova College"] not in range(1, 5)
    for code in ("overdrachten_verstuurd", "overdrachten_teruggemeld"):
        for u in d.regel(code).uitsplitsingen:
            assert not [w for _, _, w in u.rijen if isinstance(w, int) and 0 < w < 5]


@freeze_time("2026-10-06 10:00:00+02:00")
def test_xlsx_and_pdf_show_the_same_figures(
    client_as, loket, roc, q3_overdrachten, stuurgroeplid, roc_medewerker, projectleider
):
    response = client_as(stuurgroeplid).get(
        reverse("monitor:export") + "?periode=kwartaal&jaar=2026&kwartaal=3"
    )
    rijen = {
        r[0]: r
        for r in load_workbook(io.BytesIO(response.content))["Indicatoren"].iter_rows(
            min_row=2, values_only=True
        )
    }
    assert str(rijen["overdrachten_verstuurd"][2]) == "7"
    assert rijen["overdrachten_binnen_termijn"][2] == pytest.approx(0.8333)  # a % cell

    tarief = cofinanciering_in_natura(loket, roc, 2026)
    opgave = uren.dien_uren_in(
        tarief=tarief, kwartaal=3, medewerker="Docent", uren=Decimal("8"), door=roc_medewerker
    )
    uren.keur_goed(opgave=opgave, door=projectleider)
    uren.bevestig_kwartaal(jaar=2026, kwartaal=3, door=roc_medewerker)
    pdf = render_pdf(verzamel(loket, 2026, 3))
    tekst = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages
    )
    assert "Warme overdrachten aan partners" in tekst
    assert "83,33 %" in tekst
    assert "Q3: bevestigd door Nova College op 06-10-2026" in tekst
    statement = client_as(projectleider).get(reverse("financiering:partner", args=[2026, roc.pk]))
    assert "Q3: bevestigd door Nova College op 06-10-2026" in statement.content.decode()


def test_share_within_deadline_rounds_like_every_percentage():
    from monitor.overdrachten import Overdrachtcijfers

    # 1 of 800 is 0.125 %: half-up as loket.geld.percentage does (banker's rounding gave 0.12).
    assert Overdrachtcijfers(te_beoordelen=800, binnen_termijn=1).binnen_termijn_pct == Decimal(
        "0.13"
    )
    assert Overdrachtcijfers().binnen_termijn_pct is None
