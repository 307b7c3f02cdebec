"""The duplicate rule of the import: a row that matches one of the loket's clients or an earlier
row of the file (same name and birth date, or same e-mail) is not imported. The rule is
selectors.mogelijke_dubbelen's, applied to a whole file with one query."""

import datetime

from django.db.models import F
from django.db.models.functions import Concat

from loket.models import Loket

from ..selectors import compacte_tekst, compacte_waarde, klanten_van
from .rijen import Fout, Rij

# First name and surname without case and spaces, and the birth date.
Naamsleutel = tuple[str, str, datetime.date | None]


def naam_sleutel(
    voornaam: str, tussenvoegsel: str, achternaam: str, geboortedatum: datetime.date | None
) -> Naamsleutel:
    """selectors.mogelijke_dubbelen's rule: case and spaces ignored, tussenvoegsel folded in."""
    return compacte_tekst(voornaam), compacte_tekst(tussenvoegsel + achternaam), geboortedatum


def bestaande_sleutels(loket: Loket) -> tuple[dict[Naamsleutel, str], dict[str, str]]:
    """The loket's clients by name key and by e-mail, in one query (the same expressions as
    selectors.mogelijke_dubbelen)."""
    namen: dict[Naamsleutel, str] = {}
    emails: dict[str, str] = {}
    rijen = (
        klanten_van(loket)
        .filter(geanonimiseerd_op__isnull=True)
        .annotate(
            compacte_voornaam=compacte_waarde(F("voornaam")),
            compacte_achternaam=compacte_waarde(Concat("tussenvoegsel", "achternaam")),
        )
        .values_list(
            "compacte_voornaam", "compacte_achternaam", "geboortedatum", "email", "klantnummer"
        )
    )
    for voornaam, achternaam, geboortedatum, email, klantnummer in rijen:
        if geboortedatum:
            namen[(voornaam, achternaam, geboortedatum)] = klantnummer
        if email:
            emails[email] = klantnummer
    return namen, emails


def zoek_dubbelen(
    rijen: list[Rij], namen: dict[Naamsleutel, str], emails: dict[str, str]
) -> tuple[list[Rij], list[Fout]]:
    """Drop rows that match an existing client or an earlier row of the file."""
    goed: list[Rij] = []
    fouten: list[Fout] = []
    in_bestand_naam: dict[Naamsleutel, int] = {}
    in_bestand_email: dict[str, int] = {}
    for rij in rijen:
        k = rij.klant
        sleutel = naam_sleutel(
            k["voornaam"], k["tussenvoegsel"], k["achternaam"], k["geboortedatum"]
        )
        email = k["email"]
        melding = None
        if sleutel in namen:
            melding = ("naam/geboortedatum", f"deze klant bestaat al ({namen[sleutel]}).")
        elif email and email in emails:
            melding = ("email", f"een klant met dit e-mailadres bestaat al ({emails[email]}).")
        elif sleutel in in_bestand_naam:
            melding = (
                "naam/geboortedatum",
                f"dubbel: dezelfde naam en geboortedatum als rij {in_bestand_naam[sleutel]}.",
            )
        elif email and email in in_bestand_email:
            melding = ("email", f"dubbel: hetzelfde e-mailadres als rij {in_bestand_email[email]}.")
        in_bestand_naam.setdefault(sleutel, rij.nummer)
        if email:
            in_bestand_email.setdefault(email, rij.nummer)
        if melding:
            fouten.append(Fout(rij.nummer, *melding))
        else:
            goed.append(rij)
    return goed, fouten
