"""What the stuurgroep is shown around the protection rule (ADR 0020): the periods it may choose
(also through the query string), marks instead of numbers in the chart, the SVG description and
the breakdowns, a fixed row order, and the xlsx with numeric cells and number formats."""

import datetime
import io
import re
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from loket import perioden
from monitor.dashboard import bouw_dashboard
from monitor.suppressie import AFGESCHERMD, VERBORGEN

from ..factories import IntakeFactory, KlantFactory
from ..trajecten.factories import TrajectFactory
from .test_rapporten import AMS, kwartaaldata  # noqa: F401 - Q1 2026 with money and a target

VANDAAG = datetime.date(2026, 12, 1)


def test_stuurgroep_gets_only_whole_closed_quarters_and_years():
    def kies(**params):
        return perioden.voor_stuurgroep(perioden.uit_parameters(params, VANDAAG), VANDAAG)

    assert kies(periode="kwartaal", jaar="2026", kwartaal="3") == (perioden.kwartaal(2026, 3), "")
    # The running quarter, a free span of one day and year-to-date are not offered.
    for params in (
        {"periode": "kwartaal", "jaar": "2026", "kwartaal": "4"},
        {"periode": "vrij", "van": "2026-03-01", "tot": "2026-03-02"},
        {"periode": "kwartaal", "jaar": "2031", "kwartaal": "1"},
    ):
        periode, melding = kies(**params)
        assert periode == perioden.kwartaal(2026, 3) and "hele, afgesloten kwartalen" in melding
    jaar, melding = kies(periode="tot_nu", jaar="2026")
    assert (jaar.soort, jaar.van, jaar.tot) == (
        "jaar",
        datetime.date(2026, 1, 1),
        datetime.date(2026, 9, 30),
    )
    assert jaar.label == "2026 t/m Q3" and melding
    assert kies(periode="jaar", jaar="2025") == (perioden.jaar(2025), "")
    programma, _ = kies(periode="programma", van_jaar="2024", jaar="2026")
    assert (programma.van, programma.tot) == (datetime.date(2024, 1, 1), datetime.date(2026, 9, 30))


def test_the_query_string_cannot_open_a_free_period(client_as, stuurgroeplid, projectleider, loket):
    url = reverse("monitor:dashboard") + "?periode=vrij&van=2025-03-01&tot=2025-03-02"
    stuur = client_as(stuurgroeplid).get(url)
    assert stuur.context["periode"].soort == "kwartaal"
    assert "hele, afgesloten kwartalen" in stuur.content.decode()
    assert 'value="tot_nu"' not in stuur.content.decode()
    export = client_as(stuurgroeplid).get(
        reverse("monitor:export") + "?periode=vrij&van=2025-03-01&tot=2025-03-02"
    )
    assert "vrij" not in export["Content-Disposition"] and "Q" in export["Content-Disposition"]
    # The projectleider, who sees the records anyway, keeps the free period.
    assert client_as(projectleider).get(url).context["periode"].soort == "vrij"


def _intakes(loket, datum, kanalen):
    for kanaal in kanalen:
        IntakeFactory(klant=KlantFactory(loket=loket), datum=datum, kanaal=kanaal)


def test_issue_case_secondary_mark_fixed_order_and_the_chart(loket):
    """Kanaal 'Bezoek loket 5, Telefoon 1' (total 6) was shown as '< 5, < 5' ordered by size;
    the chart drew Q3's single intake as a bar labelled 0."""
    _intakes(loket, datetime.date(2025, 8, 1), ["telefoon"])  # Q3: 1
    _intakes(loket, datetime.date(2025, 11, 3), ["bezoek"] * 5 + ["telefoon"])  # Q4: 6
    q4 = bouw_dashboard(loket, perioden.kwartaal(2025, 4), voor_stuurgroep=True)
    regel = q4.regel("nieuwe_klanten")
    assert regel.getoond == "6"
    # 5 + 1 = 6: whoever knows the rule knows a complement is 5 or more, so no marking protects
    # the 1. The breakdown by kanaal is left out; the others (all 6 in one group) are shown.
    assert "kanaal" not in {u.dimensie for u in regel.uitsplitsingen}
    assert {u.dimensie for u in regel.uitsplitsingen} >= {"doelgroep", "leeftijdsgroep"}

    _intakes(loket, datetime.date(2025, 12, 1), ["bezoek"] * 3 + ["email"] * 12)  # Q4: 8, 1, 12
    q4 = bouw_dashboard(loket, perioden.kwartaal(2025, 4), voor_stuurgroep=True)
    kanaal = next(u for u in q4.regel("nieuwe_klanten").uitsplitsingen if u.dimensie == "kanaal")
    assert [(lbl, w) for _, lbl, w in kanaal.rijen] == [
        ("Bezoek loket", AFGESCHERMD),  # 8: hidden as a complement, not labelled "< 5"
        ("Telefoon", VERBORGEN),
        ("E-mail", 12),  # the vocabulary's order, not by size
    ]

    # The year would give Q3 = year - Q4: the year is hidden, and so is its breakdown.
    jaar = bouw_dashboard(loket, perioden.jaar(2025), voor_stuurgroep=True)
    assert jaar.regel("nieuwe_klanten").getoond == AFGESCHERMD
    assert jaar.regel("nieuwe_klanten").uitsplitsingen == []
    assert jaar.kwartaalreeksen["Intakes"] == [0, 0, VERBORGEN, 21]

    svg = str(jaar.kwartaalgrafiek)
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg).group(1)
    assert "Intakes: Q1 2025 0, Q2 2025 0, Q3 2025 minder dan 5 (afgeschermd), Q4 2025 21;" in desc
    assert "niet getekend" in desc
    # Q3's intakes have no bar: the one bar drawn is Q4's (the squares of the legend are "10").
    staven = re.findall(
        r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)" fill="#154273"', svg
    )
    assert [h for h in staven if "." in h and float(h) > 0] == ["160.0"]  # "10": legend
    assert ">&lt; 5</text>" in svg


