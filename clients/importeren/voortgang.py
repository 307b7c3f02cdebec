"""Progress messages of a long import (the management command prints them)."""

from collections.abc import Callable

from loket.geld import getal as _nl_getal

VOORTGANG_PER = 10_000
# Receives one line of progress text.
Melding = Callable[[str], None]


def geen_melding(_tekst: str) -> None:
    pass


def getal(n: int) -> str:
    """1.234.567: thousands separated with dots, as a Dutch reader expects (loket.geld formats)."""
    return _nl_getal(n, 0)
