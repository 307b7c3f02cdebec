"""The attacker test of the stuurgroep's figures (ADR 0020): on random data sets (including the
small first quarters of a new loket) and on the demo data, no hidden count and no true count of
1-4 can be pinned to fewer than BESCHERMING values from everything the stuurgroep can obtain."""

import datetime
import io
import random
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loket import perioden
from loket.constants import Rol
from loket.models import User
from monitor import rapport, suppressie
from monitor.dashboard import bouw_dashboard
from monitor.models import Doelstelling
from monitor.suppressie import VERBORGEN
from trajecten.models import TrajectGebeurtenis

from ..conftest import login_met_tweede_factor
from ..factories import (
    ContactmomentFactory,
    GemeenteFactory,
    IntakeFactory,
    KlantFactory,
    OrganisatieFactory,
    UserFactory,
)
from ..trajecten.factories import DuaalTrajectFactory, KwalificatieFactory, TrajectFactory
from .aanvaller import Verzameling, aanval, lees_dashboard, lees_rapportcijfers, lees_xlsx

AMS = timezone.get_default_timezone()
KWARTALEN = [(2025, 1), (2025, 2), (2025, 3), (2025, 4)]


def _vragen(jaren: list[int], vijandig: bool) -> list[dict]:
    """Every period the stuurgroep's selector offers for these years, plus hostile query
    strings (a free span of one day, year to date, a running quarter, garbage)."""
    vragen = [
        {"periode": "kwartaal", "jaar": j, "kwartaal": k} for j in jaren for k in (1, 2, 3, 4)
    ]
    vragen += [{"periode": "jaar", "jaar": j} for j in jaren]
    if len(jaren) > 1:
        vragen.append({"periode": "programma", "van_jaar": min(jaren), "jaar": max(jaren)})
    if not vijandig:
        return vragen
    return vragen + [
        {"periode": "vrij", "van": f"{jaren[-1]}-03-01", "tot": f"{jaren[-1]}-03-02"},
        {"periode": "tot_nu", "jaar": jaren[-1]},
        {"periode": "kwartaal", "jaar": timezone.localdate().year, "kwartaal": 4},
        {"periode": "jaar", "jaar": timezone.localdate().year},
        {"periode": "kwartaal", "jaar": "x", "kwartaal": "9"},
    ]


def verzamel_alles(client, loket, jaren: list[int], pdf_kwartalen=(), vijandig=True) -> Verzameling:
    v, gezien = Verzameling(), set()
    for vraag in _vragen(jaren, vijandig):
        antwoord = client.get(reverse("monitor:dashboard"), vraag)
        assert antwoord.status_code == 200
        d = antwoord.context["d"]
        lees_dashboard(v, d, f"dashboard {d.periode.label}")
        if d.periode not in gezien:  # a hostile query string lands on an offered period
            gezien.add(d.periode)
            lees_xlsx(client.get(reverse("monitor:export"), vraag).content, d)
    for jaar, kwartaal in pdf_kwartalen:
        inhoud = rapport.verzamel(loket, jaar, kwartaal)
        lees_rapportcijfers(v, rapport.cijfers(inhoud), inhoud.periode.van, "pdf")
        lees_dashboard(v, inhoud.dashboard, f"pdf {inhoud.periode.label}")
    return v


@pytest.fixture
def decor(loket):
    """What every data set shares: people who register, two municipalities, two providers."""
    coach = UserFactory(loket=loket, rol=Rol.WERKCOACH)
    return {
        "coach": coach,
        "gemeenten": [GemeenteFactory(regio=loket.regio, naam=n) for n in ("Velsen", "Zandvoort")],
        "aanbieders": [OrganisatieFactory(loket=loket, naam=n) for n in ("Nova", "Colo")],
        "kwalificatie": KwalificatieFactory(),
    }


def _moment(datum: datetime.date) -> datetime.datetime:
    return datetime.datetime(datum.year, datum.month, datum.day, 12, tzinfo=AMS)


def maak_gegevens(loket, decor, aantallen, seed: int) -> None:
    """Per quarter (intakes, EVC sign-ups, duaal sign-ups, contacts); attributes drawn from small
    vocabularies so that small cells are common."""
    rng = random.Random(seed)
    coach = decor["coach"]
    klanten = [
        KlantFactory(
            loket=loket,
            doelgroep=rng.choice(["ww", "bijstand", "werkend"]),
            geboortedatum=rng.choice(
                [datetime.date(2004, 5, 1), datetime.date(1985, 1, 1), datetime.date(1960, 1, 1)]
            ),
            woongemeente=rng.choice([*decor["gemeenten"], None]),
        )
        for _ in range(6)
    ]
    for (jaar, kwartaal), (intakes, evc, duaal, contacten) in zip(
        KWARTALEN, aantallen, strict=True
    ):
        begin = datetime.date(jaar, 3 * kwartaal - 2, 1)

        def dag(begin=begin):
            return begin + datetime.timedelta(days=rng.randrange(90))

        for _ in range(intakes):
            IntakeFactory(
                klant=rng.choice(klanten),
                werkcoach=coach,
                datum=dag(),
                kanaal=rng.choice(["bezoek", "telefoon", "email"]),
                hoofddoel=rng.choice(["scholing", "erkenning"]),
                verwijzer=rng.choice(["uwv", "rmc", "gemeente"]),
            )
        for _ in range(contacten):
            ContactmomentFactory(
                klant=rng.choice(klanten),
                medewerker=coach,
                datum=dag(),
                dienst=rng.choice(["informatie", "scholingsadvies"]),
            )
        for soort, aantal in ((TrajectFactory, evc), (DuaalTrajectFactory, duaal)):
            for _ in range(aantal):
                aangemeld = dag()
                traject = soort(
                    klant=rng.choice(klanten),
                    begeleider=coach,
                    aanbieder=rng.choice(decor["aanbieders"]),
                    kwalificatie=decor["kwalificatie"],
                    status_sinds=_moment(aangemeld),
                )
                volgende = "intake" if traject.type == "evc" else "leerbaan_gezocht"
                if rng.random() < 0.6:
                    TrajectGebeurtenis.objects.create(
                        loket=loket,
                        traject=traject,
                        van_status="aangemeld",
                        naar_status=volgende,
                        datum=_moment(aangemeld + datetime.timedelta(days=rng.randrange(60))),
                        geregistreerd_door=coach,
                    )
    Doelstelling.objects.create(
        loket=loket,
        indicator="nieuwe_klanten",
        startdatum=datetime.date(2025, 1, 1),
        einddatum=datetime.date(2025, 12, 31),
        streefwaarde=Decimal(60),
    )
    Doelstelling.objects.create(  # starts mid-quarter: the stuurgroep's stand runs from 01-01
        loket=loket,
        indicator="evc_gestart",
        startdatum=datetime.date(2025, 2, 15),
        einddatum=datetime.date(2025, 11, 30),
        streefwaarde=Decimal(20),
    )


