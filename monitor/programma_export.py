"""The programme's figures as an xlsx workbook, from the same Programmacijfers as the page (so
protected exactly as shown): numeric cells with number formats, a hidden count as its mark
('< 5' or '•') in text, rows in the order sorted on the page, every text cell formula-safe."""

import io
from decimal import Decimal
from typing import cast

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from loket.models import Regio
from loket.spreadsheet import veilig_werkboek

from .constants import Eenheid
from .export import DATUM, _blad, _cel
from .programma import Programmacijfers


def _mediaan(waarde, eenheid: str) -> tuple[object, str | None]:
    if waarde is None:
        return None, None
    if eenheid == Eenheid.AANTAL:
        return Decimal(waarde), "#,##0.0"
    return _cel(waarde, eenheid)


def programma_xlsx(
    p: Programmacijfers, regio: Regio | None, sorteer: str = "loket", richting: str = "op"
) -> bytes:
    wb = Workbook()
    wb.remove(cast(Worksheet, wb.active))
    _blad(
        wb,
        "Programma",
        ["Loketten", "Periode", "Van", "Tot en met", "Legenda", "Mediaan"],
        [
            (
                regio.naam if regio else "Alle loketten",
                p.periode.label,
                (p.periode.van, DATUM),
                (p.periode.tot, DATUM),
                p.legenda,
                "Over de getoonde waarden van de loketten; afgeschermde waarden tellen niet mee.",
            )
        ],
    )
    indicatoren = p.indicatoren
    rijen: list[tuple] = [
        (
            rij.loket.code,
            rij.loket.naam,
            *(_cel(rij.waarden[i.code], i.eenheid) for i in indicatoren),
        )
        for rij in p.gesorteerd(sorteer, richting)
    ]
    rijen.append(
        (
            "TOTAAL",
            "Totaal landelijk" if p.landelijk else "Totaal (som van de getoonde cellen)",
            *(_cel(p.totaal[i.code], i.eenheid) for i in indicatoren),
        )
    )
    rijen.append(
        ("MEDIAAN", "Mediaan", *(_mediaan(p.mediaan[i.code], i.eenheid) for i in indicatoren))
    )
    _blad(wb, "Loketten", ["Code", "Loket", *(i.code for i in indicatoren)], rijen)
    _blad(
        wb,
        "Doelstellingen",
        ["Loket", "Indicator", "Streefwaarde", "Streefdatum", "Stand", "Stoplicht"],
        [
            (
                rij.loket.code,
                d.indicator.naam,
                _cel(d.doelstelling.streefwaarde, d.indicator.eenheid),
                (d.doelstelling.einddatum, DATUM),
                _cel(d.stand, d.indicator.eenheid),
                str(d.beoordeling.kleur_label),
            )
            for rij in p.rijen
            for d in rij.doelen
        ],
    )
    _blad(
        wb,
        "Cofinancieringsnorm",
        ["Loket", "Norm gehaald"],
        [(rij.loket.code, rij.norm_toelichting) for rij in p.rijen],
    )
    telbaar = [i for i in indicatoren if i.is_aantal]
    _blad(
        wb,
        "Per kwartaal",
        ["Kwartaal", *(i.code for i in telbaar)],
        [
            (q.label, *(_cel(p.trend[i.code][k]) for i in telbaar))
            for k, q in enumerate(p.kwartalen)
        ],
    )
    _blad(
        wb,
        "Definities",
        ["Code", "Indicator", "Definitie"],
        [(i.code, i.naam, i.definitie) for i in indicatoren],
    )
    veilig_werkboek(wb)  # loket names typed by users: never a live formula
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
