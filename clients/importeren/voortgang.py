"""Progress messages of a long import (the management command prints them)."""

VOORTGANG_PER = 10_000


def geen_melding(_tekst: str) -> None:
    pass


def getal(n: int) -> str:
    """1.234.567: thousands separated with dots, as a Dutch reader expects."""
    return f"{n:,}".replace(",", ".")
