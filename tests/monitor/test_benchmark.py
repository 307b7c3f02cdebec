"""A loket's benchmark (issue 17): beside each figure the regional and national median, on the
dashboard (projectleider and stuurgroep) and in the loket's quarterly PDF; they equal
`programma.medianen`, a median without shown values shows "•", and the dashboard's query count
does not grow with the number of loketten."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from loket import perioden
from monitor import benchmark as benchmark_module
from monitor import rapport
from monitor.benchmark import benchmark, toon_mediaan, vergeet_bewaarde_medianen
from monitor.indicatoren import REGISTER
from monitor.models import Kwartaalrapport
from monitor.programma import medianen

from ..factories import IntakeFactory, KlantFactory, LoketFactory

Q1 = perioden.kwartaal(2025, 1)
DASHBOARD_Q1 = {"periode": "kwartaal", "jaar": "2025", "kwartaal": "1"}


def intakes(loket, aantal):
    klant = KlantFactory(loket=loket)
    for i in range(aantal):
        IntakeFactory(klant=klant, datum=datetime.date(2025, 2, 1 + i % 20))


@pytest.fixture
def buren(loket):
    """The loket (8 intakes) with two neighbours in its region (20, 3) and three loketten
    elsewhere (14, 40, 50). Q1 2025 nationally: 3 is "< 5", its complement (8, the smallest
    other) is "•"."""
    intakes(loket, 8)
    noord = [LoketFactory(code=c, regio=loket.regio) for c in ("N1", "N2")]
    intakes(noord[0], 20)
    intakes(noord[1], 3)
    elders = [LoketFactory(code=c) for c in ("Z1", "Z2", "Z3")]
    for lk, n in zip(elders, (14, 40, 50), strict=True):
        intakes(lk, n)
    return noord + elders


def cellen(html: str, code: str) -> tuple[str, str]:
    rij = re.search(rf'<tr id="indicator-{code}">(.*?)</tr>', html, re.S).group(1)
    regio = re.search(r'benchmark-regio">([^<]*)<', rij).group(1)
    land = re.search(r'benchmark-landelijk">([^<]*)<', rij).group(1)
    return regio, land


@pytest.mark.parametrize("gebruiker", ["projectleider", "stuurgroeplid"])
def test_the_dashboard_shows_the_medians_of_medianen(buren, loket, client_as, request, gebruiker):
    client = client_as(request.getfixturevalue(gebruiker))
    html = client.get(reverse("monitor:dashboard"), DASHBOARD_Q1).content.decode()
    verwacht = medianen(loket, Q1)
    # region: the loket's own 8 is hidden ("•") and N2 is "< 5", so only N1's 20 is shown
    assert verwacht["nieuwe_klanten"] == (Decimal(20), Decimal(30))  # land: 14, 20, 40, 50
    assert cellen(html, "nieuwe_klanten") == ("20", "30")
    # every row: the cells are medianen's, formatted
    for code, (regio, land) in verwacht.items():
        if code in html:
            assert cellen(html, code) == tuple(
                toon_mediaan(REGISTER[code], m) for m in (regio, land)
            )
    assert "Regio (mediaan)" in html and "Landelijk (mediaan)" in html


def test_a_median_without_shown_values_shows_its_mark(loket, client_as, projectleider):
    """Only the loket (3 intakes) and one neighbour (2): both hidden, no median anywhere."""
    intakes(loket, 3)
    intakes(LoketFactory(code="N1", regio=loket.regio), 2)
    assert medianen(loket, Q1)["nieuwe_klanten"] == (None, None)
    html = client_as(projectleider).get(reverse("monitor:dashboard"), DASHBOARD_Q1)
    assert cellen(html.content.decode(), "nieuwe_klanten") == ("•", "•")


def test_the_dashboard_query_count_does_not_grow_with_the_loketten(buren, client_as, projectleider):
    client = client_as(projectleider)

    def tel() -> int:
        vergeet_bewaarde_medianen()  # measure the medians, not the per-process store
        with CaptureQueriesContext(connection) as q:
            assert client.get(reverse("monitor:dashboard"), DASHBOARD_Q1).status_code == 200
        return len(q.captured_queries)

    client.get(reverse("monitor:dashboard"), DASHBOARD_Q1)  # warm the session and caches
    vijf = tel()
    for code in ("X1", "X2", "X3", "X4", "X5"):
        intakes(LoketFactory(code=code), 6)
    tien = tel()
    assert tien == vijf, f"{vijf} queries bij 5 loketten, {tien} bij 10"


def test_the_medians_are_kept_per_process_for_a_few_minutes(
    buren, loket, client_as, projectleider, monkeypatch
):
    """The second view within BEWAARTIJD measures no loket again and says when the medians were
    computed; after BEWAARTIJD a new fact shows."""
    client = client_as(projectleider)
    url = reverse("monitor:dashboard")
    eerste = client.get(url, DASHBOARD_Q1).content.decode()
    assert "Berekend om" in eerste
    regio_voor, land_voor = cellen(eerste, "nieuwe_klanten")
    intakes(LoketFactory(code="X9", regio=loket.regio), 90)  # moves both medians
    with CaptureQueriesContext(connection) as zonder:
        tweede = client.get(url, DASHBOARD_Q1).content.decode()
    assert cellen(tweede, "nieuwe_klanten") == (regio_voor, land_voor)
    vergeet_bewaarde_medianen()
    with CaptureQueriesContext(connection) as met:
        derde = client.get(url, DASHBOARD_Q1).content.decode()
    assert len(zonder.captured_queries) < len(met.captured_queries)
    assert cellen(derde, "nieuwe_klanten") != (regio_voor, land_voor)
    monkeypatch.setattr(benchmark_module, "BEWAARTIJD", 0)
    intakes(LoketFactory(code="X8", regio=loket.regio), 95)
    vierde = client.get(url, DASHBOARD_Q1).content.decode()
    assert cellen(vierde, "nieuwe_klanten") != cellen(derde, "nieuwe_klanten")


def test_the_quarterly_pdf_has_the_same_columns(buren, loket, tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    r = Kwartaalrapport.objects.create(loket=loket, jaar=2025, kwartaal=1, versie=1)
    pdf, _ = rapport.maak_pdf(r)
    tekst = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Vergelijking met de regio en het land" in tekst
    na = tekst.split("Vergelijking met de regio en het land", 1)[1]
    regel = next(r for r in na.splitlines() if r.startswith("Nieuwe klanten (intakes)"))
    # the stuurgroep's own figure (8: its own loket's figure, shown) beside the medians
    assert regel.split()[-3:] == ["8", "20", "30"], regel
    assert r.cijfers["benchmark"]["nieuwe_klanten"] == ["20", "30"]
    assert benchmark(loket, Q1, r.peilmoment).cellen["nieuwe_klanten"] == ("20", "30")
