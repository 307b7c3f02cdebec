"""Import of a year budget from the xlsx/csv template. Every row is checked first; one bad row means
nothing is booked, and each error names its row number as the user sees it in Excel."""

import csv
import io
import itertools
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from loket.geld import lees_bedrag
from loket.models import Loket, Organisatie
from loket.spreadsheet import veilig_werkboek

from .constants import Financieringssoort, Kostencategorie, Vorm
from .models import Begroting
from .services import Begrotingsregel

KOLOMMEN = ["Kant", "Naam", "Categorie of soort", "Partner", "Vorm", "Bedrag"]
MAX_REGELS = 500
# A budget of 500 rows is about 20 kB unpacked. Far above that is a decompression bomb (a small
# xlsx that unpacks to gigabytes): refused from the zip directory and a bounded read, before
# openpyxl parses anything.
MAX_UITGEPAKT = 5 * 1024 * 1024
MAX_ONDERDELEN = 100
TE_GROOT = (
    "Het bestand is uitgepakt te groot voor een begroting (meer dan 5 MB). "
    "Gebruik het sjabloon, met hoogstens 500 regels."
)

VOORBEELD = [
    ["kosten", "Loonkosten UWV (1,2 fte)", "loonkosten", "", "", "75.000"],
    ["kosten", "Materiële kosten (communicatie)", "materiële kosten", "", "", "35.000"],
    ["financiering", "Rijksbijdrage SZW", "rijksbijdrage", "", "cash", "182.400"],
    ["financiering", "Cofinanciering UWV", "cofinanciering", "UWV", "in natura", "12.500"],
]


@dataclass
class Importfout:
    regel: int
    melding: str

    def __str__(self):
        return f"Regel {self.regel}: {self.melding}"


def _keuze(waarde: str, choices) -> str | None:
    """A TextChoices value by its code or its Dutch label, case-insensitive."""
    tekst = waarde.strip().lower()
    for code, label in choices:
        if tekst in (code.lower(), str(label).lower(), code.lower().replace("_", " ")):
            return code
    return None


def controleer_uitgepakte_grootte(inhoud: bytes, maximum: int = MAX_UITGEPAKT) -> None:
    """Refuse a zip (xlsx) whose parts unpack to more than `maximum` bytes: first by the sizes the
    zip directory declares, then by reading every part in chunks and counting what really comes
    out (a forged directory cannot make the read unbounded: it stops at the limit)."""
    try:
        archief = zipfile.ZipFile(io.BytesIO(inhoud))
    except (zipfile.BadZipFile, OSError) as exc:
        raise ValueError("Het bestand kan niet worden gelezen. Gebruik het sjabloon.") from exc
    with archief:
        onderdelen = archief.infolist()
        if len(onderdelen) > MAX_ONDERDELEN:
            raise ValueError("Het bestand bevat te veel onderdelen voor een begroting.")
        if sum(o.file_size for o in onderdelen) > maximum:
            raise ValueError(TE_GROOT)
        gelezen = 0
        for onderdeel in onderdelen:
            with archief.open(onderdeel) as stroom:
                while blok := stroom.read(64 * 1024):
                    gelezen += len(blok)
                    if gelezen > maximum:
                        raise ValueError(TE_GROOT)


def _rijen_xlsx(inhoud: bytes) -> list[list]:
    controleer_uitgepakte_grootte(inhoud)
    boek = load_workbook(io.BytesIO(inhoud), read_only=True, data_only=True)
    blad = boek.worksheets[0]
    # The sheet's declared size (its <dimension>), before any row is read.
    if (blad.max_row or 0) > MAX_REGELS + 1:
        boek.close()
        raise ValueError(f"Het bestand heeft meer dan {MAX_REGELS} regels.")
    rijen = [list(rij) for rij in blad.iter_rows(values_only=True, max_row=MAX_REGELS + 2)]
    boek.close()
    return rijen


def _rijen_csv(inhoud: bytes) -> list[list]:
    try:
        tekst = inhoud.decode("utf-8-sig")
    except UnicodeDecodeError:
        tekst = inhoud.decode("cp1252", errors="replace")
    if "\x00" in tekst:
        # PostgreSQL cannot store a NUL byte in text; a CSV with one is not a budget export.
        raise ValueError(
            "Het bestand bevat een ongeldig teken (een nul-teken). Sla het opnieuw op als CSV "
            "of gebruik het xlsx-sjabloon."
        )
    eerste = tekst.split("\n", 1)[0]
    scheiding = ";" if eerste.count(";") >= eerste.count(",") else ","
    return list(
        itertools.islice(csv.reader(io.StringIO(tekst), delimiter=scheiding), MAX_REGELS + 2)
    )


def lees_bestand(naam: str, inhoud: bytes) -> list[list]:
    """The file's rows as lists of cells. Raises ValueError when it cannot be read."""
    try:
        if naam.lower().endswith(".xlsx"):
            return _rijen_xlsx(inhoud)
        return _rijen_csv(inhoud)
    except ValueError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ValueError("Het bestand kan niet worden gelezen. Gebruik het sjabloon.") from exc


