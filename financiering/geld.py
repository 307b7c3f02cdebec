"""Money of the ledger: amounts parsed from Dutch text; rounding lives in loket.geld."""

import re
from decimal import Decimal, InvalidOperation

from loket.geld import CENT, percentage, rond_af  # noqa: F401 - re-exported for the ledger

MAX_BEDRAG = Decimal("9999999999.99")  # Decimal(12, 2)

_DUIZENDTALLEN = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def parse_bedrag(waarde) -> Decimal:
    """Read an amount as people type it: 75000, 75.000, 75.000,00, € 1.500,50, 182400.5.

    Raises ValueError with a Dutch message when it is not an amount in cents.
    """
    if isinstance(waarde, bool):
        raise ValueError("Geen geldig bedrag.")
    if isinstance(waarde, int):
        bedrag = Decimal(waarde)
    elif isinstance(waarde, float):
        bedrag = Decimal(repr(waarde))
    elif isinstance(waarde, Decimal):
        bedrag = waarde
    else:
        tekst = str(waarde or "").strip().replace("€", "").replace("\u00a0", "").replace(" ", "")
        if not tekst:
            raise ValueError("Vul een bedrag in.")
        if "," in tekst:
            tekst = tekst.replace(".", "").replace(",", ".")
        elif _DUIZENDTALLEN.match(tekst):
            tekst = tekst.replace(".", "")
        try:
            bedrag = Decimal(tekst)
        except InvalidOperation:
            raise ValueError(f"'{str(waarde)[:30]}' is geen geldig bedrag.") from None
    if not bedrag.is_finite():
        raise ValueError("Geen geldig bedrag.")
    if abs(bedrag) > MAX_BEDRAG:
        raise ValueError("Het bedrag is te groot.")
    if bedrag != rond_af(bedrag):
        raise ValueError("Een bedrag heeft hoogstens 2 decimalen (centen).")
    return rond_af(bedrag)
