"""xlsx export read back with openpyxl; budget import from xlsx/csv with row-by-row errors where
one bad row means nothing is booked."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from financiering import selectors
from financiering.importeren import KOLOMMEN, controleer_regels, lees_bestand
from financiering.models import Begroting, Boeking, Financieringsbron, Kostenpost
from loket.geld import lees_bedrag, rond_af
from loket.templatetags.loket_tags import euro

from ..factories import OrganisatieFactory


def waarden(blad):
    return list(blad.iter_rows(values_only=True))


@pytest.mark.django_db
def test_export_reads_back_with_both_blocks_totals_and_norm(
    client_as, stuurgroeplid, begroting_2010
):
    response = client_as(stuurgroeplid).get(reverse("financiering:export", args=[2010]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "financiering-test-2010.xlsx" in response["Content-Disposition"]
    boek = load_workbook(io.BytesIO(response.content))
    assert boek.sheetnames == ["Begroting 2010", "Partners 2010"]
    blad = boek["Begroting 2010"]
    rijen = waarden(blad)
    assert rijen[2][:3] == ("Kosten", "Begroot", "Gerealiseerd")
    assert rijen[2][4] == "Financiering"
    assert rijen[3][0] == "Loonkosten UWV" and Decimal(str(rijen[3][1])) == Decimal("75000")
    assert rijen[3][4] == "Rijksbijdrage SZW" and Decimal(str(rijen[3][5])) == Decimal("182400")
    totaal = next(r for r in rijen if r[0] == "Totaal kosten")
    assert Decimal(str(totaal[1])) == Decimal("235000")
    assert totaal[4] == "Totaal financiering" and Decimal(str(totaal[5])) == Decimal("236500")
    verschil = next(r for r in rijen if r[4] == "Verschil financiering − kosten")
    assert Decimal(str(verschil[5])) == Decimal("1500")
    norm = {r[0]: r for r in rijen if r[0] and str(r[0]).startswith(("Rijksbijdrage (", "Totale"))}
    rijk = norm["Rijksbijdrage (begroot)"]
    assert Decimal(str(rijk[5])) == Decimal("29.66") and rijk[10] == "ja"
    basis = next(v for k, v in norm.items() if k.startswith("Totale"))
    assert Decimal(str(basis[5])) == Decimal("23.02")
    assert Decimal(str(basis[8])) == Decimal("4650")
    # Money cells carry a euro number format (Excel shows it the Dutch way in a Dutch locale).
    assert "€" in blad.cell(row=4, column=2).number_format

    partners = waarden(boek["Partners 2010"])
    assert partners[2][:5] == ("Partner", "Toegezegd", "Gerealiseerd", "Verschil", "Uren")
    namen = {r[0]: r for r in partners[3:]}
    assert Decimal(str(namen["Gemeente Haarlem/RMC"][1])) == Decimal("17500")
    assert Decimal(str(namen["Totaal"][1])) == Decimal("54100")


def _xlsx(rijen) -> bytes:
    boek = Workbook()
    blad = boek.active
    blad.append(KOLOMMEN)
    for rij in rijen:
        blad.append(rij)
    uitvoer = io.BytesIO()
    boek.save(uitvoer)
    return uitvoer.getvalue()


GOED = [
    ["kosten", "Loonkosten UWV", "loonkosten", "", "", "75.000"],
    ["kosten", "Overhead", "Overhead", "", "", 15000],
    ["financiering", "Rijksbijdrage", "rijksbijdrage", "", "cash", 182400.0],
    ["financiering", "UWV uren", "cofinanciering", "UWV Testregio", "in natura", "12.500,00"],
]


@pytest.mark.django_db
def test_import_xlsx_books_every_row(client_as, projectleider, loket, partner):
    bestand = SimpleUploadedFile("begroting.xlsx", _xlsx(GOED))
    response = client_as(projectleider).post(
        reverse("financiering:import", args=[2026]),
        {"bestand": bestand, "datum": "2026-01-10"},
    )
    assert response.status_code == 302
    overzicht = selectors.jaaroverzicht(loket, 2026)
    assert overzicht.totaal_kosten_begroot == Decimal("90000.00")
    assert overzicht.totaal_financiering_begroot == Decimal("194900.00")
    assert overzicht.cofinanciering_toegezegd == Decimal("12500.00")
    uwv = Financieringsbron.objects.get(naam="UWV uren")
    assert uwv.organisatie == partner and uwv.vorm == "in_natura"
    # Budget and commitments carry the date they were agreed, not the day of the import.
    assert set(Boeking.objects.values_list("datum", flat=True)) == {datetime.date(2026, 1, 10)}


@pytest.mark.django_db
def test_import_with_bad_rows_reports_them_and_books_nothing(
    client_as, projectleider, loket, partner
):
    rijen = [
        *GOED,
        ["kosten", "Loonkosten overig", "loonkosten", "", "", "vijftigduizend"],
        ["financiering", "Onbekende partner", "cofinanciering", "Bestaat Niet", "cash", "100"],
        ["kosten", "Loonkosten UWV", "loonkosten", "", "", "1"],
    ]
    bestand = SimpleUploadedFile("begroting.xlsx", _xlsx(rijen))
    response = client_as(projectleider).post(
        reverse("financiering:import", args=[2026]),
        {"bestand": bestand, "datum": "2026-01-10"},
    )
    assert response.status_code == 400
    fouten = response.context["importfouten"]
    assert any(f.startswith("Regel 6:") and "geen getal" in f for f in fouten)
    assert any(f.startswith("Regel 7:") and "Bestaat Niet" in f for f in fouten)
    assert any(f.startswith("Regel 8:") and "twee keer" in f for f in fouten)
    assert not any(f.startswith(("Regel 2:", "Regel 3:", "Regel 4:", "Regel 5:")) for f in fouten)
    assert "Niets geïmporteerd" in response.content.decode()
    assert not Boeking.objects.exists()
    assert not Kostenpost.objects.exists() and not Financieringsbron.objects.exists()


@pytest.mark.django_db
def test_import_csv_with_semicolons_and_existing_line(client_as, beheerder, loket, partner):
    csv = (
        "Kant;Naam;Categorie of soort;Partner;Vorm;Bedrag\n"
        "kosten;Materiële kosten;materiële kosten;;;35.000\n"
        "financiering;PAO;cofinanciering;UWV Testregio;in natura;5.100\n"
    ).encode()
    client = client_as(beheerder)
    url = reverse("financiering:import", args=[2026])
    assert (
        client.post(
            url, {"bestand": SimpleUploadedFile("b.csv", csv), "datum": "2026-01-10"}
        ).status_code
        == 302
    )
    assert Boeking.objects.count() == 2
    # The same file again: both names exist already, nothing more is booked.
    response = client.post(
        url, {"bestand": SimpleUploadedFile("b.csv", csv), "datum": "2026-01-10"}
    )
    assert response.status_code == 400
    assert response.context["importfouten"] == [
        "Regel 2: 'Materiële kosten' staat al in de begroting.",
        "Regel 3: 'PAO' staat al in de begroting.",
    ]
    assert Boeking.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("naam", "inhoud", "melding"),
    [
        ("b.xlsx", b"geen zip", "kan niet worden gelezen"),
        ("b.csv", b"", "leeg"),
        ("b.csv", b"a;b;c\n1;2;3\n", "kopregel"),
        ("b.txt", b"Kant;Naam", "xlsx- of csv"),
    ],
)
def test_import_of_unusable_files(client_as, projectleider, naam, inhoud, melding):
    response = client_as(projectleider).post(
        reverse("financiering:import", args=[2026]),
        {"bestand": SimpleUploadedFile(naam, inhoud), "datum": "2026-01-10"},
    )
    assert response.status_code == 400 and melding in response.content.decode()
    assert (
        not Boeking.objects.exists()
        and not Begroting.objects.filter(kostenposten__isnull=False).exists()
    )


@pytest.mark.django_db
def test_template_download_is_importable(client_as, projectleider, loket):
    OrganisatieFactory(loket=loket, naam="UWV")
    response = client_as(projectleider).get(reverse("financiering:sjabloon"))
    rijen = lees_bestand("sjabloon.xlsx", response.content)
    regels, fouten = controleer_regels(rijen, loket, None)
    assert fouten == [] and len(regels) == 4


@given(st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, places=4))
def test_euro_filter_rounds_like_rond_af(bedrag):
    """The display and the ledger agree: both round half-up to cents."""
    afgerond = rond_af(bedrag)
    assert euro(bedrag) == euro(afgerond)
    assert lees_bedrag(euro(afgerond).replace("€ ", "")) == afgerond


@pytest.mark.parametrize(
    ("tekst", "bedrag"),
    [
        ("75000", "75000.00"),
        ("75.000", "75000.00"),
        ("1.500,50", "1500.50"),
        ("€ 182.400,00", "182400.00"),
        ("12.5", None),  # a decimal point is ambiguous to a Dutch reader: refused, not guessed
        ("0,005", None),
        ("1,2,3", None),
        ("abc", None),
        ("NaN", None),
        ("1e309", None),
        ("", None),
    ],
)
def test_lees_bedrag(tekst, bedrag):
    if bedrag is None:
        with pytest.raises(ValueError):
            lees_bedrag(tekst)
    else:
        assert lees_bedrag(tekst) == Decimal(bedrag)
