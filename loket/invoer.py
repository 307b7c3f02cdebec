"""Robust reading of values from query strings and hidden form fields.

`str.isdigit()` and `int()` accept more than an id: "²".isdigit() is True and int() then fails,
int("٣") is 3, and 99999999999999999999 overflows PostgreSQL's bigint. These helpers accept only
what a link of our own would contain and return None (or the default) for anything else.
"""

import re

GROOTSTE_ID = 2**63 - 1  # PostgreSQL bigint
_ASCII_GETAL = re.compile(r"[0-9]{1,19}")


def als_id(waarde: object) -> int | None:
    """A primary key from user input: ASCII digits within bigint, else None."""
    tekst = str(waarde or "").strip()
    if not _ASCII_GETAL.fullmatch(tekst):
        return None
    getal = int(tekst)
    return getal if 0 < getal <= GROOTSTE_ID else None


def als_geheel(waarde: object, standaard: int, laag: int, hoog: int) -> int:
    """A whole number within [laag, hoog] from user input, else `standaard`."""
    tekst = str(waarde if waarde is not None else "").strip()
    teken = -1 if tekst.startswith("-") else 1
    tekst = tekst.removeprefix("-")
    if not _ASCII_GETAL.fullmatch(tekst):
        return standaard
    getal = teken * int(tekst)
    return getal if laag <= getal <= hoog else standaard
