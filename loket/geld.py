"""Dutch numbers: the one place where amounts, hours, tariffs, scores and targets are read from what
people type, rounded, and written the way a Dutch reader expects (ADR 0025).

Reading: a decimal comma, thousands grouped with a dot (or a space): "1.234,50", "1234,50", "1234",
"€ 1.234,50", "€ 12,-". A dot is only ever a thousands separator, so "1.250" is 1250. Text a Dutch
reader could read two ways is refused with a Dutch message, never guessed at: "1,250.50", "1.25",
"12.5", and "1,250" where at most two decimals are allowed (1250 or 1,25?).

Writing: "1.234,50", money as "€ 182.400,00" (and "-€ 1.500,00"), percentages as "35,5 %".
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
MAX_BEDRAG = Decimal("9999999999.99")  # Decimal(12, 2) of the ledger
MAX_TEKENS = 40

VOORBEELD = "1.234,50"
_GROEPEN = re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})+$|^[1-9]\d{0,2}(?: \d{3})+$")
_DECIMALE_PUNT = re.compile(r"^\d+\.\d+$")
_TOEGESTAAN = re.compile(r"^[\d., ]+$")
_SPATIES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\t": " "})
_MINTEKENS = ("-", "\u2212")


class GetalFout(ValueError):
    """Text that is not a number a Dutch reader is sure of; the message is Dutch, for the user."""

    def __init__(self, bericht: str, code: str = "ongeldig"):
        super().__init__(bericht)
        self.code = code


def rond_af(bedrag: Decimal | int | str, eenheid: Decimal = CENT) -> Decimal:
    """Round half-up (ties away from zero, like PostgreSQL's ROUND on numeric) to cents."""
    return Decimal(bedrag).quantize(eenheid, rounding=ROUND_HALF_UP)


def percentage(deel: Decimal | int, geheel: Decimal | int) -> Decimal | None:
    """`deel` as a percentage of `geheel`, half-up to two decimals; None when there is no base."""
    if not geheel:
        return None
    return rond_af(Decimal(deel) * 100 / Decimal(geheel))


def _eenheid(decimalen: int) -> Decimal:
    return Decimal(1).scaleb(-decimalen)


def _te_veel_decimalen(decimalen: int) -> GetalFout:
    if decimalen == 0:
        return GetalFout("Vul een geheel getal in, zonder cijfers achter de komma.", "decimalen")
    cijfers = "cijfer" if decimalen == 1 else "cijfers"
    return GetalFout(f"Gebruik hoogstens {decimalen} {cijfers} achter de komma.", "decimalen")


def _zonder_teken_en_euro(tekst: str) -> tuple[str, str]:
    """Split off a leading minus sign and a euro sign or 'EUR' (before or after the number)."""
    teken = ""
    for _ in range(2):  # "-€ 12" and "€ -12" alike
        if tekst.startswith(_MINTEKENS) and not teken:
            teken, tekst = "-", tekst[1:].lstrip()
        for munt in ("€", "EUR", "eur"):
            if tekst.startswith(munt):
                tekst = tekst[len(munt) :].lstrip()
            if tekst.endswith(munt):
                tekst = tekst[: -len(munt)].rstrip()
    return teken, tekst


def _kan_duizendtal_zijn(heel: str, tekst: str) -> bool:
    """'1,250': an English reader's thousands, a Dutch reader's decimals."""
    return 1 <= len(heel) <= 3 and not heel.startswith("0") and "." not in tekst


def lees_getal(waarde, *, decimalen: int = 2) -> Decimal:
    """A number as a Dutch reader types it, with at most `decimalen` decimals.

    Numbers (int, Decimal; float only from spreadsheet cells) are taken as they are. Raises
    GetalFout with a Dutch message for anything else, including text that could mean two things.
    """
    if isinstance(waarde, bool) or waarde is None:
        raise GetalFout("Vul een getal in.")
    if isinstance(waarde, int):
        getal = Decimal(waarde)
    elif isinstance(waarde, float):
        getal = Decimal(repr(waarde))  # a spreadsheet cell: its shortest exact decimal form
    elif isinstance(waarde, Decimal):
        getal = waarde
    else:
        getal = _lees_tekst(str(waarde), decimalen)
    if not getal.is_finite():
        raise GetalFout("Vul een getal in.")
    try:
        afgerond = getal.quantize(_eenheid(decimalen), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than Decimal's precision: no amount is that large
        raise GetalFout("Dit getal is te groot.") from None
    if getal != afgerond:
        raise _te_veel_decimalen(decimalen)
    return afgerond


def _lees_tekst(ruw: str, decimalen: int) -> Decimal:
    tekst = ruw.translate(_SPATIES).strip()
    if not tekst:
        raise GetalFout("Vul een getal in.", "leeg")
    if len(tekst) > MAX_TEKENS:
        raise GetalFout("Dit is geen getal: te veel tekens.")
    teken, tekst = _zonder_teken_en_euro(tekst)
    if tekst.endswith((",-", ",--")):  # "€ 12,-": whole euros
        tekst = tekst.rstrip("-").rstrip(",")
    if not tekst or not _TOEGESTAAN.match(tekst) or not any(c.isdigit() for c in tekst):
        raise GetalFout(f"Dit is geen getal. Typ bijvoorbeeld {VOORBEELD}.")
    if tekst.count(",") > 1:
        raise GetalFout(
            "Er staat meer dan één komma in. Gebruik de komma alleen voor de decimalen, "
            f"bijvoorbeeld {VOORBEELD}."
        )
    heel, komma, decimaal = tekst.partition(",")
    heel = heel.strip()
    if " " in decimaal.strip():
        raise GetalFout(f"Na de komma horen alleen cijfers. Typ bijvoorbeeld {VOORBEELD}.")
    if "." in decimaal:
        raise GetalFout(
            "Punt en komma staan verkeerd om: gebruik de komma voor de decimalen en de punt "
            f"alleen tussen duizendtallen, bijvoorbeeld {VOORBEELD}."
        )
    decimaal = decimaal.strip()
    if "." in heel or " " in heel:
        if _GROEPEN.match(heel):
            heel = heel.replace(".", "").replace(" ", "")
        elif not komma and _DECIMALE_PUNT.match(heel):
            voor, achter = heel.split(".")
            raise GetalFout(
                f"Gebruik een komma voor de decimalen: typ {voor},{achter}. Een punt staat in een "
                "Nederlands getal alleen tussen duizendtallen (1.250 is duizendtweehonderdvijftig)."
            )
        else:
            raise GetalFout(
                "Zet punten alleen tussen groepen van drie cijfers (duizendtallen), "
                f"bijvoorbeeld {VOORBEELD}."
            )
    if komma and len(decimaal) == 3 and decimalen < 3 and _kan_duizendtal_zijn(heel, tekst):
        decimaal_gelezen = f"{heel},{decimaal.rstrip('0')}".rstrip(",")
        raise GetalFout(
            f"'{heel},{decimaal}' kan twee dingen betekenen: {heel}.{decimaal} of "
            f"{decimaal_gelezen}. Schrijf duizendtallen met een punt en decimalen met een komma.",
            "dubbelzinnig",
        )
    if komma and not decimaal:
        raise GetalFout(f"Na de komma ontbreken de cijfers. Typ bijvoorbeeld {VOORBEELD}.")
    if len(decimaal) > decimalen:
        raise _te_veel_decimalen(decimalen)
    try:
        return Decimal(f"{teken}{heel or '0'}.{decimaal or '0'}")
    except InvalidOperation:  # pragma: no cover - the patterns above admit only digits
        raise GetalFout(f"Dit is geen getal. Typ bijvoorbeeld {VOORBEELD}.") from None


def lees_bedrag(waarde) -> Decimal:
    """An amount in euros, in cents; raises GetalFout (a ValueError) with a Dutch message."""
    try:
        bedrag = lees_getal(waarde, decimalen=2)
    except GetalFout as fout:
        if fout.code == "decimalen":
            raise GetalFout("Een bedrag heeft hoogstens 2 decimalen (centen).", fout.code) from None
        if fout.code == "leeg":
            raise GetalFout("Vul een bedrag in.", fout.code) from None
        raise
    if abs(bedrag) > MAX_BEDRAG:
        raise GetalFout("Het bedrag is te groot.")
    return bedrag


def getal(waarde, decimalen: int = 2, *, groeperen: bool = True, nullen_weg: bool = False) -> str:
    """1.234,50: a decimal comma, thousands grouped with a dot, half-up to `decimalen`.

    `nullen_weg` drops trailing zeros after the comma (7,50 -> 7,5; 400,00 -> 400)."""
    afgerond = rond_af(Decimal(waarde), _eenheid(decimalen))
    teken = "-" if afgerond < 0 else ""
    heel, _, decimaal = f"{abs(afgerond):.{decimalen}f}".partition(".")
    if groeperen:
        heel = f"{int(heel):,}".replace(",", ".")
    if nullen_weg:
        decimaal = decimaal.rstrip("0")
    return teken + heel + (f",{decimaal}" if decimaal else "")


def als_euro(bedrag) -> str:
    """€ 182.400,00 (and -€ 1.500,00)."""
    bedrag = rond_af(bedrag)
    teken = "-" if bedrag < 0 else ""
    return f"{teken}€ {getal(abs(bedrag), 2)}"


def als_procent(waarde, decimalen: int = 1) -> str:
    """35,5 % (a percentage already multiplied by 100)."""
    return f"{getal(waarde, decimalen)} %"
