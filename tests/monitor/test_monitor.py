"""The monitor: indicators against hand-counted fixtures (quarter boundaries, other loketten),
stoplights and forecasts, suppression, drill-down, query counts and the xlsx export."""

import datetime
import io
import zoneinfo
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from loket import perioden
from monitor.benchmark import vergeet_bewaarde_medianen
from monitor.constants import Eenheid
from monitor.indicatoren import REGISTER
from monitor.meting import meet
from monitor.models import Doelstelling, Tevredenheidsmeting
from monitor.stoplicht import beoordeel
from monitor.suppressie import (
    AFGESCHERMD,
    VERBORGEN,
    bereiken,
    bescherm_kwartaal,
    onderdruk_uitsplitsing,
    tel_op,
)
from trajecten.models import TrajectGebeurtenis

from ..factories import (
    ContactmomentFactory,
    GemeenteFactory,
    IntakeFactory,
    KlantFactory,
    OrganisatieFactory,
)
from ..trajecten.factories import TrajectFactory

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
Q1 = perioden.kwartaal(2026, 1)
Q2 = perioden.kwartaal(2026, 2)


def moment(dag: datetime.date, uur=12, minuut=0) -> datetime.datetime:
    return datetime.datetime(dag.year, dag.month, dag.day, uur, minuut, tzinfo=AMS)


def stap(traject, van, naar, wanneer, uitkomst=""):
    return TrajectGebeurtenis.objects.create(
        loket=traject.loket,
        traject=traject,
        van_status=van,
        naar_status=naar,
        datum=wanneer,
        uitkomst=uitkomst,
        geregistreerd_door=traject.begeleider,
    )


@pytest.fixture
def gegevens(loket, ander_loket):
    """Q1 2026 has: 3 intakes (one on 31-03), 1 contact with warm hand-over, 2 EVC sign-ups (one at
    31-03 23:59), 1 certificate (startkwalificatie) and 1 duaal placement. Q2 starts with events at
    01-04 00:00. Another loket has the same kinds of records, which must never count."""
    haarlem = GemeenteFactory(regio=loket.regio, naam="Haarlem")
    jong = KlantFactory(
        loket=loket,
        geboortedatum=datetime.date(2005, 6, 1),
        doelgroep="schoolverlater",
        woongemeente=haarlem,
    )
    oud = KlantFactory(loket=loket, geboortedatum=datetime.date(1970, 1, 1), doelgroep="ww")
    IntakeFactory(klant=jong, datum=datetime.date(2026, 1, 2), verwijzer="rmc")
    IntakeFactory(klant=oud, datum=datetime.date(2026, 2, 15), verwijzer="uwv")
    IntakeFactory(klant=oud, datum=datetime.date(2026, 3, 31), verwijzer="uwv")
    IntakeFactory(klant=jong, datum=datetime.date(2026, 4, 1), verwijzer="rmc")  # Q2
    partner = OrganisatieFactory(loket=loket, naam="Nova College")
    ContactmomentFactory(
        klant=jong,
        datum=datetime.date(2026, 3, 1),
        dienst="doorverwijzing",
        warme_overdracht_naar=partner,
    )
    ContactmomentFactory(klant=oud, datum=datetime.date(2026, 3, 2), dienst="informatie")

    evc1 = TrajectFactory(klant=jong, status_sinds=moment(datetime.date(2026, 1, 10)))
    evc2 = TrajectFactory(klant=oud, status_sinds=moment(datetime.date(2026, 3, 31), 23, 59))
    stap(evc1, "aangemeld", "intake", moment(datetime.date(2026, 1, 20)))
    stap(evc1, "intake", "portfolio", moment(datetime.date(2026, 2, 1)))
    stap(evc1, "portfolio", "assessment", moment(datetime.date(2026, 3, 1)))
    stap(
        evc1,
        "assessment",
        "certificaat",
        moment(datetime.date(2026, 3, 30)),
        uitkomst="startkwalificatie",
    )
    stap(evc2, "aangemeld", "intake", moment(datetime.date(2026, 4, 1), 0, 0))  # Q2
    # A wrong event and its correction cancel out.
    fout = stap(evc2, "intake", "portfolio", moment(datetime.date(2026, 4, 2)))
    TrajectGebeurtenis.objects.create(
        loket=loket,
        traject=evc2,
        van_status="portfolio",
        naar_status="intake",
        datum=moment(datetime.date(2026, 4, 3)),
        geregistreerd_door=evc2.begeleider,
        corrigeert=fout,
    )
    duaal = TrajectFactory(
        klant=oud, type="duaal", status_sinds=moment(datetime.date(2025, 12, 31), 23, 59)
    )
    stap(duaal, "aangemeld", "leerbaan_gezocht", moment(datetime.date(2026, 1, 5)))
    stap(duaal, "leerbaan_gezocht", "geplaatst", moment(datetime.date(2026, 2, 5)))

    elders = KlantFactory(loket=ander_loket)
    IntakeFactory(klant=elders, datum=datetime.date(2026, 2, 1))
    ContactmomentFactory(klant=elders, datum=datetime.date(2026, 2, 1))
    TrajectFactory(klant=elders, status_sinds=moment(datetime.date(2026, 2, 1)))
    return {"jong": jong, "oud": oud, "evc1": evc1, "evc2": evc2}