def test_hidden_target_stand_has_no_colour_and_no_forecast(loket):
    from monitor.models import Doelstelling

    Doelstelling.objects.create(
        loket=loket,
        indicator="evc_gestart",
        startdatum=datetime.date(2025, 1, 1),
        einddatum=datetime.date(2025, 12, 31),
        streefwaarde=Decimal(40),
    )
    TrajectFactory(
        klant=KlantFactory(loket=loket),
        status_sinds=datetime.datetime(2025, 2, 10, 12, tzinfo=AMS),
    )
    d = bouw_dashboard(loket, perioden.kwartaal(2025, 2), voor_stuurgroep=True)
    doel = d.doelen[0]
    assert doel.getoond_waarde == AFGESCHERMD and doel.getoond_prognose == "–"
    assert doel.beoordeling.kleur == "afgeschermd" and doel.grafiek == ""
    assert [q.label for q in doel.kwartalen] == ["Q1 2025", "Q2 2025"]
    open_ = bouw_dashboard(loket, perioden.kwartaal(2025, 2), voor_stuurgroep=False)
    assert open_.doelen[0].getoond_waarde == "1" and open_.doelen[0].beoordeling.kleur == "rood"


def test_monitor_xlsx_holds_numbers_as_numbers(
    client_as,
    projectleider,
    stuurgroeplid,
    kwartaaldata,  # noqa: F811
):
    url = reverse("monitor:export") + "?periode=kwartaal&jaar=2026&kwartaal=1"
    wb = load_workbook(io.BytesIO(client_as(projectleider).get(url).content))
    cellen = {r[0].value: r[2] for r in wb["Indicatoren"].iter_rows(min_row=2)}
    intakes = cellen["nieuwe_klanten"]
    assert intakes.value == 7 and intakes.data_type == "n" and intakes.number_format == "#,##0"
    evc = cellen["evc_gestart"]
    assert evc.value == 2 and evc.data_type == "n"  # the projectleider sees every count
    pct = cellen["cofinanciering_pct"]
    assert pct.data_type == "n" and pct.number_format == "0.00%"
    assert abs(pct.value - 0.0313) < 1e-9  # 3.125 of the 100.000 base: 3,13% (3,13 %)
    partner = next(wb["Cofinanciering"].iter_rows(min_row=2))
    assert partner[2].value == 3125 and partner[2].data_type == "n"
    assert partner[2].number_format == "[$€-413] #,##0.00"
    monitor = wb["Monitor"]
    assert isinstance(monitor["C2"].value, datetime.datetime)
    assert monitor["C2"].number_format == "DD-MM-YYYY"
    for rij in wb["Uitsplitsingen"].iter_rows(min_row=2):
        assert rij[3].data_type == "n" and rij[3].number_format == "#,##0"

    stuur = load_workbook(io.BytesIO(client_as(stuurgroeplid).get(url).content))
    cellen = {r[0].value: r[2] for r in stuur["Indicatoren"].iter_rows(min_row=2)}
    assert cellen["nieuwe_klanten"].value == 7 and cellen["nieuwe_klanten"].data_type == "n"
    assert cellen["evc_gestart"].value == VERBORGEN  # the mark, as text
    assert "•" in stuur["Monitor"]["F2"].value  # the legend
