"""Text for spreadsheet cells (xlsx and CSV) that a spreadsheet program will not run as a formula."""

# A cell starting with one of these is read as a formula (or DDE command) by Excel and LibreOffice.
FORMULETEKENS = ("=", "+", "-", "@", "\t", "\r")


def veilige_tekst(waarde) -> str:
    """Free text for a spreadsheet cell, with a leading apostrophe when it could start a formula
    (CSV/formula injection, OWASP). Numbers belong in numeric cells and never pass through here."""
    tekst = "" if waarde is None else str(waarde)
    return f"'{tekst}" if tekst.startswith(FORMULETEKENS) else tekst