def waarde(code, meting):
    return REGISTER[code].waarde(meting)


def test_indicators_against_hand_counts_in_q1(loket, gegevens):
    m = meet(loket, Q1)
    assert waarde("nieuwe_klanten", m) == 3
    assert waarde("contactmomenten", m) == 2
    assert waarde("warme_overdrachten", m) == 1
    assert waarde("evc_gestart", m) == 2  # 10-01 and 31-03 23:59
    assert waarde("evc_certificaat", m) == 1
    assert waarde("startkwalificatie", m) == 1
    assert waarde("duaal_gestart_aangemeld", m) == 0  # signed up 31-12-2025 23:59
    assert waarde("duaal_geplaatst", m) == 1
    assert waarde("evc_afgebroken", m) == 0


def test_q2_starts_exactly_at_midnight_and_corrections_cancel(loket, gegevens):
    m = meet(loket, Q2)
    assert waarde("nieuwe_klanten", m) == 1
    assert waarde("evc_gestart", m) == 0
    assert m.trajecten.totaal.bereikt["intake"] == 1  # 01-04 00:00
    assert m.trajecten.totaal.bereikt["portfolio"] == 0  # corrected away


def test_breakdowns_by_dimension(loket, gegevens):
    m = meet(loket, Q1)
    intakes = REGISTER["nieuwe_klanten"].uitsplitsing(m)
    assert intakes["verwijzer"] == {"rmc": 1, "uwv": 2}
    assert intakes["leeftijdsgroep"] == {"<27": 1, "45+": 2}
    assert intakes["gemeente"] == {"Haarlem": 1, "": 2}
    assert REGISTER["warme_overdrachten"].uitsplitsing(m)["partner"] == {"Nova College": 1}
    evc = REGISTER["evc_gestart"].uitsplitsing(m)
    assert evc["leeftijdsgroep"] == {"<27": 1, "45+": 1}


def test_year_to_date_and_programme_periods(loket, gegevens):
    assert (
        waarde("nieuwe_klanten", meet(loket, perioden.tot_nu(2026, datetime.date(2026, 4, 1)))) == 4
    )
    assert waarde("nieuwe_klanten", meet(loket, perioden.programma(2025, 2026))) == 4
    assert waarde("duaal_gestart_aangemeld", meet(loket, perioden.programma(2025, 2026))) == 1


def test_satisfaction_is_weighted_by_respondents(loket, werkcoach):
    Tevredenheidsmeting.objects.create(
        loket=loket,
        soort="klant",
        datum=datetime.date(2026, 2, 1),
        score=Decimal("8.0"),
        respondenten=3,
        vastgelegd_door=werkcoach,
    )
    Tevredenheidsmeting.objects.create(
        loket=loket,
        soort="klant",
        datum=datetime.date(2026, 2, 2),
        score=Decimal("6.0"),
        respondenten=1,
        vastgelegd_door=werkcoach,
    )
    assert waarde("tevredenheid_klanten", meet(loket, Q1)) == Decimal("7.5")
    assert waarde("tevredenheid_werkgevers", meet(loket, Q1)) is None


