"""The attacker test of the programme's view (ADR 0067, extending ADR 0020): everything a landelijk
or regio user can obtain from the programme page and its xlsx (every offered period, every region
filter, hostile query strings, every sort order) as integer constraints; no hidden count and no
true count of 1-4 (of one loket, or national) can be pinned to fewer than BESCHERMING values, and
none is provably 0. Random data over several loketten and two regions, including a loket with tiny
quarters; a naive regional total makes the attacker win."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loket.constants import Rol
from monitor.indicatoren import INDICATOREN

from ..conftest import login_met_tweede_factor
from ..factories import GemeenteFactory, LoketFactory, OrganisatieFactory, RegioFactory, UserFactory
from ..trajecten.factories import KwalificatieFactory
from .aanvaller import Verzameling, aanval
from .aanvaller_programma import controleer_afgeleid, lees_programma, lees_programma_xlsx
from .test_aanvaller import KWARTAAL, _vragen, maak_gegevens

TELLINGEN = [i.code for i in INDICATOREN if i.is_aantal]
KLEIN = [(0, 0, 0, 0), (1, 2, 0, 1), (3, 0, 1, 0), (0, 1, 0, 2)]  # a new loket's tiny quarters


@pytest.fixture
def regios(db):
    return RegioFactory(naam="Noord", code="N"), RegioFactory(naam="Zuid", code="Z")


@pytest.fixture
def kwalificatie(db):
    return KwalificatieFactory()


def _loket(code, regio, kwalificatie):
    loket = LoketFactory(code=code, naam=f"Loket {code}", regio=regio)
    decor = {
        "coach": UserFactory(loket=loket, rol=Rol.WERKCOACH),
        "gemeenten": [GemeenteFactory(regio=regio) for _ in range(2)],
        "aanbieders": [OrganisatieFactory(loket=loket, naam=n) for n in ("Nova", "Colo")],
        "kwalificatie": kwalificatie,
    }
    return loket, decor


def _codes(response) -> list[str]:
    return [r["rij"].loket.code for r in response.context["rijen"]]


def verzamel_programma(client, regios, jaren=(2025,), vijandig=True, sorteren=True) -> Verzameling:
    v, gezien = Verzameling(), set()
    url, export = reverse("monitor:programma"), reverse("monitor:programma_export")
    for vraag in _vragen(list(jaren), vijandig):
        for regio in (None, *regios):
            params = {**vraag, **({"regio": regio.pk} if regio else {})}
            pagina = client.get(url, params)
            assert pagina.status_code == 200
            p = pagina.context["p"]
            controleer_afgeleid(p, _codes(pagina), "loket", "op")
            lees_programma(v, p, f"{p.periode.label} {regio or 'landelijk'}")
            if (p.periode, regio) not in gezien:
                gezien.add((p.periode, regio))
                lees_programma_xlsx(client.get(export, params).content, p, _codes(pagina))
    if sorteren:  # every column, both ways: the order gives nothing away
        for code in TELLINGEN:
            for richting in ("op", "af"):
                params = {"periode": "jaar", "jaar": jaren[-1], "sorteer": code}
                pagina = client.get(url, {**params, "richting": richting})
                controleer_afgeleid(pagina.context["p"], _codes(pagina), code, richting)
        params = {"periode": "kwartaal", "jaar": jaren[-1], "kwartaal": 1, "sorteer": TELLINGEN[0]}
        pagina = client.get(url, {**params, "richting": "af"})
        lees_programma_xlsx(
            client.get(export, {**params, "richting": "af"}).content,
            pagina.context["p"],
            _codes(pagina),
        )
    return v


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    aantallen=st.lists(st.lists(KWARTAAL, min_size=4, max_size=4), min_size=2, max_size=3),
    seed=st.integers(0, 10**6),
)
def test_attacker_pins_no_hidden_count_across_loketten(
    client, regios, kwalificatie, aantallen, seed
):
    with transaction.atomic():
        plan = [*aantallen, KLEIN]
        for n, per_kwartaal in enumerate(plan):
            loket, decor = _loket(f"L{chr(65 + n)}", regios[n % 2], kwalificatie)
            maak_gegevens(loket, decor, per_kwartaal, seed + n)
        login_met_tweede_factor(client, UserFactory(loket=None, rol=Rol.LANDELIJK))
        v = verzamel_programma(client, regios, vijandig=False, sorteren=False)
        assert aanval(None, v) == []
        transaction.set_rollback(True)


@pytest.fixture
def vier(regios, kwalificatie):
    """Q1 2025 intakes: AA 3 (noord), BB 20 (noord), CC 12 (zuid), DD 7 (zuid), and a tiny
    loket EE in noord with 1 intake in Q2."""
    plan = {
        "AA": [(3, 1, 0, 2), (0, 0, 0, 0), (6, 0, 0, 0), (0, 0, 0, 0)],
        "BB": [(20, 5, 2, 6), (9, 6, 0, 5), (7, 0, 0, 0), (0, 0, 0, 0)],
        "CC": [(12, 0, 0, 7), (8, 2, 1, 0), (0, 0, 0, 0), (5, 0, 0, 0)],
        "DD": [(7, 2, 0, 0), (6, 0, 0, 0), (0, 0, 0, 0), (5, 5, 5, 5)],
        "EE": [(0, 0, 0, 0), (1, 0, 0, 0), (0, 0, 0, 0), (0, 0, 0, 0)],
    }
    noord, zuid = regios
    for n, (code, per_kwartaal) in enumerate(plan.items()):
        loket, decor = _loket(code, noord if code in ("AA", "BB", "EE") else zuid, kwalificatie)
        maak_gegevens(loket, decor, per_kwartaal, seed=n)
    return plan


def test_attacker_as_landelijk_over_every_period_region_and_sort(client, regios, vier):
    login_met_tweede_factor(client, UserFactory(loket=None, rol=Rol.LANDELIJK))
    v = verzamel_programma(client, regios, jaren=(2024, 2025))
    assert any(c.getoond == "< 5" for c in v.cijfers)  # small cells are there to protect
    assert aanval(None, v) == []


def test_attacker_as_regio(client, regios, vier):
    login_met_tweede_factor(client, UserFactory(loket=None, rol=Rol.REGIO, regio=regios[0]))
    v = verzamel_programma(client, (), jaren=(2025,))
    assert {c.categorie for c in v.cijfers if isinstance(c.categorie, str)} == {"AA", "BB", "EE"}
    assert aanval(None, v) == []


def test_a_naive_regional_total_lets_the_attacker_win(client, regios, vier):
    """Publishing noord's true Q1 total (23) beside the national cells pins AA (3): so the
    attacker is not blind, and a region's total must be the sum of its shown cells."""
    login_met_tweede_factor(client, UserFactory(loket=None, rol=Rol.LANDELIJK))
    v = verzamel_programma(client, regios, vijandig=False, sorteren=False)
    assert aanval(None, v) == []
    q1 = datetime.date(2025, 1, 1)
    v.voeg_toe("nieuwe_klanten", [q1], 23, "naief", "loket", ("AA", "BB", "EE"), aanwezig=False)
    lekken = aanval(None, v)
    assert any("nieuwe_klanten" in lek and "ligt vast op 3..3" in lek for lek in lekken), lekken
