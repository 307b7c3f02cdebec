"""The year overview and partner statements as xlsx, in the layout of the business plans: costs
left, financing right, totals and the difference underneath, the norm below that. And the ledger
booking by booking (xlsx and CSV) for the accountant."""

import csv
import io
from decimal import Decimal
from typing import cast

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from loket.geld import getal
from loket.spreadsheet import veilig_werkboek, veilige_tekst

from .constants import KWARTALEN
from .models import Boeking
from .selectors import Jaaroverzicht, Partnerregel

EURO = '"€" #,##0.00;"€" -#,##0.00'
UREN = "#,##0.00"
PROCENT = '0.00" %"'
VET = Font(bold=True)
KOP = Font(bold=True, color="FFFFFF")
KOPVULLING = PatternFill("solid", fgColor="154273")
LIJN = Border(top=Side(style="thin"))


def _kop(blad: Worksheet, rij: int, kolom: int, teksten: list[str]) -> None:
    for i, tekst in enumerate(teksten):
        cel = blad.cell(row=rij, column=kolom + i, value=tekst)
        cel.font, cel.fill = KOP, KOPVULLING


def _bedrag(blad: Worksheet, rij: int, kolom: int, waarde: Decimal | None, vet=False):
    cel = blad.cell(row=rij, column=kolom, value=waarde)
    cel.number_format = EURO
    if vet:
        cel.font, cel.border = VET, LIJN
    return cel


def _jaarblad(blad: Worksheet, overzicht: Jaaroverzicht) -> None:
    blad.title = f"Begroting {overzicht.jaar}"
    blad["A1"] = f"Begroting en realisatie {overzicht.jaar} · {overzicht.loket.naam}"
    blad["A1"].font = Font(bold=True, size=14)
    _kop(blad, 3, 1, ["Kosten", "Begroot", "Gerealiseerd"])
    _kop(blad, 3, 5, ["Financiering", "Begroot / toegezegd", "Gerealiseerd"])
    for i, regel in enumerate(overzicht.kosten, start=4):
        blad.cell(row=i, column=1, value=regel.post.naam)
        _bedrag(blad, i, 2, regel.begroot)
        _bedrag(blad, i, 3, regel.uitgegeven)
    for i, bronregel in enumerate(overzicht.financiering, start=4):
        blad.cell(row=i, column=5, value=bronregel.bron.naam)
        _bedrag(blad, i, 6, bronregel.begroot)
        _bedrag(blad, i, 7, bronregel.gerealiseerd)
    totaal = 4 + max(len(overzicht.kosten), len(overzicht.financiering))
    blad.cell(row=totaal, column=1, value="Totaal kosten").font = VET
    _bedrag(blad, totaal, 2, overzicht.totaal_kosten_begroot, vet=True)
    _bedrag(blad, totaal, 3, overzicht.totaal_kosten_uitgegeven, vet=True)
    blad.cell(row=totaal, column=5, value="Totaal financiering").font = VET
    _bedrag(blad, totaal, 6, overzicht.totaal_financiering_begroot, vet=True)
    _bedrag(blad, totaal, 7, overzicht.totaal_financiering_gerealiseerd, vet=True)
    verschil = totaal + 1
    blad.cell(row=verschil, column=5, value="Verschil financiering − kosten").font = VET
    _bedrag(blad, verschil, 6, overzicht.verschil_begroot, vet=True)
    _bedrag(blad, verschil, 7, overzicht.verschil_gerealiseerd, vet=True)

    rij = verschil + 2
    blad.cell(row=rij, column=1, value="Cofinancieringsnorm").font = Font(bold=True, size=12)
    rij += 1
    _kop(
        blad,
        rij,
        1,
        [
            "Basis",
            "Basisbedrag",
            "Norm %",
            "Vereist",
            "Toegezegd",
            "Toegezegd %",
            "Gerealiseerd",
            "Gerealiseerd %",
            "Tekort (toezegging)",
            "Tekort (realisatie)",
            "Geldend",
        ],
    )
    for toets in overzicht.normtoetsen:
        rij += 1
        blad.cell(row=rij, column=1, value=toets.basis_label)
        _bedrag(blad, rij, 2, toets.basisbedrag)
        blad.cell(row=rij, column=3, value=toets.norm_percentage).number_format = PROCENT
        _bedrag(blad, rij, 4, toets.vereist)
        _bedrag(blad, rij, 5, toets.toegezegd)
        blad.cell(row=rij, column=6, value=toets.toegezegd_pct).number_format = PROCENT
        _bedrag(blad, rij, 7, toets.gerealiseerd)
        blad.cell(row=rij, column=8, value=toets.gerealiseerd_pct).number_format = PROCENT
        _bedrag(blad, rij, 9, toets.tekort_toezegging)
        _bedrag(blad, rij, 10, toets.tekort_realisatie)
        blad.cell(row=rij, column=11, value="ja" if toets.geldend else "nee")
    for kolom, breedte in zip(
        "ABCDEFGHIJK", (40, 16, 16, 16, 40, 20, 16, 16, 20, 20, 10), strict=True
    ):
        blad.column_dimensions[kolom].width = breedte
    blad.freeze_panes = "A4"


