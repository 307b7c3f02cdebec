"""Reading the CSV file: UTF-8 with or without BOM, ';' or ',' as separator, a header row of
known column names."""

import csv
import io

from loket.fouten import DomeinFout

KOLOMMEN = (
    "voornaam",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "postcode",
    "woongemeente",
    "telefoon",
    "email",
    "doelgroep",
    "opleidingsniveau",
    "startkwalificatie",
    "intakedatum",
    "kanaal",
    "hoofddoel",
    "verwijzer",
    "werkcoach",
    "toestemming_delen",
    "toestemming_datum",
    "notities",
)
VERPLICHTE_KOLOMMEN = (
    "voornaam",
    "achternaam",
    "geboortedatum",
    "doelgroep",
    "opleidingsniveau",
    "intakedatum",
    "kanaal",
    "hoofddoel",
    "verwijzer",
)


class BestandOnleesbaar(DomeinFout):
    """The file as a whole cannot be read (encoding, header); the message is Dutch."""


def lees_csv(inhoud: bytes) -> tuple[list[str], list[list[str]]]:
    """UTF-8 with or without BOM; ';' or ',' as separator, whichever the header row uses."""
    try:
        tekst = inhoud.decode("utf-8-sig")
    except UnicodeDecodeError as fout:
        regel = inhoud[: fout.start].count(b"\n") + 1
        raise BestandOnleesbaar(
            f"Het bestand is geen UTF-8 (regel {regel}). Sla het in Excel op als "
            "'CSV UTF-8 (door komma's gescheiden)'."
        ) from fout
    kopregel = tekst.split("\n", 1)[0]
    scheiding = ";" if kopregel.count(";") >= kopregel.count(",") else ","
    regels = list(csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding))
    if not regels:
        raise BestandOnleesbaar("Het bestand is leeg.")
    kop = [k.strip().lower() for k in regels[0]]
    _controleer_kop(kop)
    return kop, regels[1:]


def _controleer_kop(kop: list[str]) -> None:
    onbekend = [k for k in kop if k and k not in KOLOMMEN]
    ontbreekt = [k for k in VERPLICHTE_KOLOMMEN if k not in kop]
    dubbel = sorted({k for k in kop if k and kop.count(k) > 1})
    meldingen = []
    if onbekend:
        meldingen.append("onbekende kolom(men): " + ", ".join(onbekend))
    if ontbreekt:
        meldingen.append("verplichte kolom(men) ontbreken: " + ", ".join(ontbreekt))
    if dubbel:
        meldingen.append("kolom(men) staan er dubbel in: " + ", ".join(dubbel))
    if meldingen:
        raise BestandOnleesbaar(
            "De kopregel klopt niet: "
            + "; ".join(meldingen)
            + ". Toegestane kolommen: "
            + ", ".join(KOLOMMEN)
            + "."
        )
