"""Checking one row of the file with the intake's domain rules (clients/intakeregels.py: the same
rules as the forms). Every error of a row is reported, by row and column, so a user fixes a row
once."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, validate_email
from django.db.models import Model
from django.utils import timezone

from loket.instellingen import instelling
from loket.models import Gemeente, Loket, User

from ..constants import Doelgroep, Hoofddoel, Kanaal, Opleidingsniveau, Verwijzer
from ..intakeregels import (
    controleer_bereikbaar,
    controleer_geboortedatum,
    niet_in_toekomst,
    startkwalificatie_bij,
    toestemming_datum_bij,
    werkcoaches_van,
)
from ..models import Intake, Klant
from ..validators import normaliseer_postcode, normaliseer_telefoon, validate_geen_bsn
from .bestand import KOLOMMEN
from .cellen import keuzelijst, lees_datum, lees_ja_nee
from .voortgang import VOORTGANG_PER, Melding, getal

# A check of one column: takes the stripped cell text, returns the value or raises ValidationError.
Controle = Callable[[str], object]


@dataclass(frozen=True)
class Fout:
    rij: int  # as a spreadsheet numbers it: the header is row 1
    kolom: str
    melding: str

    def __str__(self) -> str:
        return f"Rij {self.rij}, {self.kolom}: {self.melding}"


@dataclass
class Rij:
    """One validated row: the client's and the intake's column values, ready for COPY."""

    nummer: int
    klant: dict[str, Any]
    intake: dict[str, Any]


def _maximaal(model: type[Model], veld: str) -> MaxLengthValidator:
    """The model's own max_length, with Django's Dutch message."""
    lengte = getattr(model._meta.get_field(veld), "max_length", None)
    assert lengte is not None, f"{model.__name__}.{veld} has no max_length"
    return MaxLengthValidator(lengte)


class Regels:
    """Everything a row is checked against, fetched once per import (a few queries in all)."""

    def __init__(self, loket: Loket, door: User | None):
        self.loket = loket
        self.door = door
        self.vandaag = timezone.localdate()
        self.bewaartermijn_jaren: int = instelling(loket, "bewaartermijn_jaren")
        self.gemeenten: dict[str, int] = {}
        for pk, naam, cbs in Gemeente.objects.filter(regio_id=loket.regio_id).values_list(
            "pk", "naam", "cbs_code"
        ):
            self.gemeenten[naam.lower()] = pk
            self.gemeenten[cbs.lower()] = pk
        self.werkcoaches = {
            naam.lower(): pk for naam, pk in werkcoaches_van(loket).values_list("username", "pk")
        }
        self.keuzes = {
            "doelgroep": keuzelijst(Doelgroep),
            "opleidingsniveau": keuzelijst(Opleidingsniveau),
            "kanaal": keuzelijst(Kanaal),
            "hoofddoel": keuzelijst(Hoofddoel),
            "verwijzer": keuzelijst(Verwijzer),
        }
        self.lengte = {
            "voornaam": _maximaal(Klant, "voornaam"),
            "tussenvoegsel": _maximaal(Klant, "tussenvoegsel"),
            "achternaam": _maximaal(Klant, "achternaam"),
            "email": _maximaal(Klant, "email"),
            "notities": _maximaal(Intake, "notities"),
        }

    # Each check takes the stripped text and returns the value to store or raises ValidationError.

    def tekst(self, kolom: str, verplicht: bool = False) -> Callable[[str], str]:
        def controleer(tekst: str) -> str:
            if verplicht and not tekst:
                raise ValidationError("Dit veld is verplicht.")
            self.lengte[kolom](tekst)
            return tekst

        return controleer

    def keuze(self, kolom: str) -> Callable[[str], str]:
        def controleer(tekst: str) -> str:
            if not tekst:
                raise ValidationError("Dit veld is verplicht.")
            try:
                return self.keuzes[kolom][tekst.lower()]
            except KeyError:
                raise ValidationError(
                    f"'{tekst}' is geen geldige keuze. Kies uit: "
                    + ", ".join(sorted(set(self.keuzes[kolom].values())))
                    + "."
                ) from None

        return controleer

    def tussenvoegsel(self, tekst: str) -> str:
        self.lengte["tussenvoegsel"](tekst)
        return tekst.lower()

    def geboortedatum(self, tekst: str) -> datetime.date:
        if not tekst:
            raise ValidationError("Dit veld is verplicht.")
        return controleer_geboortedatum(lees_datum(tekst), self.vandaag)

    def intakedatum(self, tekst: str) -> datetime.date:
        """Unlike the form (at most a year back: a typing error), an import brings history: any
        date within the retention period. Older intakes would be anonymised the next night, so
        they are refused here instead of imported."""
        if not tekst:
            raise ValidationError("Dit veld is verplicht.")
        datum = lees_datum(tekst)
        niet_in_toekomst(datum, "datum van de intake", self.vandaag)
        jaren = self.bewaartermijn_jaren
        if datum < self.vandaag - relativedelta(years=jaren):
            raise ValidationError(
                f"De datum van de intake ligt voor de bewaartermijn van {jaren} jaar; zulke "
                "gegevens worden niet meer bewaard."
            )
        return datum

    def toestemming_datum(self, tekst: str) -> datetime.date | None:
        if not tekst:
            return None
        datum = lees_datum(tekst)
        niet_in_toekomst(datum, "datum van de toestemming", self.vandaag)
        return datum

    def postcode(self, tekst: str) -> str:
        return normaliseer_postcode(tekst) if tekst else ""

    def telefoon(self, tekst: str) -> str:
        return normaliseer_telefoon(tekst) if tekst else ""

    def email(self, tekst: str) -> str:
        if not tekst:
            return ""
        validate_email(tekst)
        self.lengte["email"](tekst)
        return tekst.lower()

    def woongemeente(self, tekst: str) -> int | None:
        if not tekst:
            return None
        try:
            return self.gemeenten[tekst.lower()]
        except KeyError:
            raise ValidationError(
                f"'{tekst}' is geen gemeente in de regio van dit loket (naam of CBS-code)."
            ) from None

    def werkcoach(self, tekst: str) -> int:
        if not tekst:
            if self.door is not None and self.door.username.lower() in self.werkcoaches:
                return self.door.pk
            raise ValidationError("Vul de gebruikersnaam van de werkcoach in.")
        try:
            return self.werkcoaches[tekst.lower()]
        except KeyError:
            raise ValidationError(
                f"'{tekst}' is geen actieve werkcoach of projectleider van dit loket."
            ) from None

    def notities(self, tekst: str) -> str:
        self.lengte["notities"](tekst)
        validate_geen_bsn(tekst)
        return tekst


def _controles(regels: Regels) -> dict[str, Controle]:
    return {
        "voornaam": regels.tekst("voornaam", verplicht=True),
        "tussenvoegsel": regels.tussenvoegsel,
        "achternaam": regels.tekst("achternaam", verplicht=True),
        "geboortedatum": regels.geboortedatum,
        "postcode": regels.postcode,
        "woongemeente": regels.woongemeente,
        "telefoon": regels.telefoon,
        "email": regels.email,
        "doelgroep": regels.keuze("doelgroep"),
        "opleidingsniveau": regels.keuze("opleidingsniveau"),
        "startkwalificatie": lees_ja_nee,
        "intakedatum": regels.intakedatum,
        "kanaal": regels.keuze("kanaal"),
        "hoofddoel": regels.keuze("hoofddoel"),
        "verwijzer": regels.keuze("verwijzer"),
        "werkcoach": regels.werkcoach,
        "toestemming_delen": lees_ja_nee,
        "toestemming_datum": regels.toestemming_datum,
        "notities": regels.notities,
    }


def _meldingen(fout: ValidationError) -> str:
    return " ".join(fout.messages)


def controleer_rij(
    nummer: int, cellen: list[str], kop: list[str], controles: dict[str, Controle]
) -> tuple[Rij | None, list[Fout]]:
    """Check one row with the form's rules; returns the cleaned row or the row's errors (all of
    them, so a user fixes a row once)."""
    if len(cellen) > len(kop) and any(c.strip() for c in cellen[len(kop) :]):
        return None, [Fout(nummer, "rij", f"{len(cellen)} waarden, maar {len(kop)} kolommen.")]
    ruw = dict.fromkeys(KOLOMMEN, "")
    for kolom, cel in zip(kop, cellen, strict=False):
        if kolom:
            ruw[kolom] = cel.strip()
    schoon: dict[str, Any] = {}
    fouten: list[Fout] = []
    for kolom, controleer in controles.items():
        try:
            schoon[kolom] = controleer(ruw[kolom])
        except ValidationError as fout:
            fouten.append(Fout(nummer, kolom, _meldingen(fout)))
    _controleer_samen(nummer, schoon, fouten)
    if fouten:
        return None, fouten
    return _rij(nummer, schoon), []


def _controleer_samen(nummer: int, schoon: dict[str, Any], fouten: list[Fout]) -> None:
    """The form's rules across fields (KlantForm.clean and IntakeForm.clean)."""
    if "opleidingsniveau" in schoon and "startkwalificatie" in schoon:
        try:
            schoon["startkwalificatie"] = startkwalificatie_bij(
                schoon["opleidingsniveau"], schoon["startkwalificatie"]
            )
        except ValidationError as fout:
            fouten.append(Fout(nummer, "startkwalificatie", _meldingen(fout)))
    if "telefoon" in schoon and "email" in schoon:
        try:
            controleer_bereikbaar(schoon["telefoon"], schoon["email"])
        except ValidationError as fout:
            fouten.append(Fout(nummer, "telefoon/email", _meldingen(fout)))
    schoon["toestemming_datum"] = toestemming_datum_bij(
        schoon.get("toestemming_delen", False),
        schoon.get("toestemming_datum"),
        schoon.get("intakedatum"),
    )