def _partnerblad(blad: Worksheet, jaar: int, partners: list[Partnerregel]) -> None:
    blad["A1"] = f"Cofinanciering per partner {jaar}"
    blad["A1"].font = Font(bold=True, size=14)
    koppen = ["Partner", "Toegezegd", "Gerealiseerd", "Verschil", "Uren"]
    koppen += [f"Q{k} gerealiseerd" for k in KWARTALEN] + [f"Q{k} uren" for k in KWARTALEN]
    _kop(blad, 3, 1, koppen)
    rij = 3
    for regel in partners:
        rij += 1
        blad.cell(row=rij, column=1, value=regel.organisatie.naam)
        _bedrag(blad, rij, 2, regel.toegezegd)
        _bedrag(blad, rij, 3, regel.gerealiseerd)
        _bedrag(blad, rij, 4, regel.verschil)
        blad.cell(row=rij, column=5, value=regel.uren).number_format = UREN
        for i, k in enumerate(KWARTALEN):
            _bedrag(blad, rij, 6 + i, regel.per_kwartaal[k])
            blad.cell(row=rij, column=10 + i, value=regel.uren_per_kwartaal[k]).number_format = UREN
    rij += 1
    blad.cell(row=rij, column=1, value="Totaal").font = VET
    _bedrag(blad, rij, 2, sum((r.toegezegd for r in partners), Decimal("0")), vet=True)
    _bedrag(blad, rij, 3, sum((r.gerealiseerd for r in partners), Decimal("0")), vet=True)
    _bedrag(blad, rij, 4, sum((r.verschil for r in partners), Decimal("0")), vet=True)
    blad.cell(
        row=rij, column=5, value=sum((r.uren for r in partners), Decimal("0"))
    ).number_format = UREN
    blad.column_dimensions["A"].width = 40
    for kolom in "BCDEFGHIJKLM":
        blad.column_dimensions[kolom].width = 16
    blad.freeze_panes = "B4"


def jaaroverzicht_xlsx(overzicht: Jaaroverzicht, partners: list[Partnerregel]) -> bytes:
    boek = Workbook()
    _jaarblad(cast(Worksheet, boek.active), overzicht)
    _partnerblad(boek.create_sheet(), overzicht.jaar, partners)
    boek.worksheets[1].title = f"Partners {overzicht.jaar}"
    veilig_werkboek(boek)  # cost lines and partner names typed by users: never a live formula
    uitvoer = io.BytesIO()
    boek.save(uitvoer)
    return uitvoer.getvalue()


# The ledger for the accountant: one row per booking, reversals as their own rows.
GROOTBOEK_KOLOMMEN = [
    "Boeking",
    "Boekdatum",
    "Kwartaal",
    "Begrotingsjaar",
    "Soort",
    "Begrotingsregel",
    "Partner",
    "Bedrag",
    "Uren",
    "Uurtarief",
    "Omschrijving",
    "Geboekt door",
    "Geboekt op",
    "Reden tegenboeking",
    "Tegenboeking van boeking",
    "Tegengeboekt door boeking",
]
DATUM = "DD-MM-YYYY"
MOMENT = "DD-MM-YYYY HH:MM"


