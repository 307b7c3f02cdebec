"""Money: the one place where amounts are rounded (half-up to cents) and formatted the Dutch way.
The ledger (financiering) and the templates' |euro filter both use it."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def rond_af(bedrag: Decimal | int | str, eenheid: Decimal = CENT) -> Decimal:
    """Round half-up (ties away from zero, like PostgreSQL's ROUND on numeric) to cents."""
    return Decimal(bedrag).quantize(eenheid, rounding=ROUND_HALF_UP)


def percentage(deel: Decimal, geheel: Decimal) -> Decimal | None:
    """`deel` as a percentage of `geheel`, half-up to two decimals; None when there is no base."""
    if not geheel:
        return None
    return rond_af(Decimal(deel) * 100 / Decimal(geheel))


def als_euro(bedrag) -> str:
    """€ 182.400,00 (and -€ 1.500,00)."""
    bedrag = rond_af(bedrag)
    teken = "-" if bedrag < 0 else ""
    heel, cent = f"{abs(bedrag):.2f}".split(".")
    return f"{teken}€ " + f"{int(heel):,}".replace(",", ".") + f",{cent}"