def controleer_regels(
    rijen: list[list], loket: Loket, begroting: Begroting | None
) -> tuple[list[Begrotingsregel], list[Importfout]]:
    """Validate every row; returns the good rows and the errors (with Excel row numbers)."""
    fouten: list[Importfout] = []
    regels: list[Begrotingsregel] = []
    if not rijen:
        return [], [Importfout(1, "Het bestand is leeg.")]
    kop = [str(c or "").strip().lower() for c in rijen[0]]
    if kop[: len(KOLOMMEN)] != [k.lower() for k in KOLOMMEN]:
        return [], [Importfout(1, f"De kopregel moet zijn: {', '.join(KOLOMMEN)}.")]
    if len(rijen) > MAX_REGELS + 1:
        return [], [Importfout(MAX_REGELS + 2, f"Meer dan {MAX_REGELS} regels.")]
    partners = {o.naam.lower(): o for o in Organisatie.objects.voor_loket(loket)}
    bestaand = set()
    if begroting is not None:
        bestaand |= {
            ("kosten", n.lower()) for n in begroting.kostenposten.values_list("naam", flat=True)
        }
        bestaand |= {
            ("financiering", n.lower())
            for n in begroting.financieringsbronnen.values_list("naam", flat=True)
        }
    gezien: set[tuple[str, str]] = set()
    for nummer, rij in enumerate(rijen[1:], start=2):
        cellen = [("" if c is None else c) for c in list(rij) + [None] * len(KOLOMMEN)]
        if all(str(c).strip() == "" for c in cellen[: len(KOLOMMEN)]):
            continue
        kant_ruw, naam, soort_ruw, partner_ruw, vorm_ruw, bedrag_ruw = cellen[: len(KOLOMMEN)]
        if any("\x00" in str(c) for c in cellen[: len(KOLOMMEN)]):
            fouten.append(Importfout(nummer, "De regel bevat een ongeldig teken (een nul-teken)."))
            continue
        kant = str(kant_ruw).strip().lower()
        naam = str(naam).strip()
        meldingen = []
        if kant not in ("kosten", "financiering"):
            meldingen.append("Kant is 'kosten' of 'financiering'.")
        if not naam:
            meldingen.append("Vul de naam van de regel in.")
        elif len(naam) > 160:
            meldingen.append("De naam is langer dan 160 tekens.")
        elif (kant, naam.lower()) in gezien:
            meldingen.append(f"'{naam}' staat twee keer in het bestand.")
        elif (kant, naam.lower()) in bestaand:
            meldingen.append(f"'{naam}' staat al in de begroting.")
        gezien.add((kant, naam.lower()))
        bedrag: Decimal | None
        try:
            bedrag = lees_bedrag(bedrag_ruw)
            if bedrag <= 0:
                meldingen.append("Het bedrag is groter dan nul.")
        except ValueError as exc:
            bedrag = None
            meldingen.append(str(exc))
        soort: str | None = ""
        vorm: str | None = Vorm.CASH
        organisatie = None
        if kant == "kosten":
            soort = _keuze(str(soort_ruw), Kostencategorie.choices)
            if soort is None:
                meldingen.append(
                    "Onbekende categorie; kies uit: "
                    + ", ".join(str(label).lower() for _, label in Kostencategorie.choices)
                    + "."
                )
        elif kant == "financiering":
            soort = _keuze(str(soort_ruw), Financieringssoort.choices)
            if soort is None:
                meldingen.append("Onbekende soort; kies rijksbijdrage, subsidie of cofinanciering.")
            vorm = _keuze(str(vorm_ruw), Vorm.choices) if str(vorm_ruw).strip() else Vorm.CASH
            if vorm is None:
                meldingen.append("Vorm is 'cash' of 'in natura'.")
            partner = str(partner_ruw).strip()
            if partner:
                organisatie = partners.get(partner.lower())
                if organisatie is None:
                    meldingen.append(f"Partner '{partner[:60]}' is niet bekend bij dit loket.")
            elif soort == Financieringssoort.COFINANCIERING:
                meldingen.append("Vul bij cofinanciering de partner in.")
        if meldingen:
            fouten.extend(Importfout(nummer, m) for m in meldingen)
            continue
        # Without a message every value was read: none of them is None here.
        assert bedrag is not None and soort is not None and vorm is not None
        regels.append(
            Begrotingsregel(
                regelnummer=nummer,
                kant=kant,
                naam=naam,
                soort=soort,
                bedrag=bedrag,
                organisatie=organisatie,
                vorm=vorm,
            )
        )
    if not regels and not fouten:
        fouten.append(Importfout(2, "Het bestand bevat geen begrotingsregels."))
    return regels, fouten


def sjabloon_xlsx() -> bytes:
    boek = Workbook()
    blad = cast(Worksheet, boek.active)
    blad.title = "Begroting"
    blad.append(KOLOMMEN)
    for rij in VOORBEELD:
        blad.append(rij)
    for kolom, breedte in zip("ABCDEF", (14, 40, 22, 28, 12, 14), strict=True):
        blad.column_dimensions[kolom].width = breedte
    veilig_werkboek(boek)  # like every export, although the template holds only our own text
    uitvoer = io.BytesIO()
    boek.save(uitvoer)
    return uitvoer.getvalue()