class TestStoplicht:
    START, EIND = datetime.date(2010, 1, 1), datetime.date(2012, 12, 31)

    def oordeel(self, waarde, peildatum=datetime.date(2011, 7, 1)):
        return beoordeel(
            eenheid=Eenheid.AANTAL,
            waarde=waarde,
            streefwaarde=Decimal(400),
            marge_pct=Decimal(10),
            start=self.START,
            eind=self.EIND,
            peildatum=peildatum,
        )

    def test_on_track_is_green_with_forecast(self):
        b = self.oordeel(200)  # 547 of 1096 days -> expected 400 x 547/1096 = 199.6
        assert b.kleur == "groen" and b.verwacht == Decimal("199.6") and b.prognose == Decimal(401)

    def test_slightly_behind_is_orange(self):
        b = self.oordeel(185)
        assert b.kleur == "oranje" and "oranje" in b.toelichting

    def test_far_behind_is_red(self):
        b = self.oordeel(120)
        assert b.kleur == "rood" and b.prognose == Decimal(240)

    def test_a_level_target_such_as_satisfaction(self):
        b = beoordeel(
            eenheid=Eenheid.CIJFER,
            waarde=Decimal("6.5"),
            streefwaarde=Decimal("6.8"),
            marge_pct=Decimal(5),
            start=self.START,
            eind=self.EIND,
            peildatum=datetime.date(2011, 1, 1),
        )
        assert b.kleur == "oranje"


class TestSuppressie:
    def test_small_cell_gets_a_neutral_complement(self):
        # The complement is 10: it gets the neutral mark, never "< 5" (which would be untrue).
        assert onderdruk_uitsplitsing({"a": 3, "b": 10, "c": 20}, 33) == {
            "a": VERBORGEN,
            "b": AFGESCHERMD,
            "c": 20,
        }

    def test_always_one_complement_whatever_the_values(self):
        # A pattern that depended on whether fewer complements sufficed would leak that it did not.
        assert onderdruk_uitsplitsing({"a": 3, "b": 2, "c": 20}, 25) == {
            "a": VERBORGEN,
            "b": VERBORGEN,
            "c": AFGESCHERMD,
        }

    def test_two_ones_are_opened_up_by_the_complement(self):
        # 1 + 1 = 2 with both at least 1 would pin both; a complement of 10 opens them up.
        getoond = onderdruk_uitsplitsing({"a": 1, "b": 1, "c": 10, "d": 30}, 42)
        assert getoond == {"a": VERBORGEN, "b": VERBORGEN, "c": AFGESCHERMD, "d": 30}
        assert all(
            hoog - laag >= 2 for laag, hoog in bereiken({"a": 1, "b": 1, "c": 10}, getoond).values()
        )

    def test_small_total_shows_no_breakdown(self):
        assert onderdruk_uitsplitsing({"a": 3, "b": 1}, 4) is None
        assert bescherm_kwartaal(4, {"kanaal": {"a": 3, "b": 1}}).uitsplitsingen == {}

    def test_a_breakdown_that_cannot_be_protected_is_left_out(self):
        assert onderdruk_uitsplitsing(dict.fromkeys("abcde", 1), 5) is None

    def test_nothing_small_shows_everything(self):
        assert onderdruk_uitsplitsing({"a": 5, "b": 0}, 5) == {"a": 5}

    def test_a_year_sums_only_shown_quarters(self):
        kwartalen = [
            bescherm_kwartaal(0, {}),
            bescherm_kwartaal(0, {}),
            bescherm_kwartaal(1, {"kanaal": {"telefoon": 1}}),
            bescherm_kwartaal(5, {"kanaal": {"bezoek": 5}}),
        ]
        # Year 6 with Q1 0, Q2 0, Q4 5 would give Q3 = 1: the year is hidden instead.
        assert tel_op(kwartalen).totaal == AFGESCHERMD
        assert tel_op([kwartalen[0], kwartalen[3]]).uitsplitsingen == {"kanaal": {"bezoek": 5}}


def test_stuurgroep_sees_suppressed_figures_and_no_links(
    client_as, stuurgroeplid, projectleider, loket, gegevens
):
    url = reverse("monitor:dashboard") + "?periode=kwartaal&jaar=2026&kwartaal=1"
    stuur = client_as(stuurgroeplid).get(url)
    html = stuur.content.decode()
    assert stuur.status_code == 200
    assert stuur.context["d"].regel("nieuwe_klanten").getoond == "< 5"
    assert "&lt; 5" in html and reverse("monitor:records", args=["nieuwe_klanten"]) not in html
    pl = client_as(projectleider).get(url)
    assert pl.context["d"].regel("nieuwe_klanten").getoond == "3"
    assert reverse("monitor:records", args=["nieuwe_klanten"]) in pl.content.decode()