def tekstcel(waarde: object) -> str:
    """A text column of the ledger: any value (a budget line object, None) as its text, safe
    against formula injection (loket.spreadsheet leaves non-text values alone, so convert first)."""
    return str(veilige_tekst("" if waarde is None else str(waarde)))


def _grootboekrij(boeking: Boeking) -> dict:
    """One booking as typed values; text is neutralised against formula injection."""
    tegenboeking = getattr(boeking, "tegenboeking", None) if not boeking.is_tegenboeking else None
    geboekt_door = boeking.geboekt_door
    return {
        "Boeking": boeking.pk,
        "Boekdatum": boeking.datum,
        "Kwartaal": f"Q{boeking.kwartaal} {boeking.datum.year}",
        "Begrotingsjaar": boeking.jaar,
        "Soort": tekstcel(boeking.get_soort_display()),
        "Begrotingsregel": tekstcel(boeking.regel),
        "Partner": tekstcel(boeking.organisatie.naam if boeking.organisatie else ""),
        "Bedrag": boeking.bedrag,
        "Uren": boeking.uren,
        "Uurtarief": boeking.tarief,
        "Omschrijving": tekstcel(boeking.omschrijving),
        "Geboekt door": tekstcel(
            (geboekt_door.get_full_name() or geboekt_door.get_username()) if geboekt_door else ""
        ),
        "Geboekt op": timezone.localtime(boeking.geboekt_op).replace(tzinfo=None),
        "Reden tegenboeking": tekstcel(boeking.reden),
        "Tegenboeking van boeking": boeking.tegenboeking_van_id,
        "Tegengeboekt door boeking": tegenboeking.pk if tegenboeking else None,
    }


def grootboek_xlsx(titel: str, boekingen) -> bytes:
    """Every booking as a row with numeric amounts, hours and tariffs and real dates."""
    boek = Workbook()
    blad = cast(Worksheet, boek.active)
    blad.title = "Boekingen"
    blad["A1"] = titel
    blad["A1"].font = Font(bold=True, size=14)
    _kop(blad, 3, 1, GROOTBOEK_KOLOMMEN)
    opmaak = {
        "Boekdatum": DATUM,
        "Geboekt op": MOMENT,
        "Bedrag": EURO,
        "Uren": UREN,
        "Uurtarief": EURO,
    }
    for r, boeking in enumerate(boekingen, start=4):
        for k, (kolom, waarde) in enumerate(_grootboekrij(boeking).items(), start=1):
            cel = blad.cell(row=r, column=k, value=waarde if waarde != "" else None)
            if kolom in opmaak:
                cel.number_format = opmaak[kolom]
    breedtes = (10, 12, 10, 10, 14, 36, 30, 16, 10, 12, 40, 24, 18, 36, 12, 12)
    for k, breedte in enumerate(breedtes, start=1):
        blad.column_dimensions[get_column_letter(k)].width = breedte
    blad.freeze_panes = "A4"
    blad.auto_filter.ref = f"A3:{blad.cell(row=3, column=len(GROOTBOEK_KOLOMMEN)).coordinate}"
    uitvoer = io.BytesIO()
    boek.save(uitvoer)
    return uitvoer.getvalue()


def _csv_waarde(waarde) -> str:
    """As Dutch Excel reads a CSV: decimal comma without grouping, dates dd-mm-jjjj."""
    if waarde is None:
        return ""
    if isinstance(waarde, Decimal):
        return getal(waarde, 2, groeperen=False)
    if hasattr(waarde, "hour"):
        return f"{waarde:%d-%m-%Y %H:%M}"
    if hasattr(waarde, "day"):
        return f"{waarde:%d-%m-%Y}"
    return str(waarde)


def grootboek_csv(boekingen) -> bytes:
    """The same rows as CSV for Dutch Excel: semicolons, decimal comma, UTF-8 with a BOM."""
    uitvoer = io.StringIO()
    schrijver = csv.writer(uitvoer, delimiter=";", lineterminator="\r\n")
    schrijver.writerow(GROOTBOEK_KOLOMMEN)
    for boeking in boekingen:
        schrijver.writerow([_csv_waarde(w) for w in _grootboekrij(boeking).values()])
    return ("\ufeff" + uitvoer.getvalue()).encode("utf-8")
