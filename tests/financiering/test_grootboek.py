"""The ledger for the accountant, booking by booking, as xlsx and CSV: every booking a row with its
date, quarter, partner, kind, amount, hours x tariff, who booked it and when, the reason and the
booking it reverses. Numbers are numbers; free text never runs as a formula."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from financiering import services
from financiering.constants import BoekingSoort
from financiering.export import EURO, GROOTBOEK_KOLOMMEN, tekstcel
from financiering.models import Boeking

from ..factories import OrganisatieFactory
from .factories import BegrotingFactory, FinancieringsbronFactory, KostenpostFactory, TariefFactory

KWAADAARDIG = '=HYPERLINK("http://evil.example","klik")'


@pytest.mark.parametrize(
    ("tekst", "veilig"),
    [
        ("=1+1", "'=1+1"),
        ("+31 6 1234", "'+31 6 1234"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Gewoon tekst", "Gewoon tekst"),
        ("a=b", "a=b"),
        (None, ""),
    ],
)
def test_veilige_tekst(tekst, veilig):
    assert tekstcel(tekst) == veilig


def _grootboek(loket, projectleider, extra_uitgaven=0):
    begroting = BegrotingFactory(loket=loket, jaar=2026)
    post = KostenpostFactory(begroting=begroting, naam="Materiële kosten")
    roc = FinancieringsbronFactory(
        begroting=begroting, naam="roc uren", organisatie__naam="roc Nova College"
    )
    tarief = TariefFactory(
        loket=loket,
        jaar=2026,
        organisatie=roc.organisatie,
        rol="Docent",
        uurtarief=Decimal("57.35"),
    )
    uitgave = services.boek(
        loket=loket,
        jaar=2026,
        soort=BoekingSoort.UITGAVE,
        kostenpost=post,
        bedrag=Decimal("1234.50"),
        datum=datetime.date(2026, 2, 3),
        omschrijving=KWAADAARDIG,
        door=projectleider,
    )
    inzet = services.registreer_uren(
        financieringsbron=roc,
        tarief=tarief,
        medewerker="Docent",
        uren=Decimal("12.5"),
        kwartaal=2,
        datum=datetime.date(2026, 5, 4),
        door=projectleider,
    )
    tegen = services.tegenboek(
        uitgave, reden="@dubbel geboekt", datum=datetime.date(2026, 5, 6), door=projectleider
    )
    for i in range(extra_uitgaven):
        services.boek(
            loket=loket,
            jaar=2026,
            soort=BoekingSoort.UITGAVE,
            kostenpost=post,
            bedrag=Decimal(i + 1),
            datum=datetime.date(2026, 6, 1),
        )
    # Another loket's booking never shows.
    ander = BegrotingFactory(jaar=2026)
    services.boek(
        loket=ander.loket,
        jaar=2026,
        soort=BoekingSoort.BEGROOT,
        kostenpost=KostenpostFactory(begroting=ander),
        bedrag=Decimal("5"),
    )
    return uitgave, inzet.boeking, tegen


@pytest.mark.django_db
def test_xlsx_booking_by_booking(client_as, loket, projectleider):
    uitgave, uren, tegen = _grootboek(loket, projectleider)
    response = client_as(projectleider).get(reverse("financiering:boekingen_xlsx", args=[2026]))
    assert response.status_code == 200
    assert "boekingen-" in response["Content-Disposition"]
    blad = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in blad[3]] == GROOTBOEK_KOLOMMEN
    rijen = {
        rij[0].value: dict(zip(GROOTBOEK_KOLOMMEN, rij, strict=True))
        for rij in blad.iter_rows(min_row=4)
    }
    assert set(rijen) == {uitgave.pk, uren.pk, tegen.pk}

    rij = rijen[uitgave.pk]
    assert rij["Boekdatum"].value == datetime.datetime(2026, 2, 3)
    assert rij["Kwartaal"].value == "Q1 2026"
    assert rij["Soort"].value == "Uitgave"
    assert rij["Begrotingsregel"].value == "Materiële kosten"
    assert rij["Bedrag"].data_type == "n" and rij["Bedrag"].value == 1234.5
    assert rij["Bedrag"].number_format == EURO
    assert rij["Omschrijving"].data_type == "s" and rij["Omschrijving"].value == f"'{KWAADAARDIG}"
    assert rij["Geboekt door"].value == projectleider.get_full_name()
    assert isinstance(rij["Geboekt op"].value, datetime.datetime)
    assert rij["Tegengeboekt door boeking"].value == tegen.pk

    rij = rijen[uren.pk]
    assert rij["Partner"].value == "roc Nova College" and rij["Kwartaal"].value == "Q2 2026"
    assert (rij["Uren"].value, rij["Uurtarief"].value, rij["Bedrag"].value) == (12.5, 57.35, 716.88)

    rij = rijen[tegen.pk]
    assert rij["Bedrag"].value == -1234.5
    assert rij["Tegenboeking van boeking"].value == uitgave.pk
    assert rij["Reden tegenboeking"].value == "'@dubbel geboekt"
    assert not any(c.data_type == "f" for r in blad.iter_rows() for c in r)


@pytest.mark.django_db
def test_csv_for_dutch_excel(client_as, loket, projectleider):
    uitgave, uren, tegen = _grootboek(loket, projectleider)
    response = client_as(projectleider).get(reverse("financiering:boekingen_csv", args=[2026]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rijen = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0] == GROOTBOEK_KOLOMMEN
    per_nr = {int(r[0]): dict(zip(GROOTBOEK_KOLOMMEN, r, strict=True)) for r in rijen[1:]}
    assert set(per_nr) == {uitgave.pk, uren.pk, tegen.pk}
    assert per_nr[uitgave.pk]["Boekdatum"] == "03-02-2026"
    assert per_nr[uitgave.pk]["Bedrag"] == "1234,50"
    assert per_nr[uitgave.pk]["Omschrijving"] == f"'{KWAADAARDIG}"
    assert (per_nr[uren.pk]["Uren"], per_nr[uren.pk]["Uurtarief"]) == ("12,50", "57,35")
    assert per_nr[uren.pk]["Bedrag"] == "716,88"
    assert per_nr[tegen.pk]["Bedrag"] == "-1234,50"
    assert per_nr[tegen.pk]["Tegenboeking van boeking"] == str(uitgave.pk)
    assert per_nr[tegen.pk]["Reden tegenboeking"] == "'@dubbel geboekt"


@pytest.mark.django_db
def test_export_queries_do_not_grow_with_the_bookings(client_as, loket, projectleider):
    _grootboek(loket, projectleider, extra_uitgaven=2)
    client = client_as(projectleider)
    url = reverse("financiering:boekingen_xlsx", args=[2026])
    client.get(url)
    with CaptureQueriesContext(connection) as weinig:
        client.get(url)
    post = Boeking.objects.filter(loket=loket, kostenpost__isnull=False).first().kostenpost
    for i in range(20):
        services.boek(
            loket=loket,
            jaar=2026,
            soort=BoekingSoort.UITGAVE,
            kostenpost=post,
            bedrag=Decimal(i + 1),
            datum=datetime.date(2026, 7, 1),
            door=projectleider,
        )
    with CaptureQueriesContext(connection) as veel:
        client.get(url)
    assert len(veel) == len(weinig)


@pytest.mark.django_db
def test_the_ledger_page_links_to_the_exports(client_as, loket, stuurgroeplid):
    OrganisatieFactory(loket=loket)
    tekst = client_as(stuurgroeplid).get(reverse("financiering:boeking_list"), {"jaar": 2026})
    assert reverse("financiering:boekingen_xlsx", args=[2026]) in tekst.content.decode()
    assert reverse("financiering:boekingen_csv", args=[2026]) in tekst.content.decode()
