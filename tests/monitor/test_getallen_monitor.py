"""Targets and satisfaction scores are typed the Dutch way: "6,8" and "7,5" are stored exactly,
"7.5" (which an English browser's number field turned into 75) gets a Dutch error."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from monitor.models import Doelstelling, Tevredenheidsmeting

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
