"""Targets and satisfaction scores are typed the Dutch way: "6,8" and "7,5" are stored exactly,
"7.5" (which an English browser's number field turned into 75) gets a Dutch error."""

import re
from collections import Counter
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from financiering import services as fin
from monitor.indicatoren import _situatie_zes_maanden
from monitor.meting import Enquetecijfers
from monitor.models import Doelstelling, Kwartaalrapport, Tevredenheidsmeting

from .test_rapporten import maak, pdftekst, prive_opslag  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def _score(client, score):
    return client.post(
        reverse("monitor:tevredenheid"),
        {"soort": "klant", "datum": "2026-02-01", "score": score, "respondenten": "12"},
    )


def test_satisfaction_score_with_a_comma(client_as, werkcoach):
    client = client_as(werkcoach)
    pagina = client.get(reverse("monitor:tevredenheid")).content.decode()
    invoer = re.search(r"<input[^>]*name=\"score\"[^>]*>", pagina).group(0)
    assert 'type="text"' in invoer and 'inputmode="decimal"' in invoer
    assert _score(client, "7,5").status_code == 302
    assert Tevredenheidsmeting.objects.get().score == Decimal("7.5")
    for fout, melding in [
        ("7.5", "Gebruik een komma"),
        ("75", "Vul hoogstens 10 in"),
        ("7,55", "hoogstens 1 cijfer achter de komma"),
        ("0,5", "Vul 1 of meer in"),
    ]:
        response = _score(client, fout)
        assert response.status_code == 400 and melding in response.content.decode(), fout
    assert Tevredenheidsmeting.objects.count() == 1


def test_target_and_margin_with_a_comma(client_as, projectleider):
    client = client_as(projectleider)
    pagina = client.get(reverse("monitor:doelstellingen")).content.decode()
    assert re.search(r'<input[^>]*name="marge_pct"[^>]*value="10"', pagina)  # the model default
    data = {
        "indicator": "evc_certificaat",
        "startdatum": "2026-01-01",
        "einddatum": "2026-12-31",
        "streefwaarde": "1.250,5",
        "marge_pct": "7,5",
    }
    assert client.post(reverse("monitor:doelstellingen"), data).status_code == 302
    doel = Doelstelling.objects.get()
    assert (doel.streefwaarde, doel.marge_pct) == (Decimal("1250.50"), Decimal("7.50"))
    response = client.post(
        reverse("monitor:doelstellingen"), {**data, "streefwaarde": "1,250.50", "marge_pct": "150"}
    )
    assert response.status_code == 400
    tekst = response.content.decode()
    assert "Punt en komma staan verkeerd om" in tekst and "Vul hoogstens 100 in" in tekst
    assert Doelstelling.objects.count() == 1


def test_quarterly_report_says_not_applicable_on_a_base_of_zero(
    loket,
    projectleider,
    django_capture_on_commit_callbacks,
    prive_opslag,  # noqa: F811
):
    """No rijksbijdrage budgeted: the PDF shows "n.v.t.", never a green light or "gehaald"."""
    begroting = fin.haal_begroting(loket, 2026)
    fin.voeg_kostenpost_toe(
        begroting, naam="Loonkosten", categorie="loonkosten", bedrag=Decimal("1000")
    )
    gemaakt = maak(loket, projectleider, django_capture_on_commit_callbacks)
    assert gemaakt.status == Kwartaalrapport.Status.KLAAR, gemaakt.foutmelding
    tekst = pdftekst(prive_opslag / gemaakt.bestand.name)
    assert "Norm n.v.t." in tekst
    assert "De norm is gehaald" not in tekst


def test_survey_percentages_round_half_up_like_loket_geld():
    """Response and six-month percentages go through loket.geld.percentage: half-up (1 of 800 is
    0,125 %, shown as 0,13), not the banker's rounding of a bare quantize (0,12)."""
    cijfers = Enquetecijfers(
        verstuurd=Counter(klant=800),
        antwoorden=Counter(klant=1),
        situatie_zes_maanden=Counter(werk=1, geen=799),
    )
    assert cijfers.respons_pct("klant") == Decimal("0.13")
    assert cijfers.respons_pct("werkgever") is None
    assert _situatie_zes_maanden(SimpleNamespace(enquetes=cijfers)) == Decimal("0.13")
    assert _situatie_zes_maanden(SimpleNamespace(enquetes=Enquetecijfers())) is None