def test_drilldown_lists_exactly_the_counted_records(client_as, projectleider, loket, gegevens):
    client = client_as(projectleider)
    base = "?periode=kwartaal&jaar=2026&kwartaal=1"
    intakes = client.get(
        reverse("monitor:records", args=["nieuwe_klanten"])
        + base
        + "&dimensie=verwijzer&waarde=uwv"
    )
    assert intakes.context["pagina"].paginator.count == 2
    evc = client.get(reverse("monitor:records", args=["evc_gestart"]) + base)
    assert {t.pk for t in evc.context["pagina"].object_list} == {
        gegevens["evc1"].pk,
        gegevens["evc2"].pk,
    }
    assert client.get(reverse("monitor:records", args=["leerbanen"]) + base).status_code == 404


def test_target_with_stoplight_on_the_dashboard(client_as, projectleider, loket, gegevens):
    Doelstelling.objects.create(
        loket=loket,
        indicator="evc_gestart",
        startdatum=datetime.date(2026, 1, 1),
        einddatum=datetime.date(2026, 12, 31),
        streefwaarde=Decimal(40),
    )
    response = client_as(projectleider).get(
        reverse("monitor:dashboard") + "?periode=kwartaal&jaar=2026&kwartaal=1"
    )
    doel = response.context["d"].doelen[0]
    assert doel.beoordeling.waarde == 2 and doel.beoordeling.kleur == "rood"
    assert "Waarom deze kleur?" in response.content.decode() and "<svg" in response.content.decode()


def test_stoplight_leads_to_the_records_over_the_targets_span(
    client_as, projectleider, loket, gegevens
):
    Doelstelling.objects.create(
        loket=loket,
        indicator="nieuwe_klanten",
        startdatum=datetime.date(2026, 1, 1),
        einddatum=datetime.date(2026, 12, 31),
        streefwaarde=Decimal(40),
    )
    client = client_as(projectleider)
    dashboard = client.get(reverse("monitor:dashboard") + "?periode=kwartaal&jaar=2026&kwartaal=2")
    doel = dashboard.context["d"].doelen[0]
    assert doel.records_query.startswith("periode=vrij&van=2026-01-01&tot=")
    assert doel.records_query in dashboard.content.decode().replace("&amp;", "&")
    records = client.get(
        reverse("monitor:records", args=["nieuwe_klanten"]) + "?" + doel.records_query
    )
    assert records.context["pagina"].paginator.count == doel.beoordeling.waarde == 4


def test_malformed_free_period_falls_back():
    assert (
        perioden.uit_parameters({"periode": "vrij", "van": "2026-02-30", "tot": "x"}).soort
        == "kwartaal"
    )
    assert (
        perioden.uit_parameters({"periode": "vrij", "van": "2026-05-01", "tot": "2026-01-01"}).soort
        == "kwartaal"
    )


def test_dashboard_query_count_does_not_grow_with_data(client_as, projectleider, loket, gegevens):
    client = client_as(projectleider)
    url = reverse("monitor:dashboard") + "?periode=jaar&jaar=2026"

    def tel():
        vergeet_bewaarde_medianen()  # count the benchmark's medians on every view
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    weinig = tel()
    for i in range(30):
        klant = KlantFactory(loket=loket)
        IntakeFactory(klant=klant, datum=datetime.date(2026, 5, 1 + i % 28))
        ContactmomentFactory(klant=klant, datum=datetime.date(2026, 5, 2))
        TrajectFactory(klant=klant, status_sinds=moment(datetime.date(2026, 5, 3)))
    assert tel() == weinig


def test_xlsx_export_read_back_matches_dashboard(client_as, stuurgroeplid, loket, gegevens):
    response = client_as(stuurgroeplid).get(
        reverse("monitor:export") + "?periode=kwartaal&jaar=2026&kwartaal=1"
    )
    wb = load_workbook(io.BytesIO(response.content))
    rijen = {r[0]: r for r in wb["Indicatoren"].iter_rows(min_row=2, values_only=True)}
    assert rijen["nieuwe_klanten"][2] == "< 5"  # suppressed for the stuurgroep, as on screen
    assert "Definities" in wb.sheetnames