def _rij(nummer: int, schoon: dict[str, Any]) -> Rij:
    klant = {
        k: schoon[k]
        for k in (
            "voornaam",
            "tussenvoegsel",
            "achternaam",
            "geboortedatum",
            "postcode",
            "telefoon",
            "email",
            "doelgroep",
            "opleidingsniveau",
            "startkwalificatie",
        )
    }
    klant["woongemeente_id"] = schoon["woongemeente"]
    klant["laatste_activiteit"] = schoon["intakedatum"]
    intake = {
        "datum": schoon["intakedatum"],
        "kanaal": schoon["kanaal"],
        "hoofddoel": schoon["hoofddoel"],
        "verwijzer": schoon["verwijzer"],
        "werkcoach_id": schoon["werkcoach"],
        "toestemming_delen": schoon["toestemming_delen"],
        "toestemming_datum": schoon["toestemming_datum"],
        "notities": schoon["notities"],
    }
    return Rij(nummer, klant, intake)


def controleer_rijen(
    kop: list[str], regels_csv: list[list[str]], regels: Regels, melding: Melding
) -> tuple[list[Rij], list[Fout]]:
    controles = _controles(regels)
    goed: list[Rij] = []
    fouten: list[Fout] = []
    for index, cellen in enumerate(regels_csv):
        if not any(c.strip() for c in cellen):
            continue  # Excel leaves empty lines at the end
        rij, rij_fouten = controleer_rij(index + 2, cellen, kop, controles)
        if rij:
            goed.append(rij)
        fouten.extend(rij_fouten)
        if (index + 1) % VOORTGANG_PER == 0:
            melding(f"Gecontroleerd: {getal(index + 1)} van {getal(len(regels_csv))} rijen")
    return goed, fouten
