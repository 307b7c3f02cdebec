"""The whole monitor of a period as an xlsx workbook, from the same Dashboard object as the page
(protected exactly as the stuurgroep sees it when exported by the stuurgroep).

Numbers are numeric cells with number formats, never text: Excel shows them the Dutch way
(1.234 / 35,50% / € 1.234,50) in a Dutch locale. Number format codes in the file are always
written with the English separators ('#,##0' is displayed as '#.##0' in Dutch Excel). A hidden
count is the mark itself ('< 5' or '•'), as text, with the legend on the first sheet."""

import io
from decimal import Decimal
from typing import cast

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from loket.spreadsheet import veilig_werkboek

from .constants import Eenheid
from .dashboard import Dashboard

VET = Font(bold=True)
AANTAL = "#,##0"
CIJFER = "0.0"
PROCENT = "0.00%"
BEDRAG = "[$€-413] #,##0.00"
UREN = "#,##0.00"
DATUM = "DD-MM-YYYY"


def _cel(waarde, eenheid: str = Eenheid.AANTAL) -> tuple[object, str | None]:
    """A value as stored (number, mark or empty) and its number format."""
    if waarde is None:
        return None, None
    if isinstance(waarde, str):  # a mark of a hidden count
        return waarde, None
    if eenheid == Eenheid.PROCENT:
        return Decimal(waarde) / 100, PROCENT
    if eenheid == Eenheid.CIJFER:
        return Decimal(waarde), CIJFER
    return waarde, AANTAL


def _blad(wb, titel, kop, rijen):
    """A sheet from rows of (value, number format) pairs or plain values."""
    ws = wb.create_sheet(titel)
    ws.append(kop)
    for cel in ws[1]:
        cel.font = VET
    for r, rij in enumerate(rijen, start=2):
        for k, waarde in enumerate(rij, start=1):
            formaat = None
            if isinstance(waarde, tuple):
                waarde, formaat = waarde
            cel = ws.cell(row=r, column=k, value=waarde)
            if formaat:
                cel.number_format = formaat
            elif isinstance(waarde, str) and waarde in ("< 5", "•"):
                cel.alignment = Alignment(horizontal="right")
    for kolom in ws.columns:
        ws.column_dimensions[kolom[0].column_letter].width = min(
            60, max(12, *(len(str(c.value or "")) for c in kolom))
        )
    return ws


def monitor_xlsx(d: Dashboard) -> bytes:
    wb = Workbook()
    wb.remove(cast(Worksheet, wb.active))
    _blad(
        wb,
        "Monitor",
        ["Loket", "Periode", "Van", "Tot en met", "Kleine aantallen afgeschermd", "Legenda"],
        [
            (
                d.loket.naam,
                d.periode.label,
                (d.periode.van, DATUM),
                (d.periode.tot, DATUM),
                "ja" if d.voor_stuurgroep else "nee",
                d.legenda if d.voor_stuurgroep else "",
            )
        ],
    )
    _blad(
        wb,
        "Indicatoren",
        ["Code", "Indicator", "Waarde", "Eenheid"],
        [
            (
                r.indicator.code,
                r.indicator.naam,
                _cel(r.cel, r.indicator.eenheid),
                str(Eenheid(r.indicator.eenheid).label),
            )
            for r in d.regels
        ],
    )
    _blad(
        wb,
        "Doelstellingen",
        [
            "Indicator",
            "Streefwaarde",
            "Streefdatum",
            "Verwacht nu",
            "Gerealiseerd",
            "Prognose",
            "Stoplicht",
            "Toelichting",
        ],
        [
            (
                r.indicator.naam,
                _cel(r.beoordeling.streefwaarde, r.indicator.eenheid),
                (r.doelstelling.einddatum, DATUM),
                _cel(r.beoordeling.verwacht, r.indicator.eenheid),
                _cel(r.stand, r.indicator.eenheid),
                _cel(None if r.afgeschermd else r.beoordeling.prognose, r.indicator.eenheid),
                str(r.beoordeling.kleur_label),
                r.beoordeling.toelichting,
            )
            for r in d.doelen
        ],
    )
    _blad(
        wb,
        "Uitsplitsingen",
        ["Indicator", "Uitsplitsing", "Waarde", "Aantal"],
        [
            (r.indicator.naam, u.naam, label, _cel(getoond))
            for r in d.regels
            for u in r.uitsplitsingen
            for _code, label, getoond in u.rijen
        ],
    )
    _blad(
        wb,
        "Per kwartaal",
        ["Kwartaal", *d.kwartaalreeksen],
        [
            (kwartaal, *(_cel(reeks[i]) for reeks in d.kwartaalreeksen.values()))
            for i, kwartaal in enumerate(d.kwartaallabels)
        ],
    )
    _blad(
        wb,
        "Trechters",
        ["Trechter", "Stadium", "Aantal"],
        [
            (naam.upper() if naam == "evc" else "Duaal / BBL", stadium, _cel(aantal))
            for naam, rijen in d.trechters.items()
            for stadium, _sleutel, aantal in rijen
        ],
    )
    _blad(
        wb,
        "Cofinanciering",
        ["Partner", "Toegezegd", "Gerealiseerd", "Uren"],
        [
            (
                p.organisatie.naam,
                (Decimal(p.toegezegd), BEDRAG),
                (Decimal(p.gerealiseerd), BEDRAG),
                (Decimal(p.uren), UREN),
            )
            for p in d.partners
        ],
    )
    _blad(
        wb,
        "Definities",
        ["Code", "Indicator", "Definitie"],
        [(i.code, i.naam, i.definitie) for i in (r.indicator for r in d.regels)],
    )
    veilig_werkboek(wb)  # names and descriptions typed by users: never a live formula
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