KWARTAAL = st.tuples(st.integers(0, 9), st.integers(0, 5), st.integers(0, 4), st.integers(0, 6))


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(aantallen=st.lists(KWARTAAL, min_size=4, max_size=4), seed=st.integers(0, 10**6))
def test_attacker_pins_no_hidden_count_on_random_data(
    client_as, loket, stuurgroeplid, decor, aantallen, seed
):
    client = client_as(stuurgroeplid)
    with transaction.atomic():
        maak_gegevens(loket, decor, aantallen, seed)
        v = verzamel_alles(client, loket, [2025], pdf_kwartalen=[(2025, 2)], vijandig=False)
        assert aanval(loket, v) == []
        transaction.set_rollback(True)


def test_attacker_on_a_new_loket_with_tiny_quarters(client_as, loket, stuurgroeplid, decor):
    """The issue's own case: the year 6 with Q1 0, Q2 0, Q4 5 left Q3 (1) exactly known."""
    maak_gegevens(loket, decor, [(0, 0, 0, 0), (0, 0, 0, 0), (1, 3, 1, 0), (5, 2, 0, 6)], seed=7)
    client = client_as(stuurgroeplid)
    jaar = client.get(reverse("monitor:dashboard"), {"periode": "jaar", "jaar": 2025})
    assert jaar.context["d"].regel("nieuwe_klanten").getoond == "•"
    v = verzamel_alles(client, loket, [2024, 2025], pdf_kwartalen=[(2025, 3)])
    assert aanval(loket, v) == []
    # Without the rule the attacker wins: publishing the year total (6) as the old per-table
    # rule did pins the hidden Q3 (1) exactly. So the attacker is not blind.
    v.voeg_toe("nieuwe_klanten", [datetime.date(2025, m, 1) for m in (1, 4, 7, 10)], 6, "oud")
    lekken = aanval(loket, v)
    assert any("nieuwe_klanten" in lek and "ligt vast op 1..1" in lek for lek in lekken), lekken


def test_attacker_on_the_demo_data(client):
    call_command("seed_demo", klanten=80, stdout=io.StringIO())
    stuurgroep = User.objects.filter(rol=Rol.STUURGROEP).select_related("loket").first()
    login_met_tweede_factor(client, stuurgroep)
    vandaag = timezone.localdate()
    vorig = (vandaag.month - 1) // 3 or 4
    pdf = [(vandaag.year if vorig != 4 else vandaag.year - 1, vorig)]
    v = verzamel_alles(client, stuurgroep.loket, [vandaag.year - 1, vandaag.year], pdf)
    assert any(isinstance(c.getoond, str) for c in v.cijfers)  # the demo has small cells
    assert aanval(stuurgroep.loket, v) == []


def test_the_attacker_knows_the_rule(loket, monkeypatch):
    """Marking the issue's 'Bezoek loket 5, Telefoon 1' as '•' and '< 5' looks safe to an
    attacker who only sees marks, but a complement is a shown cell, so at least 5: both are then
    pinned. The rule's own check (and the attacker) count with that."""

    def naief(cellen, getoond):  # ranges for an attacker who does not know the rule
        verborgen = [k for k in cellen if isinstance(getoond[k], str)]
        rest = sum(cellen[k] for k in verborgen)
        boven = {k: (4 if getoond[k] == VERBORGEN else 10**9) for k in verborgen}
        return {
            k: (
                max(1, rest - (sum(boven.values()) - boven[k])),
                min(boven[k], rest - (len(verborgen) - 1)),
            )
            for k in verborgen
        }

    for kanaal in ["bezoek"] * 5 + ["telefoon"]:
        IntakeFactory(
            klant=KlantFactory(loket=loket), datum=datetime.date(2025, 11, 3), kanaal=kanaal
        )
    kwartaal = perioden.kwartaal(2025, 4)
    v = Verzameling()
    lees_dashboard(v, bouw_dashboard(loket, kwartaal, voor_stuurgroep=True), "regel")
    assert aanval(loket, v) == []
    monkeypatch.setattr(suppressie, "bereiken", naief)
    v = Verzameling()
    lees_dashboard(v, bouw_dashboard(loket, kwartaal, voor_stuurgroep=True), "naief")
    assert sorted(aanval(loket, v)) == [
        "nieuwe_klanten: naief [< 5] ligt vast op 1..1",
        "nieuwe_klanten: naief [•] ligt vast op 5..5",
    ]
