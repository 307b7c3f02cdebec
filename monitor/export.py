"""The whole monitor of a period as an xlsx workbook, from the same Dashboard object as the page
(suppressed exactly as the stuurgroep sees it when exported by the stuurgroep)."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from loket.spreadsheet import veilig_werkboek

from .constants import Eenheid
from .dashboard import Dashboard

VET = Font(bold=True)


def _blad(wb, titel, kop, rijen):
    ws = wb.create_sheet(titel)
    ws.append(kop)
    for cel in ws[1]:
        cel.font = VET
    for rij in rijen:
        ws.append(list(rij))
    for kolom in ws.columns:
        ws.column_dimensions[kolom[0].column_letter].width = min(
            60, max(12, *(len(str(c.value or "")) for c in kolom))
        )
    return ws


def monitor_xlsx(d: Dashboard) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    info = _blad(
        wb, "Monitor", ["Loket", "Periode", "Van", "Tot en met", "Kleine aantallen afgeschermd"], []
    )
    info.append(
        [
            d.loket.naam,
            d.periode.label,
            d.periode.van,
            d.periode.tot,
            "ja" if d.voor_stuurgroep else "nee",
        ]
    )
    for cel in info[2][2:4]:
        cel.number_format = "DD-MM-YYYY"
    _blad(
        wb,
        "Indicatoren",
        ["Code", "Indicator", "Waarde", "Eenheid"],
        [
            (r.indicator.code, r.indicator.naam, r.getoond, str(Eenheid(r.indicator.eenheid).label))
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
                float(r.beoordeling.streefwaarde),
                r.doelstelling.einddatum.strftime("%d-%m-%Y"),
                float(r.beoordeling.verwacht),
                r.getoond_waarde,
                r.getoond_prognose,
                r.beoordeling.kleur,
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
            (r.indicator.naam, u.naam, label, getoond)
            for r in d.regels
            for u in r.uitsplitsingen
            for _code, label, getoond in u.rijen
        ],
    )
    _blad(
        wb,
        "Cofinanciering",
        ["Partner", "Toegezegd (EUR)", "Gerealiseerd (EUR)", "Uren"],
        [
            (p.organisatie.naam, float(p.toegezegd), float(p.gerealiseerd), float(p.uren))
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