def test_other_pages_of_the_monitor(client_as, projectleider, stuurgroeplid, loket, partner):
    client = client_as(projectleider)
    assert (
        client.post(
            reverse("monitor:doelstellingen"),
            {
                "indicator": "evc_certificaat",
                "startdatum": "2026-01-01",
                "einddatum": "2025-01-01",
                "streefwaarde": "400",
                "marge_pct": "10",
            },
        ).status_code
        == 400
    )
    assert (
        client.post(
            reverse("monitor:actielijst"),
            {"actie": "Flyer maken", "wie": "PAO", "wanneer": "2026-01-15"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("monitor:jaarplan") + "?jaar=2026",
            {"formulier": "doel", "titel": "Bereik vergroten", "volgorde": 1},
        ).status_code
        == 302
    )
    toelichting = client.post(
        reverse("monitor:toelichting") + "?jaar=2026&kwartaal=1",
        {"samenwerking": "Goed", "knelpunten": "", "vooruitblik": "Meer werkgevers"},
    )
    assert toelichting.status_code == 302
    html = client.get(reverse("monitor:actielijst")).content.decode()
    assert "te laat" in html
    from monitor.models import JaarplanDoel, Prestatie

    doel = JaarplanDoel.objects.get(loket=loket)
    prestatie = Prestatie.objects.create(
        doel=doel, omschrijving="Spreekuur", gereed_jaar=2026, gereed_kwartaal=2
    )
    for kleur in ["oranje", "groen"]:
        assert (
            client.post(
                reverse("monitor:jaarplan") + "?jaar=2026",
                {
                    "formulier": "status",
                    "prestatie": prestatie.pk,
                    "stoplicht": kleur,
                    "toelichting": f"nu {kleur}",
                },
            ).status_code
            == 302
        )
    plan = client.get(reverse("monitor:jaarplan") + "?jaar=2026").content.decode()
    assert "nu groen" in plan and "oranje → " in plan
    # The stuurgroep reads the year plan and action list but cannot change them.
    stuur = client_as(stuurgroeplid)
    assert stuur.get(reverse("monitor:jaarplan")).status_code == 200
    assert (
        stuur.post(
            reverse("monitor:actielijst"), {"actie": "x", "wie": "y", "wanneer": "2026-01-01"}
        ).status_code
        == 403
    )


def test_quarter_series_matches_the_quarter_measurements(loket, gegevens):
    from monitor.meting import kwartaalreeks

    reeks = kwartaalreeks(loket, perioden.jaar(2026))
    assert [(k.label, i, e, d) for k, i, e, d in reeks][:2] == [
        ("Q1 2026", 3, 2, 0),
        ("Q2 2026", 1, 0, 0),
    ]
    for kwartaal, intakes, evc, _ in reeks:
        m = meet(loket, kwartaal)
        assert (intakes, evc) == (waarde("nieuwe_klanten", m), waarde("evc_gestart", m))


def test_protected_dashboard_query_count_follows_the_quarters_not_the_data(
    client_as, stuurgroeplid, loket, gegevens
):
    """The stuurgroep's dashboard measures each quarter once (Kwartaaltabellen): more data must
    not add queries; a year costs more than a quarter only through its extra quarters."""
    client = client_as(stuurgroeplid)

    def tel(query):
        vergeet_bewaarde_medianen()  # count the benchmark's medians on every view
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("monitor:dashboard") + query).status_code == 200
        return len(ctx.captured_queries)

    jaar, kwartaal = tel("?periode=jaar&jaar=2026"), tel("?periode=kwartaal&jaar=2026&kwartaal=2")
    for i in range(30):
        klant = KlantFactory(loket=loket)
        IntakeFactory(klant=klant, datum=datetime.date(2026, 5, 1 + i % 28))
        ContactmomentFactory(klant=klant, datum=datetime.date(2026, 5, 2))
        TrajectFactory(klant=klant, status_sinds=moment(datetime.date(2026, 5, 3)))
    assert tel("?periode=jaar&jaar=2026") == jaar
    assert tel("?periode=kwartaal&jaar=2026&kwartaal=2") == kwartaal
